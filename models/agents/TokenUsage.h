#pragma once

#include <QMap>
#include <QString>
#include <QtGlobal>

namespace agentdesk::agents {

// Token counts of an agent run, split the way prices are. Mirrors llm::Usage field for field
// so the pipeline can convert without loss; kept here so the agents layer does not depend on
// the providers layer. `inputTokens` never includes cached tokens.
struct TokenUsage
{
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cacheWrite5mTokens = 0;
    qint64 cacheWrite1hTokens = 0;
    qint64 cacheReadTokens = 0;

    bool isEmpty() const
    {
        return inputTokens == 0 && outputTokens == 0 && cacheWrite5mTokens == 0 &&
               cacheWrite1hTokens == 0 && cacheReadTokens == 0;
    }
    TokenUsage &operator+=(const TokenUsage &other)
    {
        inputTokens += other.inputTokens;
        outputTokens += other.outputTokens;
        cacheWrite5mTokens += other.cacheWrite5mTokens;
        cacheWrite1hTokens += other.cacheWrite1hTokens;
        cacheReadTokens += other.cacheReadTokens;
        return *this;
    }
    friend TokenUsage operator+(TokenUsage a, const TokenUsage &b) { return a += b; }
    friend bool operator==(const TokenUsage &, const TokenUsage &) = default;
};

// Usage per model name, as Claude Code's modelUsage reports it.
using UsageByModel = QMap<QString, TokenUsage>;

inline TokenUsage totalUsage(const UsageByModel &byModel)
{
    TokenUsage total;
    for (const TokenUsage &usage : byModel)
        total += usage;
    return total;
}

} // namespace agentdesk::agents
