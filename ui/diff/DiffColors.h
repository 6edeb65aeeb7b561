#pragma once

#include <QColor>
#include <QPalette>

#include <algorithm>
#include <array>

namespace agentdesk::diffview {

// The diff view's colours, derived from the widget palette so a dark desktop theme gets dark
// change backgrounds (GitHub-like hues, tuned for contrast on both).
struct DiffColors
{
    QColor base;
    QColor text;
    QColor dimText;
    QColor gutter;
    QColor lineNumber;
    QColor addedBackground;
    QColor addedGutter;
    QColor addedIntra;
    QColor removedBackground;
    QColor removedGutter;
    QColor removedIntra;
    QColor emptySide;
    QColor headerBackground;
    QColor border;
    QColor foldBackground;
    QColor foldText;
    QColor noteBackground;
    QColor added;                   // "+12" in file headers
    QColor removed;                 // "-3"
    std::array<QColor, 4> priority; // P0 blocker ... P3 nit

    bool dark = false;

    static DiffColors fromPalette(const QPalette &palette);
    QColor priorityColor(int p) const { return priority[size_t(std::clamp(p, 0, 3))]; }
};

inline DiffColors DiffColors::fromPalette(const QPalette &palette)
{
    DiffColors c;
    c.base = palette.color(QPalette::Base);
    c.text = palette.color(QPalette::Text);
    c.dark = c.base.lightness() < 128;
    if (c.dark) {
        c.dimText = QColor(0x8b, 0x94, 0x9e);
        c.gutter = c.base.lighter(115);
        c.lineNumber = QColor(0x6e, 0x76, 0x81);
        c.addedBackground = QColor(0x12, 0x2d, 0x1f);
        c.addedGutter = QColor(0x1a, 0x3d, 0x2a);
        c.addedIntra = QColor(0x2e, 0x6b, 0x3f);
        c.removedBackground = QColor(0x36, 0x17, 0x1b);
        c.removedGutter = QColor(0x4a, 0x1f, 0x24);
        c.removedIntra = QColor(0x86, 0x2d, 0x32);
        c.emptySide = c.base.lighter(108);
        c.headerBackground = QColor(0x16, 0x1b, 0x22);
        c.border = QColor(0x30, 0x36, 0x3d);
        c.foldBackground = QColor(0x12, 0x26, 0x3b);
        c.foldText = QColor(0x58, 0xa6, 0xff);
        c.noteBackground = QColor(0x1c, 0x21, 0x28);
        c.added = QColor(0x3f, 0xb9, 0x50);
        c.removed = QColor(0xf8, 0x51, 0x49);
        c.priority = {QColor(0xf8, 0x51, 0x49), QColor(0xdb, 0x6d, 0x28), QColor(0xd2, 0x99, 0x22),
                      QColor(0x8b, 0x94, 0x9e)};
    } else {
        c.dimText = QColor(0x65, 0x6d, 0x76);
        c.gutter = QColor(0xf6, 0xf8, 0xfa);
        c.lineNumber = QColor(0x8c, 0x95, 0x9f);
        c.addedBackground = QColor(0xe6, 0xff, 0xec);
        c.addedGutter = QColor(0xcc, 0xff, 0xd8);
        c.addedIntra = QColor(0xab, 0xf2, 0xbc);
        c.removedBackground = QColor(0xff, 0xeb, 0xe9);
        c.removedGutter = QColor(0xff, 0xd7, 0xd5);
        c.removedIntra = QColor(0xff, 0xc1, 0xc0);
        c.emptySide = QColor(0xf6, 0xf8, 0xfa);
        c.headerBackground = QColor(0xf0, 0xf3, 0xf6);
        c.border = QColor(0xd0, 0xd7, 0xde);
        c.foldBackground = QColor(0xdd, 0xf4, 0xff);
        c.foldText = QColor(0x09, 0x69, 0xda);
        c.noteBackground = QColor(0xff, 0xff, 0xff);
        c.added = QColor(0x1a, 0x7f, 0x37);
        c.removed = QColor(0xcf, 0x22, 0x2e);
        c.priority = {QColor(0xcf, 0x22, 0x2e), QColor(0xbc, 0x4c, 0x00), QColor(0x9a, 0x67, 0x00),
                      QColor(0x6e, 0x77, 0x81)};
    }
    return c;
}

} // namespace agentdesk::diffview
