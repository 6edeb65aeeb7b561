#pragma once

#include "agents/api/ApiAgentConfig.h"
#include "core/Result.h"
#include "cost/Ledger.h"
#include "cost/ModelPrice.h"
#include "llm/ChatClient.h"

#include <QObject>

#include <memory>
#include <optional>

namespace agentdesk::agents {

// One role's model calls within one agent step, metered: before each call the budget guard
// decides max_tokens (or refuses with "budget-reached"), and every call that the provider may
// have billed is priced exactly and recorded as a ledger entry.
//
// With a SpendJournal (ApiAgentConfig::journal) the call's worst case is stored before the
// request leaves and settled to the real cost when it ends, so a kill mid-call never loses
// spend; a journal that cannot store (a full disk) refuses the call with its error code.
//
// The input bound the guard is given (the budget must hold for the dearest input the request
// could be billed as): for the first call, the request's bytes plus a fixed allowance for what
// providers add around it (Anthropic's tool-use system prompt is a few hundred tokens); after
// that, the previous call's reported input and output plus the bytes of every message added
// since (BudgetGuard::nextInputUpperBound). A byte-level tokenizer never makes more tokens than
// bytes, so both bounds are safe; they are loose for code (about 3-4 bytes per token), which
// costs some head room at the end of a budget, never an overspend.
class MeteredChat : public QObject
{
    Q_OBJECT

public:
    MeteredChat(const ApiAgentConfig &config, QString role, QObject *parent = nullptr);
    ~MeteredChat() override;

    // Looks the model's price up. Error "unpriced-model" when it has none and a budget is set.
    VoidResult prepare(const QString &model, std::optional<Money> runBudget);
    // Sets the request's max output tokens from the budget and starts it. Error
    // "budget-reached" (nothing started) when no useful call fits.
    VoidResult call(llm::ChatRequest request);
    // Stops the running call; failed() follows at once with code "cancelled".
    void cancel();
    bool isRunning() const;

    Money spent() const { return m_spent; }
    const llm::Usage &usage() const { return m_usage; }
    int calls() const { return m_calls; }
    bool isPriced() const { return m_price.has_value(); }
    // The max_tokens the last call was given, and whether the budget (not the model's cap)
    // set it.
    int lastMaxTokens() const { return m_lastMaxTokens; }
    bool lastCallBudgetBound() const { return m_lastBudgetBound; }
    const QString &model() const { return m_model; }

    // Bytes that bound the tokens of a message (text, tool input, tool results, and a little
    // per block for the framing).
    static qint64 messageBytes(const llm::ChatMessage &message);
    static qint64 requestBytes(const llm::ChatRequest &request);
    // Tokens providers add around a request (tool-use system prompt, role markers).
    static constexpr qint64 requestOverheadTokens = 2048;

Q_SIGNALS:
    void chatEvent(const agentdesk::llm::ChatEvent &event);
    void retrying(const agentdesk::llm::RetryNotice &notice);
    void finished(const agentdesk::llm::FinalMessage &message, agentdesk::Money cost);
    void failed(const agentdesk::llm::ChatError &error);
    void recorded(const agentdesk::cost::LedgerEntry &entry);
    // The journal could not settle a call (the store kept failing, e.g. a full disk): the
    // reservation stays stored, counted at its worst case by the next start.
    void recordFailed(const agentdesk::Error &error);

private:
    qint64 inputUpperBound(const llm::ChatRequest &request) const;
    void onEvent(const llm::ChatEvent &event);
    void onFinished(const llm::FinalMessage &message);
    void onFailed(const llm::ChatError &error);
    Money record(const llm::Usage &usage, const QString &requestId, const QString &note = {});
    // Settles the journal's reservation to `entries` (none: nothing billed); marks them stored.
    void settleJournal(QList<cost::LedgerEntry> &entries);

    ApiAgentConfig m_config;
    QString m_role;
    QNetworkAccessManager *m_network = nullptr;
    std::unique_ptr<llm::ChatClient> m_client;
    QString m_model;
    std::optional<cost::ModelPrice> m_price;
    std::optional<Money> m_runBudget;
    Money m_spent;
    Money m_reserved;           // held in the shared daily allowance for the call in flight
    qint64 m_reservationId = 0; // the journal's reservation for the call in flight; 0: none
    llm::Usage m_usage;
    int m_calls = 0;
    // The call in flight, and the one before it (for the next input bound).
    qsizetype m_messagesSent = 0;
    llm::Usage m_streamUsage;
    std::optional<llm::Usage> m_previousUsage;
    qsizetype m_previousMessageCount = 0;
    int m_lastMaxTokens = 0;
    bool m_lastBudgetBound = false;
};

} // namespace agentdesk::agents
