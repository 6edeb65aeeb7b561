#include "agents/api/MeteredChat.h"

#include "cost/BudgetGuard.h"
#include "cost/DailyAllowance.h"
#include "cost/PriceTable.h"
#include "cost/SpendJournal.h"
#include "llm/AnthropicClient.h"
#include "llm/OpenAiClient.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>

namespace agentdesk::agents {

namespace {
// Role markers, block separators, tool-call ids: a generous allowance per block.
constexpr qint64 perBlockBytes = 32;
} // namespace

MeteredChat::MeteredChat(const ApiAgentConfig &config, QString role, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_role(std::move(role))
{
    qRegisterMetaType<llm::ChatEvent>();
    qRegisterMetaType<llm::FinalMessage>();
    qRegisterMetaType<llm::ChatError>();
    qRegisterMetaType<cost::LedgerEntry>();
    m_network = m_config.network;
    if (!m_network)
        m_network = new QNetworkAccessManager(this);
    if (m_config.provider.protocol == ProviderSettings::Protocol::OpenAiChatCompletions)
        m_client = std::make_unique<llm::OpenAiClient>(m_network, m_config.provider.client);
    else
        m_client = std::make_unique<llm::AnthropicClient>(m_network, m_config.provider.client);
    connect(m_client.get(), &llm::ChatClient::event, this, &MeteredChat::onEvent);
    connect(m_client.get(), &llm::ChatClient::retrying, this, &MeteredChat::retrying);
    connect(m_client.get(), &llm::ChatClient::finished, this, &MeteredChat::onFinished);
    connect(m_client.get(), &llm::ChatClient::failed, this, &MeteredChat::onFailed);
}

MeteredChat::~MeteredChat()
{
    // A call still running is abandoned without signals: the owner is going away. What it
    // used so far counts against today's budget; the rest of its reservation is released.
    m_client->disconnect(this);
    m_client->cancel();
    const Money used = m_price ? m_price->cost(m_streamUsage) : Money();
    if (m_config.daily && m_reserved.nanodollars() > 0)
        m_config.daily->settle(m_reserved, used);
    if (m_reservationId > 0) {
        // What the abandoned stream reported so far is what it cost; the journal's entry says so.
        QList<cost::LedgerEntry> entries;
        if (!m_streamUsage.isEmpty()) {
            cost::LedgerEntry entry;
            entry.taskId = m_config.taskId;
            entry.iteration = m_config.iteration;
            entry.role = m_role;
            entry.provider = m_config.provider.id;
            entry.model = m_model;
            entry.usage = m_streamUsage;
            entry.cost = used;
            entry.time = QDateTime::currentDateTimeUtc();
            entry.note = QStringLiteral("abandoned mid-stream");
            entries.append(entry);
        }
        (void)m_config.journal->settle(m_reservationId, entries);
    }
}

VoidResult MeteredChat::prepare(const QString &model, std::optional<Money> runBudget)
{
    m_model = model;
    m_runBudget = runBudget;
    m_price.reset();
    if (m_config.prices) {
        Result<cost::ModelPrice> price = m_config.prices->lookup(model, m_config.provider.isLocal);
        if (price)
            m_price = *price;
        else if (runBudget || m_config.dailyRemaining)
            return makeError(QStringLiteral("unpriced-model"), price.errorMessage());
    } else if (m_config.provider.isLocal) {
        m_price = cost::ModelPrice::free(model);
    } else if (runBudget || m_config.dailyRemaining) {
        return makeError(QStringLiteral("unpriced-model"),
                         QStringLiteral("A budget is set but no price table was given, so the "
                                        "cost of %1 cannot be bounded.")
                             .arg(model));
    }
    return {};
}

qint64 MeteredChat::messageBytes(const llm::ChatMessage &message)
{
    qint64 bytes = perBlockBytes;
    for (const llm::ContentBlock &block : message.content) {
        bytes += perBlockBytes + block.text.toUtf8().size() + block.toolName.toUtf8().size() +
                 block.toolUseId.toUtf8().size() + block.signature.toUtf8().size() +
                 block.redactedData.toUtf8().size();
        if (!block.input.isEmpty())
            bytes += QJsonDocument(block.input).toJson(QJsonDocument::Compact).size();
    }
    return bytes;
}

qint64 MeteredChat::requestBytes(const llm::ChatRequest &request)
{
    qint64 bytes = request.system.toUtf8().size();
    for (const llm::ChatMessage &message : request.messages)
        bytes += messageBytes(message);
    for (const llm::ToolDefinition &tool : request.tools) {
        bytes += perBlockBytes + tool.name.toUtf8().size() + tool.description.toUtf8().size() +
                 QJsonDocument(tool.inputSchema).toJson(QJsonDocument::Compact).size();
    }
    return bytes;
}

qint64 MeteredChat::inputUpperBound(const llm::ChatRequest &request) const
{
    const bool continues = m_previousUsage && m_previousUsage->totalInputTokens() > 0 &&
                           request.messages.size() >= m_previousMessageCount;
    if (!continues)
        return requestBytes(request) + requestOverheadTokens;
    qint64 appended = 0;
    for (qsizetype i = m_previousMessageCount; i < request.messages.size(); ++i)
        appended += messageBytes(request.messages.at(i));
    return cost::BudgetGuard::nextInputUpperBound(m_previousUsage->totalInputTokens(),
                                                  m_previousUsage->outputTokens, appended);
}

VoidResult MeteredChat::call(llm::ChatRequest request)
{
    if (m_client->isRunning())
        return makeError(QStringLiteral("busy"), QStringLiteral("A model call is running."));
    request.model = m_model;
    const int requested = m_config.maxOutputTokens;
    m_lastMaxTokens = requested;
    m_lastBudgetBound = false;
    if (m_price) {
        cost::BudgetLimits limits;
        if (m_runBudget)
            limits.runRemaining = *m_runBudget - m_spent;
        if (m_config.daily)
            limits.dailyRemaining = m_config.daily->available();
        else if (m_config.dailyRemaining)
            limits.dailyRemaining = *m_config.dailyRemaining - m_spent;
        Result<cost::CallAllowance> allowance = cost::BudgetGuard::allow(
            *m_price, inputUpperBound(request), limits, requested, m_config.minUsefulOutputTokens);
        if (!allowance)
            return allowance.error();
        // Held against today's shared budget until the call ends: agents running at once
        // cannot together spend past it.
        if (m_config.daily) {
            if (!m_config.daily->reserve(allowance->worstCaseCost))
                return makeError(QStringLiteral("budget-reached"),
                                 QStringLiteral("Today's budget is spent by the tasks running "
                                                "now."));
            m_reserved = allowance->worstCaseCost;
        }
        m_lastMaxTokens = allowance->maxOutputTokens;
        m_lastBudgetBound = m_lastMaxTokens < requested;
        // Durable before the request leaves: a kill from here on cannot lose this call's cost.
        if (m_config.journal && allowance->worstCaseCost.nanodollars() > 0) {
            cost::SpendReservation reservation;
            reservation.taskId = m_config.taskId;
            reservation.iteration = m_config.iteration;
            reservation.role = m_role;
            reservation.provider = m_config.provider.id;
            reservation.model = m_model;
            reservation.worstCase = allowance->worstCaseCost;
            reservation.maxOutputTokens = m_lastMaxTokens;
            const Result<qint64> reserved = m_config.journal->reserve(reservation);
            if (!reserved) {
                if (m_config.daily) {
                    m_config.daily->settle(m_reserved, Money());
                    m_reserved = Money();
                }
                return makeError(reserved.errorCode(),
                                 QStringLiteral("The call was not sent: its cost could not be "
                                                "recorded first. ") +
                                     reserved.errorMessage());
            }
            m_reservationId = *reserved;
        }
    }
    request.maxOutputTokens = m_lastMaxTokens;
    m_messagesSent = request.messages.size();
    m_streamUsage = llm::Usage();
    m_client->start(request);
    return {};
}

void MeteredChat::cancel()
{
    m_client->cancel();
}

bool MeteredChat::isRunning() const
{
    return m_client->isRunning();
}

void MeteredChat::onEvent(const llm::ChatEvent &event)
{
    if (event.kind == llm::ChatEvent::Kind::UsageUpdated)
        m_streamUsage = event.usage;
    Q_EMIT chatEvent(event);
}

void MeteredChat::settleJournal(QList<cost::LedgerEntry> &entries)
{
    if (m_reservationId <= 0)
        return;
    const qint64 reservation = m_reservationId;
    m_reservationId = 0;
    const Result<QList<qint64>> settled = m_config.journal->settle(reservation, entries);
    for (qsizetype i = 0; i < entries.size(); ++i) {
        // Stored either way: as the real entry, or (settling failed) as the reservation that
        // the next start counts at its worst case. Never to be written a second time.
        entries[i].stored = true;
        if (settled && i < settled->size())
            entries[i].id = settled->at(i);
    }
    if (!settled)
        Q_EMIT recordFailed(settled.error());
}

Money MeteredChat::record(const llm::Usage &usage, const QString &requestId, const QString &note)
{
    ++m_calls;
    m_usage += usage;
    const Money cost = m_price ? m_price->cost(usage) : Money();
    m_spent += cost;
    if (m_config.daily) {
        m_config.daily->settle(m_reserved, cost);
        m_reserved = Money();
    }
    cost::LedgerEntry entry;
    entry.taskId = m_config.taskId;
    entry.iteration = m_config.iteration;
    entry.role = m_role;
    entry.provider = m_config.provider.id;
    entry.model = m_model;
    entry.usage = usage;
    entry.cost = cost;
    entry.requestId = requestId;
    entry.time = QDateTime::currentDateTimeUtc();
    entry.note = note;
    QList<cost::LedgerEntry> entries{entry};
    settleJournal(entries);
    entry = entries.first();
    if (cost::Ledger *ledger = m_config.ledger.data()) {
        // Direct when the ledger lives on this thread, queued otherwise.
        QMetaObject::invokeMethod(ledger, [ledger, entry] { ledger->record(entry); });
    }
    Q_EMIT recorded(entry);
    return cost;
}

void MeteredChat::onFinished(const llm::FinalMessage &message)
{
    m_previousUsage = message.usage;
    // The assistant message the caller appends next is covered by the output tokens.
    m_previousMessageCount = m_messagesSent + 1;
    const Money cost = record(message.usage, message.requestId, message.usageNote);
    Q_EMIT finished(message, cost);
}

void MeteredChat::onFailed(const llm::ChatError &error)
{
    // A stream that started was billed for what it used: its input at least, as reported in
    // message_start. Unrecorded spend would let the guard overspend on the next call.
    if (!m_streamUsage.isEmpty()) {
        record(m_streamUsage, error.requestId);
    } else {
        if (m_config.daily && m_reserved.nanodollars() > 0) {
            m_config.daily->settle(m_reserved, Money()); // nothing was billed
            m_reserved = Money();
        }
        QList<cost::LedgerEntry> none;
        settleJournal(none);
    }
    m_previousUsage.reset();
    Q_EMIT failed(error);
}

} // namespace agentdesk::agents
