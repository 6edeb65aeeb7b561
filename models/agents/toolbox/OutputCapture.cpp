#include "OutputCapture.h"

#include <algorithm>

namespace agentdesk::agents {

OutputCapture::OutputCapture(qsizetype capBytes)
    : m_cap(std::max<qsizetype>(capBytes, 2))
    , m_headCap(m_cap / 2)
    , m_tailCap(m_cap - m_cap / 2)
{}

void OutputCapture::append(const QByteArray &chunk)
{
    m_total += chunk.size();
    qsizetype used = 0;
    if (m_head.size() < m_headCap) {
        used = std::min(chunk.size(), m_headCap - m_head.size());
        m_head.append(chunk.constData(), used);
    }
    if (used == chunk.size())
        return;
    m_tail.append(chunk.constData() + used, chunk.size() - used);
    // Trim in batches (at twice the window) so appending stays amortised linear.
    if (m_tail.size() > 2 * m_tailCap)
        m_tail.remove(0, m_tail.size() - m_tailCap);
}

QByteArray OutputCapture::text() const
{
    const QByteArray tail = m_tail.size() > m_tailCap ? m_tail.right(m_tailCap) : m_tail;
    const qint64 omitted = m_total - m_head.size() - tail.size();
    QByteArray text = m_head;
    if (omitted > 0)
        text.append("\n[... ")
            .append(QByteArray::number(omitted))
            .append(" bytes of output omitted ...]\n");
    text.append(tail);
    return text;
}

} // namespace agentdesk::agents
