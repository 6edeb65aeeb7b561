#include "cost/Ledger.h"
#include "cost/PriceTable.h"

#include <QSignalSpy>
#include <QTest>

using namespace agentdesk;
using agentdesk::cost::Ledger;
using agentdesk::cost::LedgerEntry;
using agentdesk::cost::LedgerFilter;
using agentdesk::llm::Usage;

namespace {
LedgerEntry entry(const QString &task, const QString &role, const QString &model, qint64 nanos,
                  const QDateTime &time)
{
    LedgerEntry e;
    e.taskId = task;
    e.role = role;
    e.provider = QStringLiteral("anthropic");
    e.model = model;
    e.usage = Usage{100, 10, 0, 0, 0};
    e.cost = Money::fromNanodollars(nanos);
    e.requestId = QStringLiteral("req_1");
    e.time = time;
    return e;
}
} // namespace

class TestLedger : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aggregatesPerTaskRoleModelAndDay();
    void provisionalEntriesAreReconciledWithReportedUsage();
    void discardDropsAProvisionalCall();
    void estimatesTokensFromStreamedBytes();
};

void TestLedger::aggregatesPerTaskRoleModelAndDay()
{
    Ledger ledger;
    QSignalSpy changed(&ledger, &Ledger::changed);
    const QDateTime monday(QDate(2026, 9, 7), QTime(10, 0));
    const QDateTime tuesday(QDate(2026, 9, 8), QTime(10, 0));
    ledger.record(entry(QStringLiteral("t1"), QStringLiteral("implementer"),
                        QStringLiteral("claude-opus-4-5"), 5000, monday));
    ledger.record(entry(QStringLiteral("t1"), QStringLiteral("reviewer"),
                        QStringLiteral("claude-haiku-4-5"), 700, monday));
    ledger.record(entry(QStringLiteral("t2"), QStringLiteral("implementer"),
                        QStringLiteral("claude-opus-4-5"), 3000, tuesday));
    QCOMPARE(changed.size(), 3);

    QCOMPARE(ledger.totals().cost, Money::fromNanodollars(8700));
    QCOMPARE(ledger.totals().calls, 3);
    QCOMPARE(ledger.totals().usage.inputTokens, 300);
    QCOMPARE(ledger.totals(LedgerFilter::forTask(QStringLiteral("t1"))).cost,
             Money::fromNanodollars(5700));
    QCOMPARE(
        ledger.totals(LedgerFilter::forTask(QStringLiteral("t1"), QStringLiteral("reviewer"))).cost,
        Money::fromNanodollars(700));
    QCOMPARE(ledger.totalsByRole().value(QStringLiteral("implementer")).cost,
             Money::fromNanodollars(8000));
    QCOMPARE(ledger.totalsByModel().value(QStringLiteral("claude-haiku-4-5")).calls, 1);
    QCOMPARE(ledger.totalsByTask().size(), 2);
    const auto byDay = ledger.totalsByDay();
    QCOMPARE(byDay.value(QDate(2026, 9, 7)).cost, Money::fromNanodollars(5700));
    QCOMPARE(byDay.value(QDate(2026, 9, 8)).cost, Money::fromNanodollars(3000));
    QCOMPARE(ledger.totals(LedgerFilter::forDay(QDate(2026, 9, 8))).cost,
             Money::fromNanodollars(3000));
    QCOMPARE(ledger.entries(LedgerFilter::forTask(QStringLiteral("t2"))).value(0).requestId,
             QStringLiteral("req_1"));
}

void TestLedger::provisionalEntriesAreReconciledWithReportedUsage()
{
    const cost::PriceTable prices = *cost::PriceTable::loadBundled();
    Ledger ledger;
    QSignalSpy changed(&ledger, &Ledger::changed);
    LedgerEntry draft = entry(QStringLiteral("t1"), QStringLiteral("implementer"),
                              QStringLiteral("claude-sonnet-4-5"), 0, QDateTime::currentDateTime());
    draft.usage = Usage{1200, 0, 0, 0, 0};
    const qint64 id = ledger.beginCall(draft);
    QCOMPARE(ledger.totals().provisionalCalls, 1);

    // While streaming, the meter follows an estimate.
    const Usage estimate{1200, Ledger::estimateTokens(40), 0, 0, 0};
    QVERIFY(ledger.updateProvisional(id, estimate,
                                     *prices.cost(QStringLiteral("claude-sonnet-4-5"), estimate)));
    QCOMPARE(ledger.totals().usage.outputTokens, 10);
    QCOMPARE(ledger.totals().cost, Money::fromNanodollars(1200 * 3000 + 10 * 15000));

    // The reported usage replaces it exactly.
    const Usage reported{1200, 7, 0, 0, 0};
    QVERIFY(ledger.reconcile(id, reported,
                             *prices.cost(QStringLiteral("claude-sonnet-4-5"), reported),
                             QStringLiteral("req_final")));
    QCOMPARE(ledger.totals().cost, *Money::parseDollars(QStringLiteral("0.003705")));
    QCOMPARE(ledger.totals().provisionalCalls, 0);
    QCOMPARE(ledger.entries().value(0).requestId, QStringLiteral("req_final"));
    QCOMPARE(changed.size(), 3);
    // A reconciled entry is final.
    QVERIFY(!ledger.updateProvisional(id, estimate, Money()));
    QVERIFY(!ledger.reconcile(id, estimate, Money(), QString()));
}

void TestLedger::discardDropsAProvisionalCall()
{
    Ledger ledger;
    const qint64 id =
        ledger.beginCall(entry(QStringLiteral("t"), QStringLiteral("r"), QStringLiteral("m"), 50,
                               QDateTime::currentDateTime()));
    QCOMPARE(ledger.totals().calls, 1);
    QVERIFY(ledger.discard(id));
    QCOMPARE(ledger.totals().calls, 0);
    QVERIFY(!ledger.discard(id));
}

void TestLedger::estimatesTokensFromStreamedBytes()
{
    QCOMPARE(Ledger::estimateTokens(0), 0);
    QCOMPARE(Ledger::estimateTokens(1), 1);
    QCOMPARE(Ledger::estimateTokens(4), 1);
    QCOMPARE(Ledger::estimateTokens(5), 2);
}

QTEST_GUILESS_MAIN(TestLedger)
#include "tst_ledger.moc"
