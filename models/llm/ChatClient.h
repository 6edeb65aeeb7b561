#pragma once

#include "llm/ChatTypes.h"
#include "llm/RetryPolicy.h"
#include "llm/SseDecoder.h"

#include <QByteArray>
#include <QList>
#include <QLoggingCategory>
#include <QNetworkRequest>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <map>

class QNetworkAccessManager;
class QNetworkReply;

Q_DECLARE_LOGGING_CATEGORY(lcLlm)

namespace agentdesk::llm {

struct ClientOptions
{
    QString providerName; // in messages: "invalid API key for Anthropic"
    QUrl baseUrl;         // e.g. https://api.anthropic.com or http://127.0.0.1:11434
    QString apiKey;       // sent in a header, never logged or put in a message
    RetryPolicy retry;
    int connectTimeoutMs = 5000;
    // No byte for this long ends a stream (QNetworkRequest::setTransferTimeout). Local
    // servers loading a model need more before the first byte: give them a larger value.
    int inactivityTimeoutMs = 60000;
    // OpenAI-compatible: newer OpenAI models take max_completion_tokens, most local servers
    // still read max_tokens.
    bool useMaxCompletionTokens = false;
    QList<QPair<QByteArray, QByteArray>> extraHeaders;
};

// One streaming chat call at a time over Qt Network. Lives on one thread, with the
// QNetworkAccessManager of that thread (not owned). start() begins a call; events arrive as
// they stream; exactly one of finished() or failed() ends it, unless cancel() ended it first
// (cancel() emits failed() with code "cancelled" at once and nothing after it).
class ChatClient : public QObject
{
    Q_OBJECT
public:
    ChatClient(QNetworkAccessManager *network, ClientOptions options, QObject *parent = nullptr);
    ~ChatClient() override;

    void start(const ChatRequest &request);
    void cancel();
    bool isRunning() const { return m_state != State::Idle; }
    const ClientOptions &options() const { return m_options; }
    // Replaces every occurrence of the key, and of every other secret the process knows
    // (core/Secrets.h), with a marker: for any text that came from outside.
    QString redacted(QString text) const;

    // What one response may stream before it is cut ("stream-overrun"): the content (text,
    // reasoning, tool arguments, signatures) of max_tokens tokens at a generous
    // bytesPerTokenAllowance each plus streamSlackBytes, and on the wire wireBytesFactor times
    // that. A provider streaming past what was asked for — forever, at worst — is stopped
    // instead of growing the process without bound.
    static constexpr qint64 bytesPerTokenAllowance = 16;
    static constexpr qint64 streamSlackBytes = 1 << 20;
    static constexpr qint64 wireBytesFactor = 8;
    static qint64 contentLimitBytes(int maxOutputTokens);
    static qint64 wireLimitBytes(int maxOutputTokens);

Q_SIGNALS:
    void event(const agentdesk::llm::ChatEvent &event);
    void retrying(const agentdesk::llm::RetryNotice &notice);
    void finished(const agentdesk::llm::FinalMessage &message);
    void failed(const agentdesk::llm::ChatError &error);

protected:
    virtual QNetworkRequest buildNetworkRequest() const = 0;
    virtual QByteArray buildBody(const ChatRequest &request) const = 0;
    virtual void handleSseEvent(const SseEvent &sse) = 0;
    // The stream closed cleanly; the subclass finishes the message or fails it.
    virtual void handleEndOfStream() = 0;
    virtual ChatError describeHttpError(int status, const QByteArray &body) const = 0;
    // The provider-specific error code in an error body, for the retry rules.
    virtual QString errorCodeOf(const QByteArray &body) const = 0;
    virtual QByteArray requestIdHeader() const = 0;
    // Called before every attempt, so per-stream state starts afresh.
    virtual void resetStream() {}

    const ChatRequest &request() const { return m_request; }
    FinalMessage &message() { return m_message; }
    bool isStreaming() const { return m_state == State::Streaming; }
    QUrl endpoint(const QString &path) const;

    // Builders for the subclasses: each keeps the final message in step and emits the event.
    void startMessage(const QString &id, const QString &model);
    void appendText(int index, const QString &text);
    void appendReasoning(int index, const QString &text, bool keepAsThinkingBlock);
    void setThinkingSignature(int index, const QString &signature);
    void addRedactedThinking(int index, const QString &data);
    void beginToolCall(int index, const QString &id, const QString &name);
    bool hasToolCall(int index) const;
    void appendToolArguments(int index, const QString &fragment);
    bool completeToolCall(int index);
    bool completeOpenToolCalls();
    void updateUsage(const Usage &usage);
    void setStopReason(StopReason reason, const QString &raw);
    void finishMessage();
    void failStream(ChatError error);
    ChatError protocolError(const QString &what) const;

private:
    enum class State
    {
        Idle,
        Waiting,
        Streaming
    };
    struct PendingBlock
    {
        ContentBlock block;
        QString arguments;
        bool open = true;
    };

    void sendAttempt();
    void onReadyRead();
    void onFinished();
    void onConnectTimeout();
    void handleAttemptFailure(ChatError error, const AttemptFailure &failure);
    ChatError transportError(int networkError) const;
    void deliver(const QByteArray &bytes);
    void emitEvent(const ChatEvent &event);
    void releaseReply();
    void endCall();
    // Counts `chars` of content against the limit; false (and the call failed) past it.
    bool admitContent(qsizetype chars);

    QPointer<QNetworkAccessManager> m_network;
    ClientOptions m_options;
    ChatRequest m_request;
    QByteArray m_body;
    QPointer<QNetworkReply> m_reply;
    QTimer m_connectTimer;
    QTimer m_retryTimer;
    State m_state = State::Idle;
    bool m_connectTimedOut = false;
    bool m_statusSeen = false;
    int m_status = 0;
    QByteArray m_errorBody;
    int m_retriesDone = 0;
    quint64 m_generation = 0;
    SseDecoder m_decoder;
    qint64 m_contentChars = 0;
    qint64 m_wireBytes = 0;
    FinalMessage m_message;
    std::map<int, PendingBlock> m_blocks;
};

} // namespace agentdesk::llm
