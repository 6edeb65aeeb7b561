#pragma once

#include "itemmodels/queue/NotificationPolicy.h"
#include "tasks/TaskId.h"

#include <QIcon>
#include <QObject>
#include <QPointer>

class QSystemTrayIcon;

namespace agentdesk::watchui {

// Shows the NotificationPolicy's notifications as desktop notifications from a tray icon,
// and keeps the icon's badge and tooltip on the number of tasks that need the user. Clicking
// a notification asks for its task. Where there is no system tray (offscreen, some desktops)
// it shows nothing and still reports what it would have shown, so the window can say it.
class Notifier : public QObject
{
    Q_OBJECT
public:
    // `policy` is not owned; its notify() is shown here.
    explicit Notifier(itemmodels::NotificationPolicy *policy, QObject *parent = nullptr);
    ~Notifier() override;

    bool hasTray() const { return m_tray != nullptr; }
    // Tasks waiting for the user (TaskQueueModel::attentionCount()).
    void setAttentionCount(int count);
    int attentionCount() const { return m_attention; }
    QString toolTip() const;
    QIcon currentIcon() const { return m_icon; }

    itemmodels::Notification lastNotification() const { return m_last; }
    int shownCount() const { return m_shown; }

    // What clicking the last notification does (also called by the tray's messageClicked).
    void activateLastNotification();

    // The application icon with a count drawn on it (none when 0).
    static QIcon badgedIcon(const QIcon &base, int count);

public Q_SLOTS:
    void show(const agentdesk::itemmodels::Notification &notification);

Q_SIGNALS:
    void openTaskRequested(agentdesk::tasks::TaskId id);
    // The tray icon itself was clicked: bring the window forward.
    void showWindowRequested();
    void notificationShown(const agentdesk::itemmodels::Notification &notification);

private:
    void refreshIcon();

    QPointer<itemmodels::NotificationPolicy> m_policy;
    QSystemTrayIcon *m_tray = nullptr;
    QIcon m_baseIcon;
    QIcon m_icon;
    itemmodels::Notification m_last;
    int m_attention = 0;
    int m_shown = 0;
};

} // namespace agentdesk::watchui
