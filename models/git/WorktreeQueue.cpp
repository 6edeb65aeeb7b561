#include "git/WorktreeQueue.h"

#include <QDir>
#include <QHash>
#include <QMetaObject>
#include <QMutex>
#include <QObject>
#include <QPointer>
#include <QThread>
#include <QWaitCondition>

#include <deque>
#include <optional>

namespace agentdesk::git {

struct WorktreeTurn::State
{
    QString key;
    quint64 id = 0;
    bool owner = false; // false: a nested turn of the thread that holds the lane
    ~State()
    {
        if (owner)
            WorktreeQueue::passOn(key, id);
    }
};

namespace {

struct Waiter
{
    quint64 id = 0;
    QThread *thread = nullptr; // where the turn is used
    QPointer<QObject> context; // a request()'s; null for a thread blocked in wait()
    std::function<void(WorktreeTurn)> granted;
    bool blocked = false; // a thread in wait()
};

struct Lane
{
    quint64 holder = 0;
    QThread *holderThread = nullptr;
    std::deque<Waiter> waiters;
};

struct Queue
{
    QMutex mutex;
    QWaitCondition changed;
    QHash<QString, Lane> lanes; // one small entry per repository for the process's life
    quint64 nextId = 1;
};

Queue &queue()
{
    static Queue instance;
    return instance;
}

QString laneKey(const QString &commonDir)
{
    const QString canonical = QDir(commonDir).canonicalPath();
    return canonical.isEmpty() ? QDir::cleanPath(commonDir) : canonical;
}

// A request()'s turn, to be posted to its context while the queue's mutex is held.
struct Grant
{
    QObject *context = nullptr;
    std::function<void(WorktreeTurn)> granted;
    std::shared_ptr<WorktreeTurn::State> state;
};

std::shared_ptr<WorktreeTurn::State> ownedState(const QString &key, quint64 id)
{
    auto state = std::make_shared<WorktreeTurn::State>();
    state->key = key;
    state->id = id;
    state->owner = true;
    return state;
}

// Gives a free lane to its next waiter (the queue's mutex held): a blocked thread is woken, a
// request's grant is returned for delivery.
std::optional<Grant> grantNext(Queue &q, const QString &key, Lane &lane)
{
    while (lane.holder == 0 && !lane.waiters.empty()) {
        Waiter next = std::move(lane.waiters.front());
        lane.waiters.pop_front();
        if (!next.blocked && !next.context)
            continue; // its context is gone
        lane.holder = next.id;
        lane.holderThread = next.thread;
        // Blocked threads look again: the lane may be theirs, or a request of their own (see
        // wait()).
        q.changed.wakeAll();
        if (next.blocked)
            return std::nullopt;
        return Grant{next.context.data(), std::move(next.granted), ownedState(key, next.id)};
    }
    return std::nullopt;
}

} // namespace

void WorktreeQueue::deliver(QObject *context, std::function<void(WorktreeTurn)> granted,
                            std::shared_ptr<WorktreeTurn::State> state)
{
    // Called with the queue's mutex held: a context being destroyed on its own thread waits in
    // withdraw() until the call is posted, and ~QObject then drops it (and the turn in it,
    // which passes the turn on, once the mutex is free). Queued, so the call never runs inside
    // request() or a release.
    QMetaObject::invokeMethod(
        context,
        [granted = std::move(granted), state = std::move(state)]() mutable {
            granted(WorktreeTurn(std::move(state)));
        },
        Qt::QueuedConnection);
}

void WorktreeQueue::request(const QString &commonDir, QObject *context,
                            std::function<void(WorktreeTurn turn)> granted)
{
    const QString key = laneKey(commonDir);
    Queue &q = queue();
    std::optional<Grant> grant;
    {
        QMutexLocker locked(&q.mutex);
        Lane &lane = q.lanes[key];
        Waiter waiter;
        waiter.id = q.nextId++;
        waiter.thread = context->thread();
        waiter.context = context;
        waiter.granted = std::move(granted);
        lane.waiters.push_back(std::move(waiter));
        grant = grantNext(q, key, lane);
        if (grant)
            deliver(grant->context, std::move(grant->granted), std::move(grant->state));
    }
}

void WorktreeQueue::withdraw(QObject *context)
{
    Queue &q = queue();
    QMutexLocker locked(&q.mutex);
    for (Lane &lane : q.lanes) {
        for (auto it = lane.waiters.begin(); it != lane.waiters.end();) {
            if (!it->blocked && it->context == context)
                it = lane.waiters.erase(it);
            else
                ++it;
        }
    }
}

WorktreeTurn WorktreeQueue::wait(const QString &commonDir)
{
    const QString key = laneKey(commonDir);
    Queue &q = queue();
    std::optional<Grant> grant;
    QMutexLocker locked(&q.mutex);
    Lane *lane = &q.lanes[key];
    if (lane->holder != 0 && lane->holderThread == QThread::currentThread()) {
        auto nested = std::make_shared<WorktreeTurn::State>();
        nested->key = key;
        return WorktreeTurn(std::move(nested));
    }
    const quint64 id = q.nextId++;
    Waiter waiter;
    waiter.id = id;
    waiter.thread = QThread::currentThread();
    waiter.blocked = true;
    lane->waiters.push_back(std::move(waiter));
    for (;;) {
        lane = &q.lanes[key]; // the hash may have grown meanwhile
        if (lane->holder == id)
            break;
        if (lane->holder == 0)
            grant = grantNext(q, key, *lane); // skips withdrawn requests ahead of us
        if (grant) {
            // A request ahead of us got the lane: post it to its context.
            deliver(grant->context, std::move(grant->granted), std::move(grant->state));
            grant.reset();
            continue;
        }
        if (lane->holder == id)
            break; // granted just now, by grantNext()
        if (lane->holder != 0 && lane->holderThread == QThread::currentThread()) {
            // A request this thread made earlier got the lane; its call is queued to this very
            // thread, which is blocked here, so waiting would never end. The thread does one
            // thing at a time: it uses the turn now, nested, and leaves the line.
            std::erase_if(lane->waiters, [id](const Waiter &w) { return w.id == id; });
            auto nested = std::make_shared<WorktreeTurn::State>();
            nested->key = key;
            return WorktreeTurn(std::move(nested));
        }
        q.changed.wait(&q.mutex);
    }
    return WorktreeTurn(ownedState(key, id));
}

void WorktreeQueue::passOn(const QString &key, quint64 id)
{
    Queue &q = queue();
    std::optional<Grant> grant;
    {
        QMutexLocker locked(&q.mutex);
        Lane &lane = q.lanes[key];
        if (lane.holder != id)
            return;
        lane.holder = 0;
        lane.holderThread = nullptr;
        grant = grantNext(q, key, lane);
        if (grant)
            deliver(grant->context, std::move(grant->granted), std::move(grant->state));
    }
}

} // namespace agentdesk::git
