#pragma once

#include <QFont>
#include <QList>

namespace agentdesk::diffview {

// The font for code: the diff, validation output, timeline details. QFontInfo::fixedPitch() is
// not a reliable test (Qt 6.4 reports false for Noto Sans Mono), so a font counts as fixed when
// its glyphs really have equal advances.
bool hasEqualAdvances(const QFont &font);

// The candidates codeFont() tries, in order: the system's fixed font, then named monospace
// families, then the generic "monospace" family with the Monospace style hint.
QList<QFont> codeFontCandidates();

// The first candidate with equal advances; the first candidate if none measures fixed.
QFont firstFixedFont(const QList<QFont> &candidates);

// firstFixedFont(codeFontCandidates()), chosen once per process.
QFont codeFont();

} // namespace agentdesk::diffview
