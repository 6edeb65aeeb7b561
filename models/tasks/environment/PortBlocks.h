#pragma once

#include "core/Result.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QPair>
#include <QString>

namespace agentdesk::tasks {

// A block of consecutive TCP ports a running task owns: its dev servers and its tests' servers
// bind there, so two tasks' servers never meet on one port.
struct PortBlock
{
    int first = 0;
    int count = 0;

    bool isEmpty() const { return count <= 0; }
    bool contains(int port) const { return port >= first && port < first + count; }
    bool overlaps(const PortBlock &other) const;
    // AGENTDESK_PORT (the first), AGENTDESK_PORTS (how many) and CONDUCTOR_PORT (the first, for
    // repositories that already use that convention); none for an empty block.
    QList<QPair<QString, QString>> variables() const;
};

// The blocks this process has handed out. A block is free when no task of this process holds
// it and every port in it can be bound (on all IPv4 and IPv6 addresses) at the moment it is
// handed out; another program may still take a port later, which binding cannot rule out.
// Blocks come from below Linux's ephemeral range (32768 and up), so outgoing connections do
// not land in them. Thread-safe: runners reserve on their workers' threads.
class PortBlocks
{
public:
    static constexpr int kLowest = 20000;
    static constexpr int kHighest = 32767; // the last port a block may use
    static constexpr int kMaxCount = 100;

    static PortBlocks &instance();

    // The block `owner` holds, or a new one of `count` ports; the same block again while the
    // owner holds it (a task's validations use its block). Error "ports-unavailable" when no
    // free block of that size is left, "ports-invalid" for a count outside 1..kMaxCount.
    Result<PortBlock> reserve(const QString &owner, int count);
    void release(const QString &owner);
    // Only when `owner` still holds exactly `block` (not a newer one it was given since).
    void release(const QString &owner, const PortBlock &block);
    PortBlock heldBy(const QString &owner) const;
    QList<PortBlock> held() const;

    // Whether `port` can be bound now on every address (IPv4, and IPv6 where there is IPv6).
    static bool canBind(int port);

private:
    PortBlocks();

    mutable QMutex m_mutex;
    QHash<QString, PortBlock> m_held;
    int m_next = kLowest;
};

// Holds a block for as long as it lives; releases it on destruction.
class PortLease
{
public:
    PortLease() = default;
    PortLease(QString owner, PortBlock block);
    ~PortLease();
    PortLease(PortLease &&other) noexcept;
    PortLease &operator=(PortLease &&other) noexcept;
    PortLease(const PortLease &) = delete;
    PortLease &operator=(const PortLease &) = delete;

    const PortBlock &block() const { return m_block; }

private:
    QString m_owner;
    PortBlock m_block;
};

} // namespace agentdesk::tasks
