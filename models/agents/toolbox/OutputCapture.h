#pragma once

#include <QByteArray>

namespace agentdesk::agents {

// Keeps the head and the tail of a stream whose size is unknown in advance, in bounded memory:
// the first half of the cap verbatim, then a rolling window of the last half. The head shows
// how a command started (the configure step, the first error), the tail how it ended (the
// summary line of a test runner), which is what a reader of a truncated log needs.
class OutputCapture
{
public:
    explicit OutputCapture(qsizetype capBytes);

    void append(const QByteArray &chunk);

    qint64 totalBytes() const { return m_total; }
    bool truncated() const { return m_total > m_cap; }
    // Head and tail joined by a marker saying how many bytes were left out.
    QByteArray text() const;

private:
    qsizetype m_cap;
    qsizetype m_headCap;
    qsizetype m_tailCap;
    qint64 m_total = 0;
    QByteArray m_head;
    QByteArray m_tail;
};

} // namespace agentdesk::agents
