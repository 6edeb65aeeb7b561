#pragma once

#include "llm/ChatClient.h"

#include <QJsonObject>

namespace agentdesk::llm {

// OpenAI-compatible Chat Completions, streaming (POST {base}/v1/chat/completions): OpenAI,
// Ollama, llama.cpp's server, vLLM, LM Studio, OpenRouter. Their streams differ (usage on
// any chunk or a separate one, tool calls whole or in fragments, two names for reasoning,
// [DONE] or just the end of the stream); this client accepts all of them.
class OpenAiClient : public ChatClient
{
    Q_OBJECT
public:
    using ChatClient::ChatClient;

    static QJsonObject requestJson(const ChatRequest &request, bool useMaxCompletionTokens);
    static Usage parseUsage(const QJsonObject &usage);
    static StopReason parseFinishReason(const QString &reason);

protected:
    QNetworkRequest buildNetworkRequest() const override;
    QByteArray buildBody(const ChatRequest &request) const override;
    void handleSseEvent(const SseEvent &sse) override;
    void handleEndOfStream() override;
    void resetStream() override;
    ChatError describeHttpError(int status, const QByteArray &body) const override;
    QString errorCodeOf(const QByteArray &body) const override;
    QByteArray requestIdHeader() const override { return "x-request-id"; }

private:
    void handleChunk(const QJsonObject &chunk);
    void handleToolCallDeltas(const QJsonArray &toolCalls);
    void finishStream();

    bool m_started = false;
};

} // namespace agentdesk::llm
