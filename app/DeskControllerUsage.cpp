// Issue 19: subscription windows on the cost meter. The engine reports each CLI agent's
// window as its runs see it (and, when it opens, what the store last heard); the meter shows
// the one that matters most — a limit before a warning — until it resets.

#include "app/DeskController.h"
#include "ui/CostMeterWidget.h"
#include "ui/MainWindow.h"

namespace agentdesk::app {

void DeskController::onUsageWindow(const agents::UsageWindow &window)
{
    m_usageWindows.insert(window.agent, window);
    updateUsageNotice();
}

void DeskController::updateUsageNotice()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const agents::UsageWindow *shown = nullptr;
    for (auto it = m_usageWindows.begin(); it != m_usageWindows.end();) {
        // A window past its reset says nothing any more.
        if (it->hasReset(now)) {
            it = m_usageWindows.erase(it);
            continue;
        }
        if (!it->meterNotice().isEmpty() && (!shown || (it->rejected() && !shown->rejected())))
            shown = &*it;
        ++it;
    }
    if (!shown) {
        m_window->costMeter()->setUsageNotice(QString(), QString(), false);
        return;
    }
    m_window->costMeter()->setUsageNotice(shown->meterNotice(), shown->describe(),
                                          shown->rejected());
}

} // namespace agentdesk::app
