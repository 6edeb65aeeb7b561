#pragma once

#include "llm/ChatClient.h"

#include <QJsonObject>

namespace agentdesk::llm {

// Anthropic Messages API, streaming (POST {base}/v1/messages). Also serves the gateways and
// local servers that speak the same protocol.
class AnthropicClient : public ChatClient
{
    Q_OBJECT
public:
    using ChatClient::ChatClient;

    static QJsonObject requestJson(const ChatRequest &request);
    // Reads a usage object; `previous` supplies fields a cumulative update leaves out.
    static Usage parseUsage(const QJsonObject &usage, const Usage &previous = Usage());
    static StopReason parseStopReason(const QString &reason);

protected:
    QNetworkRequest buildNetworkRequest() const override;
    QByteArray buildBody(const ChatRequest &request) const override;
    void handleSseEvent(const SseEvent &sse) override;
    void handleEndOfStream() override;
    ChatError describeHttpError(int status, const QByteArray &body) const override;
    QString errorCodeOf(const QByteArray &body) const override;
    QByteArray requestIdHeader() const override { return "request-id"; }

private:
    void onContentBlockStart(const QJsonObject &data);
    void onContentBlockDelta(const QJsonObject &data);
    void onErrorEvent(const QJsonObject &data);
};

} // namespace agentdesk::llm
