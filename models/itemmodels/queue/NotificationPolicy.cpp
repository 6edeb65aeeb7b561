#include "itemmodels/queue/NotificationPolicy.h"

#include <algorithm>

namespace agentdesk::itemmodels {

using tasks::TaskState;

namespace {

int urgency(NotificationKind kind)
{
    // The order tasks are listed (and the first one opened) in a summary.
    switch (kind) {
    case NotificationKind::ReadyForReview:
        return 0;
    case NotificationKind::Failed:
        return 1;
    case NotificationKind::PausedForBudget:
        return 2;
    case NotificationKind::PausedForUsageLimit:
        return 3;
    case NotificationKind::Summary:
        break;
    }
    return 4;
}

QString quoted(const QString &title)
{
    return QStringLiteral("“%1”").arg(title.isEmpty() ? QStringLiteral("Untitled task") : title);
}

QString tasksPhrase(int count)
{
    return count == 1 ? QStringLiteral("1 task") : QStringLiteral("%1 tasks").arg(count);
}

} // namespace

NotificationPolicy::NotificationPolicy(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(1500);
    connect(&m_timer, &QTimer::timeout, this, &NotificationPolicy::flush);
}

void NotificationPolicy::setCoalesceInterval(int milliseconds)
{
    m_timer.setInterval(qMax(0, milliseconds));
}

void NotificationPolicy::setEnabled(bool enabled)
{
    m_enabled = enabled;
    if (!enabled) {
        m_pending.clear();
        m_timer.stop();
    }
}

void NotificationPolicy::setViewedTask(tasks::TaskId id)
{
    m_viewedTask = id;
}

void NotificationPolicy::setWindowActive(bool active)
{
    m_windowActive = active;
}

bool NotificationPolicy::isSeenByUser(tasks::TaskId id) const
{
    return m_windowActive && id != 0 && id == m_viewedTask;
}

std::optional<NotificationKind> NotificationPolicy::kindFor(const TaskStateEvent &event)
{
    switch (event.state) {
    case TaskState::ReadyForReview:
        return NotificationKind::ReadyForReview;
    case TaskState::Paused:
        // The user's own pause (or the queue-wide one) needs no telling.
        if (event.userInitiated)
            return std::nullopt;
        return event.usageLimit ? NotificationKind::PausedForUsageLimit
                                : NotificationKind::PausedForBudget;
    case TaskState::Failed:
        return NotificationKind::Failed;
    default:
        return std::nullopt;
    }
}

bool NotificationPolicy::report(const TaskStateEvent &event)
{
    const std::optional<NotificationKind> kind = kindFor(event);
    if (!kind || event.taskId == 0)
        return false;
    const Key key{event.taskId, event.iteration, *kind};
    if (m_delivered.contains(key))
        return false;
    // Counted as delivered even when nothing is shown (disabled, or the user saw it happen),
    // so re-enabling or looking away later never replays it.
    m_delivered.insert(key);
    if (!m_enabled || isSeenByUser(event.taskId))
        return false;
    // One entry per task: a later event about the same task replaces the earlier one.
    const auto sameTask = std::find_if(m_pending.begin(), m_pending.end(),
                                       [&](const auto &p) { return p.taskId == event.taskId; });
    if (sameTask != m_pending.end())
        *sameTask = event;
    else
        m_pending.append(event);
    if (!m_timer.isActive())
        m_timer.start();
    return true;
}

void NotificationPolicy::flush()
{
    m_timer.stop();
    QList<TaskStateEvent> events;
    events.swap(m_pending);
    events.removeIf([this](const TaskStateEvent &event) { return isSeenByUser(event.taskId); });
    if (events.isEmpty() || !m_enabled)
        return;
    Q_EMIT notify(compose(events));
}

Notification NotificationPolicy::compose(const QList<TaskStateEvent> &events)
{
    QList<TaskStateEvent> ordered;
    for (const TaskStateEvent &event : events) {
        if (kindFor(event))
            ordered.append(event);
    }
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto &a, const auto &b) {
        return urgency(*kindFor(a)) < urgency(*kindFor(b));
    });
    Notification notification;
    for (const TaskStateEvent &event : ordered)
        notification.tasks.append(event.taskId);
    if (ordered.isEmpty())
        return notification;

    if (ordered.size() == 1) {
        const TaskStateEvent &event = ordered.first();
        notification.kind = *kindFor(event);
        switch (notification.kind) {
        case NotificationKind::ReadyForReview:
            notification.title = QStringLiteral("Ready for review");
            notification.body =
                event.iteration > 1
                    ? QStringLiteral("%1 is ready for review again (revision %2).")
                          .arg(quoted(event.title))
                          .arg(event.iteration - 1)
                    : QStringLiteral("%1 is ready for review.").arg(quoted(event.title));
            break;
        case NotificationKind::PausedForBudget:
            notification.title = QStringLiteral("Paused: budget reached");
            notification.body =
                event.reason.isEmpty()
                    ? QStringLiteral("%1 stopped at its budget. Raise it to continue.")
                          .arg(quoted(event.title))
                    : QStringLiteral("%1 stopped: %2").arg(quoted(event.title), event.reason);
            break;
        case NotificationKind::PausedForUsageLimit:
            // The reason carries the vendor and the local time it resumes.
            notification.title = QStringLiteral("Paused: usage limit");
            notification.body =
                QStringLiteral("%1 waits: %2").arg(quoted(event.title), event.reason);
            break;
        case NotificationKind::Failed:
        case NotificationKind::Summary:
            notification.title = QStringLiteral("Task failed");
            notification.body =
                event.reason.isEmpty()
                    ? QStringLiteral("%1 failed.").arg(quoted(event.title))
                    : QStringLiteral("%1 failed: %2").arg(quoted(event.title), event.reason);
            break;
        }
        return notification;
    }

    notification.kind = NotificationKind::Summary;
    int ready = 0;
    int paused = 0;
    int waiting = 0;
    int failed = 0;
    for (const TaskStateEvent &event : ordered) {
        switch (*kindFor(event)) {
        case NotificationKind::ReadyForReview:
            ++ready;
            break;
        case NotificationKind::PausedForBudget:
            ++paused;
            break;
        case NotificationKind::PausedForUsageLimit:
            ++waiting;
            break;
        default:
            ++failed;
            break;
        }
    }
    const int total = int(ordered.size());
    if (ready == total)
        notification.title = QStringLiteral("%1 tasks are ready for review").arg(total);
    else if (paused == total)
        notification.title = QStringLiteral("%1 tasks paused at their budget").arg(total);
    else if (failed == total)
        notification.title = QStringLiteral("%1 tasks failed").arg(total);
    else if (waiting == total)
        notification.title = QStringLiteral("%1 tasks wait for a usage limit to reset").arg(total);
    else {
        QStringList parts;
        if (ready > 0)
            parts.append(QStringLiteral("%1 ready for review").arg(ready));
        if (failed > 0)
            parts.append(QStringLiteral("%1 failed").arg(failed));
        if (paused > 0)
            parts.append(QStringLiteral("%1 paused at their budget").arg(paused));
        if (waiting > 0)
            parts.append(QStringLiteral("%1 waiting for a usage limit").arg(waiting));
        notification.title = QStringLiteral("%1 need you: %2")
                                 .arg(tasksPhrase(total), parts.join(QStringLiteral(", ")));
    }
    constexpr int listed = 3;
    QStringList titles;
    for (int i = 0; i < total && i < listed; ++i)
        titles.append(quoted(ordered.at(i).title));
    QString body = titles.join(QStringLiteral(", "));
    if (total > listed)
        body += QStringLiteral(" and %1 more").arg(total - listed);
    notification.body = body + QLatin1Char('.');
    return notification;
}

} // namespace agentdesk::itemmodels
