// Durable spend through the agents (issue 16): the worst case of every API call is in the store
// before its request leaves and is replaced by the real cost after; a process killed mid-call
// leaves that worst case to be counted; a full disk refuses the call unsent; a CLI run holds its
// whole cap until it reports its cost. Real store, scripted server on loopback, the fake CLI.

#include "../agents/AgentsTestSupport.h"
#include "ApiAgentHarness.h"

#include "agents/api/MeteredChat.h"
#include "agents/api/StoreSpendJournal.h"
#include "agents/cli/ClaudeCodeAdapter.h"
#include "agents/cli/CliBackend.h"
#include "store/StoreReader.h"
#include "store/StoreWriter.h"

#include <QCoreApplication>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <cstdio>
#include <sys/resource.h>

using namespace agentdesk;
using namespace agentdesk::test;

namespace {

const char callerFlag[] = "--call-and-hang";
const QString sonnet = QStringLiteral("claude-sonnet-4-5");

tasks::TaskSpec spec()
{
    tasks::TaskSpec s = tasks::TaskSpec::withDefaults(tasks::RiskLevel::Low);
    s.repositoryPath = QStringLiteral("/tmp/repo");
    s.baseBranch = QStringLiteral("main");
    s.baseCommit = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
    s.title = QStringLiteral("metered");
    s.prompt = QStringLiteral("p");
    return s;
}

llm::ChatRequest hello()
{
    llm::ChatRequest request;
    request.messages = {llm::ChatMessage::userText(QStringLiteral("Say hi"))};
    return request;
}

// The child: one metered call with the journal, to a server that never finishes answering.
// The parent kills it while the call is in flight.
int runCaller(const QString &database, const QString &url, const QString &taskId)
{
    auto writer = store::StoreWriter::open(database);
    if (!writer)
        return 2;
    agents::ApiAgentConfig config;
    config.provider.client.providerName = QStringLiteral("Anthropic");
    config.provider.client.baseUrl = QUrl(url);
    config.provider.client.apiKey = QStringLiteral("test-key-123");
    auto prices = cost::PriceTable::loadBundled();
    if (!prices)
        return 3;
    config.prices = std::make_shared<const cost::PriceTable>(*prices);
    config.taskId = taskId;
    config.journal = std::make_shared<agents::StoreSpendJournal>(writer->get());
    agents::MeteredChat chat(config, QStringLiteral("implementer"));
    if (!chat.prepare(sonnet, Money::fromCents(30)) || !chat.call(hello()))
        return 4;
    QCoreApplication::exec(); // until killed
    return 0;
}

} // namespace

class TestMeteredSpend : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<store::StoreWriter> m_writer;
    std::unique_ptr<store::StoreReader> m_reader;
    store::TaskId m_task = 0;
    QString m_database;

    void openStore(const QString &name)
    {
        m_reader.reset();
        m_writer.reset();
        m_database = m_dir.filePath(name);
        auto writer = store::StoreWriter::open(m_database);
        QVERIFY(writer.ok());
        m_writer = std::move(*writer);
        m_task = m_writer->createTask(spec()).value();
        auto reader = store::StoreReader::open(m_database);
        QVERIFY(reader.ok());
        m_reader = std::move(*reader);
    }

private Q_SLOTS:
    void reservedBeforeSentAndSettledAfter()
    {
        openStore(QStringLiteral("settled.sqlite"));
        ApiAgentHarness harness;
        harness.config.taskId = QString::number(m_task);
        harness.config.journal = std::make_shared<agents::StoreSpendJournal>(m_writer.get());
        QList<store::SpendReservationRecord> heldWhenSent;
        connect(&harness.server, &FakeProviderServer::requestReceived, this,
                [&] { heldWhenSent = *m_reader->openReservations(); });
        harness.server.enqueue(anthropic::textTurn({QStringLiteral("hi")}, 1000, 20));
        agents::MeteredChat chat(harness.config, QStringLiteral("implementer"));
        QVERIFY(chat.prepare(sonnet, Money::fromCents(100)).ok());
        std::optional<cost::LedgerEntry> emitted;
        connect(&chat, &agents::MeteredChat::recorded, this,
                [&](const cost::LedgerEntry &entry) { emitted = entry; });
        QSignalSpy finished(&chat, &agents::MeteredChat::finished);
        QVERIFY(chat.call(hello()).ok());
        QVERIFY(finished.wait(30000));

        QCOMPARE(heldWhenSent.size(), 1);
        QCOMPARE(heldWhenSent.first().taskId, m_task);
        QVERIFY(heldWhenSent.first().worstCase > sonnetCost(1000, 20));
        QVERIFY(heldWhenSent.first().maxOutputTokens > 0);
        QVERIFY(m_reader->openReservations()->isEmpty());
        const auto ledger = m_reader->ledger(m_task);
        QCOMPARE(ledger->size(), 1);
        QCOMPARE(ledger->first().cost, sonnetCost(1000, 20));
        QVERIFY(!ledger->first().worstCase);
        QVERIFY(emitted.has_value());
        QVERIFY(emitted->stored); // the engine must not write it again
        QCOMPARE(emitted->id, ledger->first().id);
    }

    // kill -9 with the call in flight, then a start: the call counts at its worst case.
    void killedMidCallCountsAtItsWorstCase()
    {
        openStore(QStringLiteral("killed.sqlite"));
        FakeProviderServer server;
        QVERIFY(server.listen());
        ScriptedResponse stalled =
            ScriptedResponse::eventStream({anthropic::messageStart(sonnet, 1000)});
        stalled.ending = ScriptedResponse::Ending::Stall;
        server.enqueue(stalled);
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(),
                    {QString::fromLatin1(callerFlag), m_database, server.baseUrl().toString(),
                     QString::number(m_task)});
        QSignalSpy received(&server, &FakeProviderServer::requestReceived);
        QVERIFY(received.wait(60000));
        child.kill();
        QVERIFY(child.waitForFinished(60000));

        const auto held = m_reader->openReservations();
        QCOMPARE(held->size(), 1);
        const Money worst = held->first().worstCase;
        QVERIFY(worst.nanodollars() > 0);
        const auto before = m_reader->ledger(m_task);
        QVERIFY(before.ok());
        QCOMPARE(before->size(), 0); // without the reservation, this call would be lost
        const auto counted = m_writer->settleAbandonedReservations();
        QVERIFY(counted.ok());
        QCOMPARE(counted->size(), 1);
        QCOMPARE(*m_reader->spentOn(QDate::currentDate()), worst);
        const auto after = m_reader->ledger(m_task);
        QVERIFY(after.ok() && after->size() == 1);
        QVERIFY(after->first().worstCase);
    }

    void fullDiskRefusesTheCallUnsent()
    {
        openStore(QStringLiteral("full.sqlite"));
        QVERIFY(m_writer->flush().ok());
        ApiAgentHarness harness;
        harness.config.taskId = QString::number(m_task);
        harness.config.journal = std::make_shared<agents::StoreSpendJournal>(m_writer.get());
        harness.server.enqueue(anthropic::textTurn({QStringLiteral("hi")}, 1000, 20));
        agents::MeteredChat chat(harness.config, QStringLiteral("implementer"));
        QVERIFY(chat.prepare(sonnet, Money::fromCents(100)).ok());
        rlimit original{};
        ::getrlimit(RLIMIT_FSIZE, &original);
        rlimit limited = original;
        limited.rlim_cur = 1024;
        const auto previous = std::signal(SIGXFSZ, SIG_IGN);
        auto restore = qScopeGuard([&] {
            ::setrlimit(RLIMIT_FSIZE, &original);
            std::signal(SIGXFSZ, previous);
        });
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &limited), 0);
        const VoidResult started = chat.call(hello());
        restore.dismiss();
        ::setrlimit(RLIMIT_FSIZE, &original);
        std::signal(SIGXFSZ, previous);
        QVERIFY(!started.ok());
        QVERIFY2(started.errorCode() == QStringLiteral("store-disk-full") ||
                     started.errorCode() == QStringLiteral("store-io-error"),
                 qPrintable(started.errorCode()));
        QTest::qWait(100);
        QVERIFY2(harness.server.requests().isEmpty(), "a call was sent whose cost was not stored");
    }

    // The provider says it produced more than max_tokens allows: billed as said, noted.
    void usageBeyondTheLimitIsNotedInTheLedger()
    {
        openStore(QStringLiteral("lying.sqlite"));
        ApiAgentHarness harness;
        harness.config.taskId = QString::number(m_task);
        harness.config.maxOutputTokens = 2048;
        harness.config.journal = std::make_shared<agents::StoreSpendJournal>(m_writer.get());
        harness.server.enqueue(anthropic::textTurn({QStringLiteral("hi")}, 1000, 50000));
        agents::MeteredChat chat(harness.config, QStringLiteral("implementer"));
        QVERIFY(chat.prepare(sonnet, std::nullopt).ok());
        QSignalSpy finished(&chat, &agents::MeteredChat::finished);
        QVERIFY(chat.call(hello()).ok());
        QVERIFY(finished.wait(30000));
        const auto ledger = m_reader->ledger(m_task);
        QCOMPARE(ledger->size(), 1);
        QCOMPARE(ledger->first().outputTokens, 50000);
        QVERIFY2(ledger->first().note.contains(QLatin1String("more than the 2048")),
                 qPrintable(ledger->first().note));
    }

    // A CLI agent's run holds its whole cap while it runs and settles to what it reported.
    void cliRunHoldsItsCapUntilItReports()
    {
        openStore(QStringLiteral("cli.sqlite"));
        QTemporaryDir bin, worktree;
        QVERIFY(QFile::link(fakeCliPath(), bin.filePath(QStringLiteral("claude"))));
        agents::ClaudeCodeSettings settings;
        settings.cli.searchPath = {bin.path()};
        settings.cli.environment = {
            {QStringLiteral("FAKECLI_REPLAY"),
             agentsDataPath(QStringLiteral("claude-code/claude-stream-json-success.jsonl"))},
            {QStringLiteral("FAKECLI_DELAY_MS"), QStringLiteral("200")}};
        agents::CliBackend backend(std::make_shared<agents::ClaudeCodeAdapter>(settings));
        cost::SpendReservation identity;
        identity.taskId = QString::number(m_task);
        identity.role = QStringLiteral("implementer");
        identity.provider = QStringLiteral("claude-code");
        backend.setSpendJournal(std::make_shared<agents::StoreSpendJournal>(m_writer.get()),
                                identity);
        agents::AgentRequest request;
        request.worktree = worktree.path();
        request.prompt = QStringLiteral("do it");
        request.model = sonnet;
        request.remainingBudget = Money::fromCents(150);
        Run run;
        run.attach(backend);
        QVERIFY(backend.start(request).ok());
        const auto held = m_reader->openReservations();
        QCOMPARE(held->size(), 1);
        QCOMPARE(held->first().worstCase, Money::fromCents(150));
        QTRY_VERIFY_WITH_TIMEOUT(run.outcome.has_value(), 60000);
        QVERIFY(run.outcome->costRecorded);
        QVERIFY(run.outcome->cost.has_value());
        QVERIFY(m_reader->openReservations()->isEmpty());
        Money recorded;
        const auto ledger = m_reader->ledger(m_task);
        QVERIFY(ledger.ok());
        for (const store::LedgerEntry &entry : *ledger)
            recorded += entry.cost;
        QCOMPARE(recorded, *run.outcome->cost);
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 5 && qstrcmp(argv[1], callerFlag) == 0)
        return runCaller(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]),
                         QString::fromLocal8Bit(argv[4]));
    TestMeteredSpend test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_meteredspend.moc"
