#pragma once

#include <QColor>
#include <QPalette>
#include <QString>

namespace agentdesk::ui {

// Small text helpers shared by the review page's panels.
namespace reviewformat {

// The abbreviated commit id people read ("1a2b3c4"); the full id goes in tooltips.
QString shortCommit(const QString &commit);
// "48 s", "6 min 12 s", "1 h 04 min".
QString duration(qint64 milliseconds);
// Escapes for a rich-text label.
QString html(const QString &text);

// Status colours that read on both light and dark palettes (GitHub's hues).
enum class Tone
{
    Good,
    Bad,
    Warning,
    Neutral,
};
bool isDark(const QPalette &palette);
QColor toneColor(Tone tone, const QPalette &palette);
// A style sheet for a rounded "badge" label in that tone: tinted background, strong text.
QString badgeStyle(Tone tone, const QPalette &palette);
// `text` in the tone's colour, for rich-text labels.
QString coloured(const QString &htmlText, Tone tone, const QPalette &palette);

} // namespace reviewformat

} // namespace agentdesk::ui
