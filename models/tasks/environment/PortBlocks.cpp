#include "tasks/environment/PortBlocks.h"

#include <QCoreApplication>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace agentdesk::tasks {

namespace {

// Binds `port` on the wildcard address of `family` and closes it again. An address family the
// machine does not have counts as bindable (nothing can listen there either).
bool bindable(int family, int port)
{
    const int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return errno == EAFNOSUPPORT;
    bool ok = false;
    if (family == AF_INET6) {
        const int only = 1;
        ::setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &only, sizeof only);
        sockaddr_in6 address;
        std::memset(&address, 0, sizeof address);
        address.sin6_family = AF_INET6;
        address.sin6_addr = in6addr_any;
        address.sin6_port = htons(quint16(port));
        ok = ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0 ||
             errno == EADDRNOTAVAIL;
    } else {
        sockaddr_in address;
        std::memset(&address, 0, sizeof address);
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_ANY);
        address.sin_port = htons(quint16(port));
        ok = ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0;
    }
    ::close(fd);
    return ok;
}

} // namespace

bool PortBlock::overlaps(const PortBlock &other) const
{
    if (isEmpty() || other.isEmpty())
        return false;
    return first < other.first + other.count && other.first < first + count;
}

QList<QPair<QString, QString>> PortBlock::variables() const
{
    if (isEmpty())
        return {};
    return {{QStringLiteral("AGENTDESK_PORT"), QString::number(first)},
            {QStringLiteral("AGENTDESK_PORTS"), QString::number(count)},
            {QStringLiteral("CONDUCTOR_PORT"), QString::number(first)}};
}

PortBlocks::PortBlocks()
{
    // Two AgentDesk processes (two data folders) start looking in different places.
    const int span = kHighest - kLowest + 1;
    m_next = kLowest + int((quint64(QCoreApplication::applicationPid()) * 7919) % quint64(span));
}

PortBlocks &PortBlocks::instance()
{
    static PortBlocks blocks;
    return blocks;
}

bool PortBlocks::canBind(int port)
{
    return bindable(AF_INET, port) && bindable(AF_INET6, port);
}

Result<PortBlock> PortBlocks::reserve(const QString &owner, int count)
{
    if (count < 1 || count > kMaxCount)
        return makeError(
            QStringLiteral("ports-invalid"),
            QStringLiteral("A task can have 1 to %1 ports, not %2.").arg(kMaxCount).arg(count));
    QMutexLocker locker(&m_mutex);
    if (auto it = m_held.constFind(owner); it != m_held.cend()) {
        if (it->count >= count)
            return *it;
        m_held.erase(it); // asked for more than it holds: a new block
    }
    const int span = kHighest - kLowest + 1;
    for (int tried = 0; tried < span; ++tried) {
        int start = m_next;
        if (start + count - 1 > kHighest)
            start = kLowest;
        m_next = start + 1 > kHighest ? kLowest : start + 1;
        const PortBlock candidate{start, count};
        bool taken = false;
        for (const PortBlock &block : std::as_const(m_held)) {
            if (block.overlaps(candidate)) {
                taken = true;
                break;
            }
        }
        for (int port = start; !taken && port < start + count; ++port)
            taken = !canBind(port);
        if (taken)
            continue;
        m_next = start + count > kHighest ? kLowest : start + count;
        m_held.insert(owner, candidate);
        return candidate;
    }
    return makeError(QStringLiteral("ports-unavailable"),
                     QStringLiteral("No block of %1 free ports is left between %2 and %3.")
                         .arg(count)
                         .arg(kLowest)
                         .arg(kHighest));
}

void PortBlocks::release(const QString &owner)
{
    QMutexLocker locker(&m_mutex);
    m_held.remove(owner);
}

void PortBlocks::release(const QString &owner, const PortBlock &block)
{
    QMutexLocker locker(&m_mutex);
    if (auto it = m_held.find(owner);
        it != m_held.end() && it->first == block.first && it->count == block.count)
        m_held.erase(it);
}

PortBlock PortBlocks::heldBy(const QString &owner) const
{
    QMutexLocker locker(&m_mutex);
    return m_held.value(owner);
}

QList<PortBlock> PortBlocks::held() const
{
    QMutexLocker locker(&m_mutex);
    return m_held.values();
}

PortLease::PortLease(QString owner, PortBlock block)
    : m_owner(std::move(owner))
    , m_block(block)
{}

PortLease::~PortLease()
{
    if (!m_block.isEmpty())
        PortBlocks::instance().release(m_owner, m_block);
}

PortLease::PortLease(PortLease &&other) noexcept
    : m_owner(std::move(other.m_owner))
    , m_block(std::exchange(other.m_block, PortBlock()))
{}

PortLease &PortLease::operator=(PortLease &&other) noexcept
{
    if (this != &other) {
        if (!m_block.isEmpty())
            PortBlocks::instance().release(m_owner, m_block);
        m_owner = std::move(other.m_owner);
        m_block = std::exchange(other.m_block, PortBlock());
    }
    return *this;
}

} // namespace agentdesk::tasks
