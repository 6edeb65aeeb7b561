#include "diff/CodeFont.h"

#include <QFontDatabase>
#include <QFontMetricsF>

namespace agentdesk::diffview {

bool hasEqualAdvances(const QFont &font)
{
    const QFontMetricsF fm(font);
    const qreal i = fm.horizontalAdvance(u'i');
    return i > 0 && i == fm.horizontalAdvance(u'M') && i == fm.horizontalAdvance(u'W') &&
           i == fm.horizontalAdvance(u'.');
}

QList<QFont> codeFontCandidates()
{
    const QFont system = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    QList<QFont> candidates{system};
    for (const char *family : {"DejaVu Sans Mono", "Liberation Mono", "Noto Sans Mono"}) {
        QFont font(QString::fromLatin1(family));
        font.setPointSizeF(system.pointSizeF());
        candidates.append(font);
    }
    QFont generic(QStringLiteral("monospace"));
    generic.setStyleHint(QFont::Monospace);
    generic.setPointSizeF(system.pointSizeF());
    candidates.append(generic);
    return candidates;
}

QFont firstFixedFont(const QList<QFont> &candidates)
{
    for (const QFont &font : candidates) {
        if (hasEqualAdvances(font))
            return font;
    }
    return candidates.isEmpty() ? QFont() : candidates.front();
}

QFont codeFont()
{
    static const QFont chosen = firstFixedFont(codeFontCandidates());
    return chosen;
}

} // namespace agentdesk::diffview
