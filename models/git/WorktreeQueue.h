#pragma once

#include <QString>

#include <functional>
#include <memory>

class QObject;

namespace agentdesk::git {

// One caller's turn at a repository's worktrees (see WorktreeQueue). Copies share the turn; it
// passes on when release() is called or the last copy goes.
class WorktreeTurn
{
public:
    WorktreeTurn() = default;
    bool isHeld() const { return m_state != nullptr; }
    void release() { m_state.reset(); }

    struct State;

private:
    friend class WorktreeQueue;
    explicit WorktreeTurn(std::shared_ptr<State> state)
        : m_state(std::move(state))
    {}
    std::shared_ptr<State> m_state;
};

// git's worktree commands are not safe to run side by side on one repository: `worktree add`
// reads every entry of .git/worktrees while another `add` is still writing its own ("failed to
// read .git/worktrees/x/commondir"). So every worktree add, remove and restore AgentDesk makes
// waits its turn in this queue, one lane per repository (keyed by its common git directory),
// first come first served.
//
// A task's runner asks with request(): no thread waits, the turn arrives as a call on the
// runner's thread while its git child runs asynchronously (ProcessJob). The synchronous APIs
// built on libgit2 (TaskWorktrees, TemporaryCheckouts), which run on worker threads, use
// wait(). A thread that holds a repository's turn gets another at once (restore creates; a
// runner's turn covers the TaskWorktrees call it makes): one thread does one thing at a time.
class WorktreeQueue
{
public:
    // Calls `granted` on `context`'s thread when it is this caller's turn, never from inside
    // request(). A context that goes away first must withdraw() (its destructor); its turn,
    // granted or not, then passes on.
    static void request(const QString &commonDir, QObject *context,
                        std::function<void(WorktreeTurn turn)> granted);
    static void withdraw(QObject *context);
    // Blocks this (worker) thread until its turn comes.
    static WorktreeTurn wait(const QString &commonDir);

private:
    friend struct WorktreeTurn::State;
    // The turn `id` of lane `key` is done: the next waiter gets it.
    static void passOn(const QString &key, quint64 id);
    // Calls the next waiter's `granted` with its turn (after the queue's mutex is released).
    static void deliver(QObject *context, std::function<void(WorktreeTurn)> granted,
                        std::shared_ptr<WorktreeTurn::State> state);
};

} // namespace agentdesk::git
