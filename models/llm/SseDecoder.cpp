#include "llm/SseDecoder.h"

namespace agentdesk::llm {

QList<SseEvent> SseDecoder::feed(const QByteArray &chunk)
{
    QList<SseEvent> out;
    if (chunk.isEmpty())
        return out;
    qsizetype start = 0;
    if (m_skipLeadingLf) {
        m_skipLeadingLf = false;
        if (m_buffer.isEmpty() && chunk.front() == '\n')
            start = 1;
    }
    m_buffer.append(QByteArrayView(chunk).sliced(start));
    if (!m_bomChecked) {
        if (m_buffer.size() < 3 && QByteArray("\xEF\xBB\xBF").startsWith(m_buffer))
            return out; // may still be a BOM
        m_bomChecked = true;
        if (m_buffer.startsWith("\xEF\xBB\xBF"))
            m_buffer.remove(0, 3);
    }

    qsizetype lineStart = 0;
    qsizetype i = m_scanFrom;
    const qsizetype size = m_buffer.size();
    const char *bytes = m_buffer.constData();
    while (i < size) {
        const char c = bytes[i];
        if (c != '\n' && c != '\r') {
            ++i;
            continue;
        }
        processLine(QByteArrayView(bytes + lineStart, i - lineStart), out);
        if (c == '\r') {
            if (i + 1 < size) {
                if (bytes[i + 1] == '\n')
                    ++i;
            } else {
                m_skipLeadingLf = true; // the pair's LF may arrive in the next chunk
            }
        }
        ++i;
        lineStart = i;
    }
    m_buffer.remove(0, lineStart);
    m_scanFrom = m_buffer.size();
    return out;
}

QList<SseEvent> SseDecoder::finish()
{
    QList<SseEvent> out;
    if (!m_buffer.isEmpty()) {
        processLine(QByteArrayView(m_buffer), out);
        m_buffer.clear();
        m_scanFrom = 0;
    }
    dispatch(out);
    return out;
}

void SseDecoder::processLine(QByteArrayView line, QList<SseEvent> &out)
{
    if (line.isEmpty()) {
        dispatch(out);
        return;
    }
    if (line.front() == ':')
        return; // comment, e.g. a keep-alive
    const qsizetype colon = line.indexOf(':');
    QByteArrayView field = colon < 0 ? line : line.first(colon);
    QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
    if (!value.isEmpty() && value.front() == ' ')
        value = value.sliced(1);

    if (field == "event") {
        m_eventType = QString::fromUtf8(value);
    } else if (field == "data") {
        if (m_hasData)
            m_data += QLatin1Char('\n');
        m_data += QString::fromUtf8(value);
        m_hasData = true;
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastEventId = QString::fromUtf8(value);
    } else if (field == "retry") {
        bool digits = !value.isEmpty();
        for (const char c : value)
            digits = digits && c >= '0' && c <= '9';
        if (digits)
            m_retryMs = QByteArray(value.data(), value.size()).toInt();
    }
}

void SseDecoder::dispatch(QList<SseEvent> &out)
{
    if (m_hasData) {
        SseEvent event;
        if (!m_eventType.isEmpty())
            event.type = m_eventType;
        event.data = m_data;
        event.id = m_lastEventId;
        out.append(std::move(event));
    }
    m_eventType.clear();
    m_data.clear();
    m_hasData = false;
}

} // namespace agentdesk::llm
