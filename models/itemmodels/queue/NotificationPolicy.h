#pragma once

#include "tasks/TaskId.h"
#include "tasks/TaskState.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QSet>
#include <QString>
#include <QTimer>

#include <optional>

namespace agentdesk::itemmodels {

// What a notification is about.
enum class NotificationKind
{
    ReadyForReview,
    PausedForBudget,
    PausedForUsageLimit, // a subscription window: the task resumes on its own at its reset
    Failed,
    Summary, // several events that arrived together
};

// A task reached a state, as the engine reports it (the same state may be reported many
// times: every progress update carries it).
struct TaskStateEvent
{
    tasks::TaskId taskId = 0;
    int iteration = 1;
    tasks::TaskState state = tasks::TaskState::Queued;
    QString title;
    QString reason;             // "budget reached", the failure; may be empty
    bool userInitiated = false; // the user paused it (or the whole queue): nothing to tell
    bool usageLimit = false;    // paused by a CLI agent's usage window (issue 19)
};

struct Notification
{
    NotificationKind kind = NotificationKind::Summary;
    QString title;
    QString body;
    // The tasks it is about, most urgent first; clicking opens the first.
    QList<tasks::TaskId> tasks;
    friend bool operator==(const Notification &, const Notification &) = default;
};

// Decides which task events become desktop notifications: a task ready for review, paused
// because its budget ran out, or failed. Each (task, iteration, kind) notifies at most once;
// a state the user reached while looking at that task never notifies; events arriving
// within one coalescing interval of each other become a single notification ("3 tasks are
// ready for review"), so a burst never floods the desktop. Qt Core only; the tray icon that
// shows the result is ui/watch/Notifier.
class NotificationPolicy : public QObject
{
    Q_OBJECT
public:
    explicit NotificationPolicy(QObject *parent = nullptr);

    // How long to gather events before notifying (default 1500 ms). 0 gathers the events
    // of one event-loop pass.
    void setCoalesceInterval(int milliseconds);
    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }
    // The task the user has open (0: none) and whether the window is the active one: a state
    // reached on the open task of an active window is seen, not notified.
    void setViewedTask(tasks::TaskId id);
    void setWindowActive(bool active);

    // Reports an event; returns true if it will be part of a notification.
    bool report(const TaskStateEvent &event);
    // Notifies now about what is gathered (the interval's timer calls this).
    void flush();
    int pendingCount() const { return int(m_pending.size()); }

    // The kind of notification a state earns, if any.
    static std::optional<NotificationKind> kindFor(const TaskStateEvent &event);
    // The notification for a set of events (one: about that task; more: a summary).
    static Notification compose(const QList<TaskStateEvent> &events);

Q_SIGNALS:
    void notify(const agentdesk::itemmodels::Notification &notification);

private:
    struct Key
    {
        tasks::TaskId taskId = 0;
        int iteration = 0;
        NotificationKind kind = NotificationKind::Summary;
        friend bool operator==(const Key &, const Key &) = default;
        friend size_t qHash(const Key &key, size_t seed = 0)
        {
            return qHashMulti(seed, key.taskId, key.iteration, int(key.kind));
        }
    };
    bool isSeenByUser(tasks::TaskId id) const;

    QTimer m_timer;
    QList<TaskStateEvent> m_pending;
    QSet<Key> m_delivered;
    tasks::TaskId m_viewedTask = 0;
    bool m_windowActive = true;
    bool m_enabled = true;
};

} // namespace agentdesk::itemmodels

Q_DECLARE_METATYPE(agentdesk::itemmodels::Notification)
