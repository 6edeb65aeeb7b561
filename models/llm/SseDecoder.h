#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace agentdesk::llm {

struct SseEvent
{
    QString type = QStringLiteral("message"); // the `event:` field, "message" when absent
    QString data;                             // `data:` lines joined with "\n"
    QString id;                               // last event id seen so far
    friend bool operator==(const SseEvent &, const SseEvent &) = default;
};

// Server-sent events, decoded as the WHATWG HTML standard says. Network chunks may split
// anywhere, including inside a "\r\n" pair or a UTF-8 sequence: lines are cut on bytes (CR and
// LF never occur inside a UTF-8 sequence) and only complete lines are decoded as text.
class SseDecoder
{
public:
    // Feeds the next chunk; returns the events it completed, in order.
    QList<SseEvent> feed(const QByteArray &chunk);

    // At end of stream the standard drops an event without its blank line. Some
    // OpenAI-compatible servers end with "data: [DONE]\n" and close: this returns such an
    // unterminated event so the caller may accept it.
    QList<SseEvent> finish();

    // Milliseconds from the last `retry:` field, or -1.
    int reconnectionTimeMs() const { return m_retryMs; }

private:
    void processLine(QByteArrayView line, QList<SseEvent> &out);
    void dispatch(QList<SseEvent> &out);

    QByteArray m_buffer;
    qsizetype m_scanFrom = 0;
    bool m_skipLeadingLf = false; // the previous chunk ended in CR; an LF now is its pair
    bool m_bomChecked = false;
    QString m_eventType;
    QString m_data;
    bool m_hasData = false;
    QString m_lastEventId;
    int m_retryMs = -1;
};

} // namespace agentdesk::llm
