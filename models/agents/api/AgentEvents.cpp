#include "agents/api/AgentEvents.h"

#include "llm/HttpErrors.h"

namespace agentdesk::agents::apievents {

AgentEvent usage(const QString &model, const llm::Usage &usage, Money cost, bool priced,
                 const QString &requestId)
{
    QJsonObject payload{{QStringLiteral("model"), model},
                        {QStringLiteral("input_tokens"), double(usage.inputTokens)},
                        {QStringLiteral("output_tokens"), double(usage.outputTokens)},
                        {QStringLiteral("cache_write_tokens"),
                         double(usage.cacheWrite5mTokens + usage.cacheWrite1hTokens)},
                        {QStringLiteral("cache_read_tokens"), double(usage.cacheReadTokens)},
                        {QStringLiteral("request_id"), requestId}};
    if (priced)
        payload.insert(QStringLiteral("cost_usd"), cost.toDecimalString());
    return AgentEvent::make(
        AgentEvent::Kind::Usage,
        QStringLiteral("%1 in, %2 out").arg(usage.totalInputTokens()).arg(usage.outputTokens),
        payload);
}

AgentEvent toolUse(const llm::ContentBlock &block)
{
    return AgentEvent::make(AgentEvent::Kind::ToolUse, block.toolName,
                            {{QStringLiteral("id"), block.toolUseId},
                             {QStringLiteral("name"), block.toolName},
                             {QStringLiteral("input"), block.input}});
}

AgentEvent toolResult(const QString &toolUseId, const QString &text, bool isError)
{
    return AgentEvent::make(
        AgentEvent::Kind::ToolResult, text,
        {{QStringLiteral("tool_use_id"), toolUseId}, {QStringLiteral("is_error"), isError}});
}

AgentEvent retry(const llm::RetryNotice &notice)
{
    return AgentEvent::make(AgentEvent::Kind::Retry, notice.message,
                            {{QStringLiteral("attempt"), notice.attempt},
                             {QStringLiteral("delay_ms"), double(notice.delayMs)},
                             {QStringLiteral("status"), notice.cause.httpStatus},
                             {QStringLiteral("code"), notice.cause.code},
                             {QStringLiteral("request_id"), notice.cause.requestId}});
}

AgentEvent totalCost(Money cost, bool priced)
{
    if (!priced)
        return AgentEvent::make(AgentEvent::Kind::Cost, QStringLiteral("cost unknown: unpriced"),
                                {{QStringLiteral("source"), costSourceName(CostSource::Unpriced)}});
    return AgentEvent::make(AgentEvent::Kind::Cost, cost.format(6),
                            {{QStringLiteral("usd"), cost.toDecimalString()},
                             {QStringLiteral("source"), costSourceName(CostSource::Priced)}});
}

TokenUsage tokenUsage(const llm::Usage &usage)
{
    TokenUsage tokens;
    tokens.inputTokens = usage.inputTokens;
    tokens.outputTokens = usage.outputTokens;
    tokens.cacheWrite5mTokens = usage.cacheWrite5mTokens;
    tokens.cacheWrite1hTokens = usage.cacheWrite1hTokens;
    tokens.cacheReadTokens = usage.cacheReadTokens;
    return tokens;
}

QString providerFailure(const llm::ChatError &error)
{
    if (error.requestId.isEmpty() || error.message.contains(error.requestId))
        return error.message;
    return llm::withRequestId(error.message, error.requestId);
}

OutcomeKind outcomeKindFor(const llm::ChatError &error)
{
    if (error.code == QLatin1String("auth") || error.code == QLatin1String("permission"))
        return OutcomeKind::AuthFailed;
    if (error.code == QLatin1String("cancelled"))
        return OutcomeKind::Cancelled;
    return OutcomeKind::Failed;
}

} // namespace agentdesk::agents::apievents
