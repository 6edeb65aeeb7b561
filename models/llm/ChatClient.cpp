#include "llm/ChatClient.h"

#include "core/Secrets.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QNetworkAccessManager>
#include <QNetworkReply>

Q_LOGGING_CATEGORY(lcLlm, "agentdesk.llm")

namespace agentdesk::llm {

namespace {
constexpr qsizetype maxErrorBodyBytes = 1 << 20;
}

ChatClient::ChatClient(QNetworkAccessManager *network, ClientOptions options, QObject *parent)
    : QObject(parent)
    , m_network(network)
    , m_options(std::move(options))
{
    m_connectTimer.setSingleShot(true);
    m_retryTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, &ChatClient::onConnectTimeout);
    connect(&m_retryTimer, &QTimer::timeout, this, &ChatClient::sendAttempt);
    // Whatever echoes the key from now on (an error body, a request id) is scrubbed of it.
    Secrets::add(m_options.apiKey);
}

qint64 ChatClient::contentLimitBytes(int maxOutputTokens)
{
    return qint64(qMax(1, maxOutputTokens)) * bytesPerTokenAllowance + streamSlackBytes;
}

qint64 ChatClient::wireLimitBytes(int maxOutputTokens)
{
    return contentLimitBytes(maxOutputTokens) * wireBytesFactor;
}

bool ChatClient::admitContent(qsizetype chars)
{
    m_contentChars += chars;
    if (m_contentChars <= contentLimitBytes(m_request.maxOutputTokens))
        return true;
    ChatError error;
    error.code = QStringLiteral("stream-overrun");
    error.message = QStringLiteral("%1 kept streaming past the %2 output tokens asked for (%3 "
                                   "characters so far); the response was cut off")
                        .arg(m_options.providerName)
                        .arg(m_request.maxOutputTokens)
                        .arg(m_contentChars);
    failStream(error);
    return false;
}

ChatClient::~ChatClient()
{
    releaseReply();
}

QString ChatClient::redacted(QString text) const
{
    if (m_options.apiKey.size() >= 4)
        text.replace(m_options.apiKey, QStringLiteral("[redacted]"));
    return Secrets::redact(text);
}

QUrl ChatClient::endpoint(const QString &path) const
{
    QUrl url = m_options.baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    // Users paste base URLs with and without the version segment ("…/v1"): accept both.
    QString suffix = path;
    if (basePath.endsWith(QLatin1String("/v1")) && suffix.startsWith(QLatin1String("/v1/")))
        suffix = suffix.mid(3);
    url.setPath(basePath + suffix);
    return url;
}

void ChatClient::start(const ChatRequest &request)
{
    if (m_state != State::Idle)
        cancel();
    m_request = request;
    m_body = buildBody(request);
    m_retriesDone = 0;
    m_state = State::Waiting;
    sendAttempt();
}

void ChatClient::cancel()
{
    if (m_state == State::Idle)
        return;
    ChatError error;
    error.code = QStringLiteral("cancelled");
    error.message = QStringLiteral("cancelled");
    error.requestId = m_message.requestId;
    endCall();
    Q_EMIT failed(error);
}

void ChatClient::endCall()
{
    m_state = State::Idle;
    m_connectTimer.stop();
    m_retryTimer.stop();
    releaseReply();
}

void ChatClient::releaseReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->disconnect(this);
    reply->abort();
    reply->deleteLater();
}

void ChatClient::sendAttempt()
{
    if (!m_network) {
        failStream(ChatError{QStringLiteral("connection"),
                             QStringLiteral("no network access for %1").arg(m_options.providerName),
                             {},
                             0,
                             false,
                             false});
        return;
    }
    m_state = State::Waiting;
    m_decoder = SseDecoder();
    m_contentChars = 0;
    m_wireBytes = 0;
    m_message = FinalMessage();
    m_message.attempts = m_retriesDone + 1;
    m_blocks.clear();
    m_statusSeen = false;
    m_status = 0;
    m_errorBody.clear();
    m_connectTimedOut = false;
    resetStream();

    QNetworkRequest networkRequest = buildNetworkRequest();
    networkRequest.setTransferTimeout(m_options.inactivityTimeoutMs);
    // No redirects: following one would send the key's header to wherever it points.
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                QNetworkRequest::ManualRedirectPolicy);
    for (const auto &[name, value] : m_options.extraHeaders)
        networkRequest.setRawHeader(name, value);
    m_reply = m_network->post(networkRequest, m_body);
    connect(m_reply, &QNetworkReply::readyRead, this, &ChatClient::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ChatClient::onFinished);
    connect(m_reply, &QNetworkReply::requestSent, &m_connectTimer, &QTimer::stop);
    connect(m_reply, &QNetworkReply::metaDataChanged, &m_connectTimer, &QTimer::stop);
    m_connectTimer.start(m_options.connectTimeoutMs);
}

void ChatClient::onConnectTimeout()
{
    if (!m_reply)
        return;
    m_connectTimedOut = true;
    m_reply->abort(); // finishes the reply, which reports the timeout
}

void ChatClient::onReadyRead()
{
    if (!m_reply)
        return;
    if (!m_statusSeen) {
        m_statusSeen = true;
        m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        // A provider (or a proxy) can echo anything here, the key included.
        m_message.requestId =
            redacted(QString::fromLatin1(m_reply->rawHeader(requestIdHeader()).left(256)));
        if (m_status >= 200 && m_status < 300)
            m_state = State::Streaming; // from here on, nothing is retried
    }
    const QByteArray bytes = m_reply->readAll();
    if (m_state == State::Streaming) {
        deliver(bytes);
    } else if (m_errorBody.size() < maxErrorBodyBytes) {
        m_errorBody += bytes;
    }
}

void ChatClient::deliver(const QByteArray &bytes)
{
    // Bytes that never complete an event (one endless line) are held by the decoder: bound
    // what the wire may bring, not only the content it decodes to.
    m_wireBytes += bytes.size();
    if (m_wireBytes > wireLimitBytes(m_request.maxOutputTokens)) {
        ChatError error;
        error.code = QStringLiteral("stream-overrun");
        error.message = QStringLiteral("%1 sent more than %2 MB for a response of at most %3 "
                                       "tokens; the response was cut off")
                            .arg(m_options.providerName)
                            .arg(m_wireBytes / (1024 * 1024))
                            .arg(m_request.maxOutputTokens);
        failStream(error);
        return;
    }
    const quint64 generation = m_generation;
    const QList<SseEvent> events = m_decoder.feed(bytes);
    for (const SseEvent &sse : events) {
        if (m_state != State::Streaming || generation != m_generation)
            return; // failed, finished or cancelled by a slot
        handleSseEvent(sse);
    }
}

void ChatClient::onFinished()
{
    QNetworkReply *reply = m_reply;
    if (!reply)
        return;
    if (reply->bytesAvailable() > 0 || !m_statusSeen)
        onReadyRead();
    if (m_state == State::Idle || m_reply != reply)
        return;
    const QNetworkReply::NetworkError networkError = reply->error();
    const int status = m_status;
    m_connectTimer.stop();

    if (m_state == State::Streaming) {
        if (networkError != QNetworkReply::NoError) {
            ChatError error = transportError(networkError);
            if (error.code == QLatin1String("connection")) {
                error.code = QStringLiteral("stream-interrupted");
                error.message = QStringLiteral("the connection to %1 dropped mid-response")
                                    .arg(m_options.providerName);
            }
            error.afterStreamStarted = true;
            failStream(error);
            return;
        }
        deliver(QByteArray());
        for (const SseEvent &sse : m_decoder.finish()) {
            if (m_state != State::Streaming)
                return;
            handleSseEvent(sse);
        }
        if (m_state == State::Streaming)
            handleEndOfStream();
        return;
    }

    AttemptFailure failure;
    failure.httpStatus = status;
    failure.shouldRetryHeader = reply->rawHeader("x-should-retry");
    failure.retryAfterMsHeader = reply->rawHeader("retry-after-ms");
    failure.retryAfterHeader = reply->rawHeader("retry-after");
    ChatError error;
    if (status >= 300) {
        const QByteArray body = m_errorBody + reply->readAll();
        failure.errorCode = errorCodeOf(body);
        error = describeHttpError(status, body);
        error.httpStatus = status;
    } else {
        error = transportError(networkError);
    }
    error.requestId = m_message.requestId;
    handleAttemptFailure(error, failure);
}

ChatError ChatClient::transportError(int networkError) const
{
    ChatError error;
    error.retryable = true;
    const QString name = m_options.providerName;
    const QString where = m_options.baseUrl.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    if (m_connectTimedOut) {
        error.code = QStringLiteral("timeout");
        error.message = QStringLiteral("could not connect to %1 at %2 within %3 s")
                            .arg(name, where)
                            .arg(m_options.connectTimeoutMs / 1000.0);
    } else if (networkError == QNetworkReply::OperationCanceledError ||
               networkError == QNetworkReply::TimeoutError) {
        // Only the transfer timeout cancels a reply we did not abort ourselves.
        error.code = QStringLiteral("timeout");
        error.message = QStringLiteral("%1 sent nothing for %2 s (inactivity timeout)")
                            .arg(name)
                            .arg(m_options.inactivityTimeoutMs / 1000.0);
    } else {
        error.code = QStringLiteral("connection");
        const QString detail = m_reply ? redacted(m_reply->errorString()) : QString();
        error.message = QStringLiteral("cannot reach %1 at %2: %3").arg(name, where, detail);
    }
    return error;
}

void ChatClient::handleAttemptFailure(ChatError error, const AttemptFailure &failure)
{
    releaseReply();
    error.message = redacted(error.message);
    error.requestId = redacted(error.requestId);
    const std::optional<qint64> delay = m_options.retry.nextDelayMs(failure, m_retriesDone);
    if (!delay) {
        error.retryable = false;
        failStream(error);
        return;
    }
    ++m_retriesDone;
    RetryNotice notice;
    notice.attempt = m_retriesDone;
    notice.delayMs = *delay;
    notice.cause = error;
    const QString seconds = QString::number(qMax<qint64>(1, (*delay + 999) / 1000));
    notice.message = error.code == QLatin1String("rate-limited")
                         ? QStringLiteral("rate limited by %1, retrying in %2 s")
                               .arg(m_options.providerName, seconds)
                         : QStringLiteral("%1; retrying in %2 s").arg(error.message, seconds);
    qCInfo(lcLlm).noquote() << m_options.providerName << "attempt" << m_retriesDone
                            << "failed:" << error.message << "request id"
                            << (error.requestId.isEmpty() ? QStringLiteral("-") : error.requestId)
                            << "- retrying in" << *delay << "ms";
    m_state = State::Waiting;
    const quint64 generation = ++m_generation;
    Q_EMIT retrying(notice);
    if (m_state == State::Waiting && generation == m_generation)
        m_retryTimer.start(int(m_options.retry.scaled(*delay)));
}

void ChatClient::failStream(ChatError error)
{
    if (m_state == State::Idle)
        return;
    error.message = redacted(error.message);
    if (error.requestId.isEmpty())
        error.requestId = m_message.requestId;
    error.requestId = redacted(error.requestId);
    if (m_state == State::Streaming)
        error.afterStreamStarted = true;
    qCWarning(lcLlm).noquote() << m_options.providerName << "call failed:" << error.code << "-"
                               << error.message << "request id"
                               << (error.requestId.isEmpty() ? QStringLiteral("-")
                                                             : error.requestId);
    ++m_generation;
    endCall();
    ChatEvent ev;
    ev.kind = ChatEvent::Kind::Error;
    ev.error = error;
    Q_EMIT event(ev);
    Q_EMIT failed(error);
}

ChatError ChatClient::protocolError(const QString &what) const
{
    ChatError error;
    error.code = QStringLiteral("malformed-response");
    error.message = QStringLiteral("%1 sent a response AgentDesk cannot read: %2")
                        .arg(m_options.providerName, what);
    error.requestId = m_message.requestId;
    return error;
}

void ChatClient::emitEvent(const ChatEvent &ev)
{
    // A builder cut the stream (stream-overrun) while the subclass was still handling the
    // same server event: nothing follows failed().
    if (m_state != State::Streaming)
        return;
    Q_EMIT event(ev);
}

void ChatClient::startMessage(const QString &id, const QString &model)
{
    m_message.id = id;
    m_message.model = model.isEmpty() ? m_request.model : model;
    ChatEvent ev;
    ev.kind = ChatEvent::Kind::MessageStarted;
    ev.text = m_message.model;
    emitEvent(ev);
}

void ChatClient::appendText(int index, const QString &text)
{
    if (!admitContent(text.size()))
        return;
    PendingBlock &pending = m_blocks[index];
    pending.block.type = ContentBlock::Type::Text;
    pending.block.text += text;
    if (text.isEmpty())
        return;
    ChatEvent ev;
    ev.kind = ChatEvent::Kind::TextDelta;
    ev.index = index;
    ev.text = text;
    emitEvent(ev);
}

void ChatClient::appendReasoning(int index, const QString &text, bool keepAsThinkingBlock)
{
    if (!admitContent(text.size()))
        return;
    if (keepAsThinkingBlock) {
        PendingBlock &pending = m_blocks[index];
        pending.block.type = ContentBlock::Type::Thinking;
        pending.block.text += text;
    } else {
        m_message.reasoning += text;
    }
    if (text.isEmpty())
        return;
    ChatEvent ev;
    ev.kind = ChatEvent::Kind::ReasoningDelta;
    ev.index = index;
    ev.text = text;
    emitEvent(ev);
}

void ChatClient::setThinkingSignature(int index, const QString &signature)
{
    if (!admitContent(signature.size()))
        return;
    PendingBlock &pending = m_blocks[index];
    pending.block.type = ContentBlock::Type::Thinking;
    pending.block.signature += signature;
}

void ChatClient::addRedactedThinking(int index, const QString &data)
{
    if (!admitContent(data.size()))
        return;
    PendingBlock &pending = m_blocks[index];
    pending.block.type = ContentBlock::Type::RedactedThinking;
    pending.block.redactedData = data;
}

void ChatClient::beginToolCall(int index, const QString &id, const QString &name)
{
    // An endless run of new calls is as much a runaway as an endless one.
    if (!admitContent(id.size() + name.size() + 32))
        return;
    PendingBlock &pending = m_blocks[index];
    pending.block = ContentBlock::makeToolUse(id, name, {});
    pending.arguments.clear();
    pending.open = true;
    ChatEvent ev;
    ev.kind = ChatEvent::Kind::ToolCallStarted;
    ev.index = index;
    ev.toolCall = ToolCall{id, name, {}};
    emitEvent(ev);
}

bool ChatClient::hasToolCall(int index) const
{
    const auto it = m_blocks.find(index);
    return it != m_blocks.end() && it->second.block.type == ContentBlock::Type::ToolUse;
}

void ChatClient::appendToolArguments(int index, const QString &fragment)
{
    auto it = m_blocks.find(index);
    if (it == m_blocks.end() || it->second.block.type != ContentBlock::Type::ToolUse)
        return;
    if (!admitContent(fragment.size()))
        return;
    it->second.arguments += fragment;
    if (fragment.isEmpty())
        return;
    ChatEvent ev;
    ev.kind = ChatEvent::Kind::ToolArgumentsDelta;
    ev.index = index;
    ev.text = fragment;
    ev.toolCall.id = it->second.block.toolUseId;
    ev.toolCall.name = it->second.block.toolName;
    emitEvent(ev);
}

bool ChatClient::completeToolCall(int index)
{
    auto it = m_blocks.find(index);
    if (it == m_blocks.end() || it->second.block.type != ContentBlock::Type::ToolUse ||
        !it->second.open)
        return true;
    PendingBlock &pending = it->second;
    pending.open = false;
    QJsonObject input;
    if (!pending.arguments.trimmed().isEmpty()) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(pending.arguments.toUtf8(), &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
            failStream(protocolError(QStringLiteral("the arguments of tool call \"%1\" are not a "
                                                    "JSON object")
                                         .arg(pending.block.toolName)));
            return false;
        }
        input = doc.object();
    }
    pending.block.input = input;
    ChatEvent ev;
    ev.kind = ChatEvent::Kind::ToolCallCompleted;
    ev.index = index;
    ev.toolCall = ToolCall{pending.block.toolUseId, pending.block.toolName, input};
    emitEvent(ev);
    return m_state == State::Streaming;
}

bool ChatClient::completeOpenToolCalls()
{
    QList<int> open;
    for (const auto &[index, pending] : m_blocks) {
        if (pending.block.type == ContentBlock::Type::ToolUse && pending.open)
            open.append(index);
    }
    for (const int index : open) {
        if (!completeToolCall(index))
            return false;
    }
    return true;
}

void ChatClient::updateUsage(const Usage &usage)
{
    m_message.usage = usage;
    ChatEvent ev;
    ev.kind = ChatEvent::Kind::UsageUpdated;
    ev.usage = usage;
    emitEvent(ev);
}

void ChatClient::setStopReason(StopReason reason, const QString &raw)
{
    m_message.stopReason = reason;
    m_message.rawStopReason = raw;
    ChatEvent ev;
    ev.kind = ChatEvent::Kind::Stopped;
    ev.stopReason = reason;
    ev.text = raw;
    emitEvent(ev);
}

void ChatClient::finishMessage()
{
    if (m_state != State::Streaming)
        return;
    if (!completeOpenToolCalls())
        return;
    m_message.message.role = Role::Assistant;
    m_message.message.content.clear();
    for (const auto &[index, pending] : m_blocks)
        m_message.message.content.append(pending.block);
    if (m_message.model.isEmpty())
        m_message.model = m_request.model;
    // A provider reporting more output than max_tokens allows is billed as it says, but the
    // figure is suspect: say so where the cost is recorded.
    if (m_message.usage.outputTokens > m_request.maxOutputTokens)
        m_message.usageNote = QStringLiteral("%1 reported %2 output tokens, more than the %3 "
                                             "the request allowed")
                                  .arg(m_options.providerName)
                                  .arg(m_message.usage.outputTokens)
                                  .arg(m_request.maxOutputTokens);
    const FinalMessage result = m_message;
    ++m_generation;
    endCall();
    Q_EMIT finished(result);
}

} // namespace agentdesk::llm
