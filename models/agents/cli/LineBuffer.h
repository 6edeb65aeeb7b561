#pragma once

#include <QByteArray>
#include <QList>

namespace agentdesk::agents {

// Reassembles NDJSON lines from pipe reads: a read may end mid-line and a line may span many
// reads. A line longer than `maxLineBytes` is cut there and delivered as is (the parser then
// reports it as malformed) so one runaway line cannot grow memory without bound.
class LineBuffer
{
public:
    explicit LineBuffer(qsizetype maxLineBytes = 16 * 1024 * 1024);

    // Appends a chunk and returns the lines it completed, without their '\n' (or "\r\n").
    QList<QByteArray> append(const QByteArray &chunk);
    // The unterminated rest, once the stream has ended; empty when there is none.
    QByteArray takeRemainder();

private:
    QByteArray m_pending;
    qsizetype m_maxLineBytes;
};

} // namespace agentdesk::agents
