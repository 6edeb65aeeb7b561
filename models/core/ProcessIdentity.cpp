#include "core/ProcessIdentity.h"

#include <QFile>

#include <unistd.h>

namespace agentdesk {

namespace {

QString bootId()
{
    static const QString id = [] {
        QFile file(QStringLiteral("/proc/sys/kernel/random/boot_id"));
        if (!file.open(QIODevice::ReadOnly))
            return QString();
        return QString::fromLatin1(file.readAll().trimmed());
    }();
    return id;
}

// Field 22 of /proc/<pid>/stat, the start time in clock ticks after boot. The command name
// (field 2) is in parentheses and may hold spaces or parentheses itself: count from the last ')'.
std::optional<QByteArray> startTicks(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QByteArray stat = file.readAll();
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return std::nullopt;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    // After ')' come field 3 (state) onwards: field 22 is index 19.
    if (fields.size() < 20)
        return std::nullopt;
    // A zombie has exited: it is not running anything any more.
    if (fields.at(0) == "Z" || fields.at(0) == "X")
        return std::nullopt;
    return fields.at(19);
}

} // namespace

ProcessIdentity ProcessIdentity::current()
{
    static const ProcessIdentity self = [] {
        ProcessIdentity identity;
        identity.pid = ::getpid();
        if (const auto ticks = startTicks(identity.pid))
            identity.token = QString::fromLatin1(*ticks) + QLatin1Char('@') + bootId();
        return identity;
    }();
    // A forked child has another pid; it is not the process that took a lock.
    if (self.pid != ::getpid()) {
        ProcessIdentity child;
        child.pid = ::getpid();
        if (const auto ticks = startTicks(child.pid))
            child.token = QString::fromLatin1(*ticks) + QLatin1Char('@') + bootId();
        return child;
    }
    return self;
}

std::optional<ProcessIdentity> ProcessIdentity::of(qint64 pid)
{
    if (pid <= 0)
        return std::nullopt;
    const auto ticks = startTicks(pid);
    if (!ticks)
        return std::nullopt;
    return ProcessIdentity{pid, QString::fromLatin1(*ticks) + QLatin1Char('@') + bootId()};
}

bool ProcessIdentity::isAlive() const
{
    const std::optional<ProcessIdentity> now = of(pid);
    // Without a token (written by someone who could not read /proc) the pid alone decides.
    return now && (token.isEmpty() || now->token == token);
}

bool ProcessIdentity::isCurrentProcess() const
{
    return *this == current();
}

} // namespace agentdesk
