#pragma once

#include "tasks/TaskState.h"

#include <QColor>
#include <QPalette>

namespace agentdesk::watchui {

// The colours the queue, the cost chart and the meter share, picked for the palette in use
// (GitHub's Primer scales: readable on white and on a dark window alike).
struct WatchPalette
{
    static bool isDark(const QPalette &palette);

    // A state's accent: blue = needs you, green = running, grey = waiting or closed,
    // amber = paused, red = failed, purple = merged.
    static QColor stateColor(const QPalette &palette, tasks::TaskState state);
    static QColor success(const QPalette &palette);
    static QColor warning(const QPalette &palette);
    static QColor danger(const QPalette &palette);
    static QColor accent(const QPalette &palette);
    // A translucent wash of `color` behind text in that colour (chips, pills).
    static QColor tint(const QPalette &palette, const QColor &color);
    // Green under 80 % of a budget, amber from 80 %, red at or over it.
    static QColor budgetColor(const QPalette &palette, double fraction);
};

} // namespace agentdesk::watchui
