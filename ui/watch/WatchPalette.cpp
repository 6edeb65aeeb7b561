#include "watch/WatchPalette.h"

namespace agentdesk::watchui {

namespace {
QColor pick(const QPalette &palette, QRgb light, QRgb dark)
{
    return QColor::fromRgb(WatchPalette::isDark(palette) ? dark : light);
}
} // namespace

bool WatchPalette::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor WatchPalette::success(const QPalette &palette)
{
    return pick(palette, 0x1a7f37, 0x3fb950);
}

QColor WatchPalette::warning(const QPalette &palette)
{
    return pick(palette, 0x9a6700, 0xd29922);
}

QColor WatchPalette::danger(const QPalette &palette)
{
    return pick(palette, 0xcf222e, 0xf85149);
}

QColor WatchPalette::accent(const QPalette &palette)
{
    return pick(palette, 0x0969da, 0x4493f8);
}

QColor WatchPalette::stateColor(const QPalette &palette, tasks::TaskState state)
{
    using tasks::TaskState;
    switch (state) {
    case TaskState::ReadyForReview:
        return accent(palette);
    case TaskState::Preparing:
    case TaskState::Implementing:
    case TaskState::Validating:
    case TaskState::Reviewing:
    case TaskState::Merging:
    case TaskState::Revising:
        return success(palette);
    case TaskState::Paused:
    case TaskState::Interrupted:
    case TaskState::NeedsInput:
        return warning(palette);
    case TaskState::Failed:
        return danger(palette);
    case TaskState::Merged:
        return pick(palette, 0x8250df, 0xa371f7);
    case TaskState::Queued:
    case TaskState::Rejected:
        break;
    }
    return pick(palette, 0x59636e, 0x9198a1);
}

QColor WatchPalette::tint(const QPalette &palette, const QColor &color)
{
    QColor wash = color;
    wash.setAlphaF(isDark(palette) ? 0.22f : 0.12f);
    return wash;
}

QColor WatchPalette::budgetColor(const QPalette &palette, double fraction)
{
    if (fraction >= 1.0)
        return danger(palette);
    if (fraction >= 0.8)
        return warning(palette);
    return success(palette);
}

} // namespace agentdesk::watchui
