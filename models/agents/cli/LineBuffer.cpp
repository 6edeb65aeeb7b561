#include "agents/cli/LineBuffer.h"

namespace agentdesk::agents {

namespace {
QByteArray withoutCarriageReturn(QByteArray line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}
} // namespace

LineBuffer::LineBuffer(qsizetype maxLineBytes)
    : m_maxLineBytes(maxLineBytes)
{}

QList<QByteArray> LineBuffer::append(const QByteArray &chunk)
{
    QList<QByteArray> lines;
    qsizetype start = 0;
    while (start < chunk.size()) {
        const qsizetype newline = chunk.indexOf('\n', start);
        if (newline < 0) {
            m_pending.append(chunk.constData() + start, chunk.size() - start);
            break;
        }
        m_pending.append(chunk.constData() + start, newline - start);
        lines.append(withoutCarriageReturn(std::exchange(m_pending, QByteArray())));
        start = newline + 1;
    }
    while (m_pending.size() > m_maxLineBytes) {
        lines.append(m_pending.left(m_maxLineBytes));
        m_pending.remove(0, m_maxLineBytes);
    }
    return lines;
}

QByteArray LineBuffer::takeRemainder()
{
    return withoutCarriageReturn(std::exchange(m_pending, QByteArray()));
}

} // namespace agentdesk::agents
