#include "ui/review/ReviewFormat.h"

#include <QCoreApplication>

namespace agentdesk::ui::reviewformat {

QString shortCommit(const QString &commit)
{
    return commit.left(7);
}

QString duration(qint64 milliseconds)
{
    const qint64 seconds = milliseconds / 1000;
    if (seconds < 60)
        return QCoreApplication::translate("ReviewPage", "%1 s").arg(seconds);
    if (seconds < 3600)
        return QCoreApplication::translate("ReviewPage", "%1 min %2 s")
            .arg(seconds / 60)
            .arg(seconds % 60);
    return QCoreApplication::translate("ReviewPage", "%1 h %2 min")
        .arg(seconds / 3600)
        .arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
}

QString html(const QString &text)
{
    return text.toHtmlEscaped();
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor toneColor(Tone tone, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (tone) {
    case Tone::Good:
        return dark ? QColor(0x3f, 0xb9, 0x50) : QColor(0x1a, 0x7f, 0x37);
    case Tone::Bad:
        return dark ? QColor(0xf8, 0x51, 0x49) : QColor(0xcf, 0x22, 0x2e);
    case Tone::Warning:
        return dark ? QColor(0xd2, 0x99, 0x22) : QColor(0x9a, 0x67, 0x00);
    case Tone::Neutral:
        break;
    }
    return palette.color(QPalette::WindowText);
}

QString badgeStyle(Tone tone, const QPalette &palette)
{
    const QColor text = toneColor(tone, palette);
    QColor background = text;
    background.setAlphaF(isDark(palette) ? 0.22f : 0.12f);
    QColor border = text;
    border.setAlphaF(0.55f);
    const auto rgba = [](const QColor &c) {
        return QStringLiteral("rgba(%1,%2,%3,%4)")
            .arg(c.red())
            .arg(c.green())
            .arg(c.blue())
            .arg(c.alpha());
    };
    return QStringLiteral("QLabel { color: %1; background: %2; border: 1px solid %3; "
                          "border-radius: 9px; padding: 1px 8px; font-weight: 600; }")
        .arg(text.name(), rgba(background), rgba(border));
}

QString coloured(const QString &htmlText, Tone tone, const QPalette &palette)
{
    return QStringLiteral("<span style=\"color:%1\">%2</span>")
        .arg(toneColor(tone, palette).name(), htmlText);
}

} // namespace agentdesk::ui::reviewformat
