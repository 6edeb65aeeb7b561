#pragma once

#include <QtGlobal>

namespace agentdesk::llm {

// Token counts of one model call, split the way prices are: fresh input, output, cache writes
// (5-minute and 1-hour lifetimes are priced differently) and cache reads. `inputTokens` never
// includes cached tokens, for either provider: the OpenAI client subtracts `cached_tokens`
// from `prompt_tokens`, which includes them.
struct Usage
{
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
    qint64 cacheWrite5mTokens = 0;
    qint64 cacheWrite1hTokens = 0;
    qint64 cacheReadTokens = 0;

    qint64 totalInputTokens() const
    {
        return inputTokens + cacheWrite5mTokens + cacheWrite1hTokens + cacheReadTokens;
    }
    bool isEmpty() const { return totalInputTokens() == 0 && outputTokens == 0; }

    Usage &operator+=(const Usage &other)
    {
        inputTokens += other.inputTokens;
        outputTokens += other.outputTokens;
        cacheWrite5mTokens += other.cacheWrite5mTokens;
        cacheWrite1hTokens += other.cacheWrite1hTokens;
        cacheReadTokens += other.cacheReadTokens;
        return *this;
    }
    friend Usage operator+(Usage a, const Usage &b) { return a += b; }
    friend bool operator==(const Usage &, const Usage &) = default;
};

} // namespace agentdesk::llm
