#pragma once

#include "agents/AgentBackend.h"

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QString>

#include <algorithm>
#include <csignal>
#include <optional>
#include <sys/types.h>

namespace agentdesk::test {

// A file under tests/agents/data (copies of real recordings and labelled synthetic samples).
inline QString agentsDataPath(const QString &relative)
{
    return QStringLiteral(AGENTDESK_AGENTS_TEST_DATA) + QLatin1Char('/') + relative;
}

// The fake agent CLI built from tests/support/fakecli.
inline QString fakeCliPath()
{
    return QStringLiteral(AGENTDESK_FAKECLI_PATH);
}

inline QList<QByteArray> readLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> lines = file.readAll().split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

// Whether a process exists and is not a zombie waiting to be reaped (in a container, an
// orphan's zombie may linger if pid 1 does not reap).
inline bool processIsAlive(qint64 pid)
{
    if (pid <= 0 || ::kill(pid_t(pid), 0) != 0)
        return false;
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return true;
    const QByteArray text = stat.readAll();
    const qsizetype close = text.lastIndexOf(')');
    return close < 0 || close + 2 >= text.size() || text.at(close + 2) != 'Z';
}

// What one run of a backend produced, collected from its signals.
struct Run
{
    QList<agents::AgentEvent> events;
    std::optional<agents::AgentOutcome> outcome;

    void attach(agents::AgentBackend &backend)
    {
        QObject::connect(&backend, &agents::AgentBackend::eventOccurred, &backend,
                         [this](const agents::AgentEvent &event) { events.append(event); });
        QObject::connect(&backend, &agents::AgentBackend::finished, &backend,
                         [this](const agents::AgentOutcome &result) { outcome = result; });
    }
    int count(agents::AgentEvent::Kind kind) const
    {
        return int(std::count_if(events.cbegin(), events.cend(),
                                 [kind](const agents::AgentEvent &e) { return e.kind == kind; }));
    }
};

} // namespace agentdesk::test
