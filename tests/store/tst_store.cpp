#include "StoreTestUtil.h"

#include "store/StoreReader.h"
#include "store/StoreWriter.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace agentdesk;
using namespace agentdesk::store;
using agentdesk::tasks::TaskState;
using namespace agentdesk::store::testutil;

class TestStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;
    std::unique_ptr<StoreWriter> m_writer;
    std::unique_ptr<StoreReader> m_reader;

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("store-") +
                                QString::fromLatin1(QTest::currentTestFunction()) +
                                QStringLiteral(".sqlite"));
        auto writer = StoreWriter::open(m_path);
        QVERIFY2(writer.ok(), qPrintable(writer.errorMessage()));
        m_writer = std::move(writer).value();
        auto reader = StoreReader::open(m_path);
        QVERIFY2(reader.ok(), qPrintable(reader.errorMessage()));
        m_reader = std::move(reader).value();
    }

    void cleanup()
    {
        m_reader.reset();
        m_writer.reset();
    }

    void createAndLoadTask()
    {
        const tasks::TaskSpec spec = sampleSpec(QStringLiteral("Update the README"));
        const auto id = m_writer->createTask(spec);
        QVERIFY2(id.ok(), qPrintable(id.errorMessage()));
        QVERIFY(*id > 0);

        const auto detail = m_reader->loadTask(*id);
        QVERIFY2(detail.ok(), qPrintable(detail.errorMessage()));
        QCOMPARE(detail->task.id, *id);
        QCOMPARE(detail->task.spec, spec);
        QCOMPARE(detail->task.state, TaskState::Queued);
        QCOMPARE(detail->task.branch, QStringLiteral("agentdesk/") + QString::number(*id) +
                                          QStringLiteral("-update-the-readme"));
        QVERIFY(detail->iterations.isEmpty());
        QVERIFY(detail->task.createdAt.isValid());

        QVERIFY(m_writer->setWorktree(*id, QStringLiteral("/data/worktrees/1")).ok());
        QVERIFY(m_writer->setSandboxed(*id, true).ok());
        const auto again = m_reader->loadTask(*id);
        QCOMPARE(again->task.worktreePath, QStringLiteral("/data/worktrees/1"));
        QVERIFY(again->task.sandboxed);

        QCOMPARE(m_reader->loadTask(*id + 100).errorCode(), QStringLiteral("not-found"));
        QCOMPARE(m_writer->setWorktree(*id + 100, QStringLiteral("/x")).errorCode(),
                 QStringLiteral("not-found"));
    }

    void sameRepositoryIsOneRow()
    {
        const auto a = m_writer->createTask(sampleSpec(QStringLiteral("a")));
        const auto b = m_writer->createTask(sampleSpec(QStringLiteral("b")));
        const auto c = m_writer->createTask(sampleSpec(QStringLiteral("c"), QStringLiteral("/r2")));
        QVERIFY(a.ok() && b.ok() && c.ok());
        const auto ta = m_reader->loadTask(*a);
        const auto tb = m_reader->loadTask(*b);
        const auto tc = m_reader->loadTask(*c);
        QCOMPARE(ta->task.repositoryId, tb->task.repositoryId);
        QVERIFY(ta->task.repositoryId != tc->task.repositoryId);
        QCOMPARE(tc->task.spec.repositoryPath, QStringLiteral("/r2"));
    }

    void transitionsCompareAndSet()
    {
        const TaskId id = m_writer->createTask(sampleSpec(QStringLiteral("t"))).value();

        // Valid step.
        QVERIFY(m_writer->transitionTask(id, TaskState::Queued, TaskState::Preparing).ok());
        // Stale `from`: someone else already moved it.
        const VoidResult stale =
            m_writer->transitionTask(id, TaskState::Queued, TaskState::Preparing);
        QCOMPARE(stale.errorCode(), QStringLiteral("state-conflict"));
        QVERIFY(stale.errorMessage().contains(QStringLiteral("Preparing")));
        // Not in the table, even with the right `from`.
        const VoidResult invalid =
            m_writer->transitionTask(id, TaskState::Preparing, TaskState::ReadyForReview);
        QCOMPARE(invalid.errorCode(), QStringLiteral("invalid-transition"));
        QCOMPARE(*m_reader->taskState(id), std::optional<TaskState>(TaskState::Preparing));
        // Unknown task.
        QCOMPARE(
            m_writer->transitionTask(id + 9, TaskState::Queued, TaskState::Preparing).errorCode(),
            QStringLiteral("not-found"));

        QVERIFY(m_writer
                    ->transitionTask(id, TaskState::Preparing, TaskState::Failed,
                                     QStringLiteral("worktree: disk full"))
                    .ok());
        const auto detail = m_reader->loadTask(id);
        QCOMPARE(detail->task.state, TaskState::Failed);
        QCOMPARE(detail->task.stateReason, QStringLiteral("worktree: disk full"));
    }

    // The signal may only say what a fresh reader can already see.
    void stateSignalFollowsCommit()
    {
        const TaskId id = m_writer->createTask(sampleSpec(QStringLiteral("t"))).value();
        QList<TaskState> seenByReaderAtSignal;
        connect(m_writer.get(), &StoreWriter::taskStateChanged, this,
                [&](TaskId changed, TaskState, TaskState to, const QString &) {
                    auto reader = StoreReader::open(m_path);
                    QVERIFY(reader.ok());
                    const auto state = (*reader)->taskState(changed);
                    QVERIFY(state.ok() && state->has_value());
                    seenByReaderAtSignal.append(**state);
                    QCOMPARE(**state, to);
                });
        QSignalSpy spy(m_writer.get(), &StoreWriter::taskStateChanged);
        QVERIFY(walk(*m_writer, id, {TaskState::Preparing, TaskState::Implementing}));
        QVERIFY(!m_writer->transitionTask(id, TaskState::Queued, TaskState::Preparing).ok());
        QCOMPARE(spy.count(), 2);
        QCOMPARE(seenByReaderAtSignal,
                 (QList<TaskState>{TaskState::Preparing, TaskState::Implementing}));
        QCOMPARE(spy.at(1).at(1).value<TaskState>(), TaskState::Preparing);
        QCOMPARE(spy.at(1).at(2).value<TaskState>(), TaskState::Implementing);
    }

    void recoverInterrupted()
    {
        using S = TaskState;
        const QList<QList<S>> paths = {
            {},                                             // queued
            {S::Preparing},                                 // running
            {S::Preparing, S::Implementing, S::Validating}, // running
            {S::Preparing, S::Implementing, S::Validating, S::Reviewing, S::ReadyForReview},
            {S::Preparing, S::Implementing, S::Paused}, // stopped, not running
            {S::Preparing, S::Implementing, S::Validating, S::Reviewing, S::ReadyForReview,
             S::Merging}, // running
        };
        QList<TaskId> ids;
        for (const auto &path : paths) {
            const TaskId id = m_writer->createTask(sampleSpec(QStringLiteral("t"))).value();
            QVERIFY(walk(*m_writer, id, path));
            ids.append(id);
        }
        QSignalSpy spy(m_writer.get(), &StoreWriter::taskStateChanged);
        const auto recovered = m_writer->recoverInterrupted();
        QVERIFY2(recovered.ok(), qPrintable(recovered.errorMessage()));
        QCOMPARE(*recovered, (QList<TaskId>{ids[1], ids[2], ids[5]}));
        QCOMPARE(spy.count(), 3);
        const QList<S> expected = {S::Queued,         S::Interrupted, S::Interrupted,
                                   S::ReadyForReview, S::Paused,      S::Interrupted};
        for (int i = 0; i < ids.size(); ++i)
            QCOMPARE(m_reader->taskState(ids[i])->value(), expected[i]);
        // The reason is on the task and the change is on its timeline.
        const auto detail = m_reader->loadTask(ids[2]);
        QVERIFY(!detail->task.stateReason.isEmpty());
        const auto page = m_reader->events(ids[2]);
        const auto &last = page->events.constLast().event;
        QCOMPARE(last.kind, tasks::TaskEventKind::StateChange);
        QCOMPARE(last.payload.value(QStringLiteral("from")).toString(),
                 QStringLiteral("validating"));
        QCOMPARE(last.payload.value(QStringLiteral("to")).toString(),
                 QStringLiteral("interrupted"));
        // Nothing left to recover.
        QVERIFY(m_writer->recoverInterrupted()->isEmpty());
    }

    void iterations()
    {
        const TaskId id = m_writer->createTask(sampleSpec(QStringLiteral("t"))).value();
        tasks::Iteration first;
        first.number = 1;
        first.baseCommit = QStringLiteral("base1");
        first.startedAt = QDateTime::currentDateTimeUtc();
        QVERIFY(m_writer->startIteration(id, first).ok());
        QCOMPARE(m_writer->startIteration(id, first).errorCode(), QStringLiteral("store-error"));
        QVERIFY(
            m_writer->finishIteration(id, 1, QStringLiteral("head1"), QStringLiteral("# Report"))
                .ok());
        tasks::Iteration second;
        second.number = 2;
        second.baseCommit = QStringLiteral("base1");
        second.requestText = QStringLiteral("Check for null in parse()");
        QVERIFY(m_writer->startIteration(id, second).ok());

        const auto detail = m_reader->loadTask(id);
        QCOMPARE(detail->iterations.size(), 2);
        QCOMPARE(detail->iterations[0].headCommit, QStringLiteral("head1"));
        QCOMPARE(detail->iterations[0].reportMarkdown, QStringLiteral("# Report"));
        QVERIFY(detail->iterations[0].isFinished());
        QCOMPARE(detail->iterations[1].requestText, second.requestText);
        QVERIFY(!detail->iterations[1].isFinished());
        const auto list = m_reader->listTasks();
        QCOMPARE(list->constFirst().latestIteration, 2);
        // An iteration of a task that does not exist violates the foreign key.
        QVERIFY(!m_writer->startIteration(id + 50, first).ok());
    }

    void eventsBatchedInFewTransactions()
    {
        const TaskId id = m_writer->createTask(sampleSpec(QStringLiteral("t"))).value();
        const quint64 transactionsBefore = m_writer->transactionsCommitted();
        constexpr int count = 10'000;
        for (int i = 0; i < count; ++i)
            m_writer->appendEvent(tasks::TaskEvent::make(
                id, 1, tasks::TaskEventKind::ModelText,
                {{QStringLiteral("text"), QStringLiteral("token %1").arg(i)}}));
        // No flush(): the writer's own timer commits them.
        QTRY_COMPARE_WITH_TIMEOUT(m_writer->eventsWritten(), quint64(count), 20000);
        const quint64 transactions = m_writer->transactionsCommitted() - transactionsBefore;
        qInfo("10,000 events in %llu transactions", transactions);
        QVERIFY(transactions >= 1);
        QVERIFY2(transactions <= 100, "events must be committed in batches, not one by one");
        QCOMPARE(m_writer->eventBatchesCommitted(), transactions);
        QCOMPARE(*m_reader->eventCount(id), qint64(count));
    }

    void eventsPagedInOrder()
    {
        const TaskId id = m_writer->createTask(sampleSpec(QStringLiteral("t"))).value();
        for (int i = 0; i < 25; ++i)
            m_writer->appendEvent(tasks::TaskEvent::make(id, 1, tasks::TaskEventKind::ToolCall,
                                                         {{QStringLiteral("n"), i}}));
        // A transition commits the events appended before it first: the timeline keeps order.
        QVERIFY(m_writer->transitionTask(id, TaskState::Queued, TaskState::Preparing).ok());
        QList<int> seen;
        qint64 after = 0;
        int pages = 0;
        for (;;) {
            const auto page = m_reader->events(id, after, 10);
            QVERIFY(page.ok());
            ++pages;
            for (const StoredEvent &stored : page->events) {
                if (stored.event.kind == tasks::TaskEventKind::ToolCall)
                    seen.append(stored.event.payload.value(QStringLiteral("n")).toInt());
                else
                    seen.append(-1);
            }
            after = page->nextAfterId;
            if (page->atEnd)
                break;
        }
        QCOMPARE(pages, 3);
        QCOMPARE(seen.size(), 26);
        for (int i = 0; i < 25; ++i)
            QCOMPARE(seen[i], i);
        QCOMPARE(seen.constLast(), -1);
    }

    void ledgerAndCostAggregates()
    {
        const TaskId a = m_writer->createTask(sampleSpec(QStringLiteral("a"))).value();
        const TaskId b = m_writer->createTask(sampleSpec(QStringLiteral("b"))).value();
        const QString sonnet = QStringLiteral("claude-sonnet-4-5");
        const QString haiku = QStringLiteral("claude-haiku-4-5");
        // 0.003705 USD: Claude Code's own figure for 1,200 in / 7 out on sonnet 4.5.
        QVERIFY(m_writer->recordLedger(ledgerEntry(a, LedgerRole::Implementer, sonnet, 3'705'000))
                    .ok());
        QVERIFY(m_writer->recordLedger(ledgerEntry(a, LedgerRole::Implementer, sonnet, 1)).ok());
        QVERIFY(
            m_writer->recordLedger(ledgerEntry(a, LedgerRole::Reviewer, haiku, 1'235'000)).ok());
        QVERIFY(m_writer->recordLedger(ledgerEntry(b, LedgerRole::Implementer, sonnet, 10)).ok());

        const auto list = m_reader->listTasks();
        QVERIFY2(list.ok(), qPrintable(list.errorMessage()));
        QCOMPARE(list->size(), 2);
        QCOMPARE(list->at(0).task.id, b); // newest first
        const TaskSummary &sa = list->at(1);
        QCOMPARE(sa.totalCost.nanodollars(), 3'705'000 + 1 + 1'235'000);
        QCOMPARE(sa.costByRoleAndModel.size(), 2);
        for (const CostLine &line : sa.costByRoleAndModel) {
            if (line.role == LedgerRole::Implementer) {
                QCOMPARE(line.model, sonnet);
                QCOMPARE(line.calls, 2);
                QCOMPARE(line.cost.nanodollars(), 3'705'001);
                QCOMPARE(line.inputTokens, 2 * (1200 + 100));
                QCOMPARE(line.outputTokens, 14);
            } else {
                QCOMPARE(line.role, LedgerRole::Reviewer);
                QCOMPARE(line.model, haiku);
                QCOMPARE(line.cost.nanodollars(), 1'235'000);
            }
        }

        const auto byRole = m_reader->costs(CostGrouping::Role);
        QCOMPARE(byRole->size(), 2);
        QCOMPARE(byRole->at(0).role, LedgerRole::Implementer);
        QCOMPARE(byRole->at(0).cost.nanodollars(), 3'705'011);
        const auto byModel = m_reader->costs(CostGrouping::Model, a);
        QCOMPARE(byModel->size(), 2);
        const auto byTask = m_reader->costs(CostGrouping::Task);
        QCOMPARE(byTask->size(), 2);
        QCOMPARE(byTask->at(1).taskId, b);
        QCOMPARE(byTask->at(1).cost.nanodollars(), 10);
        const auto byDay = m_reader->costs(CostGrouping::Day);
        QCOMPARE(byDay->size(), 1);
        QCOMPARE(byDay->at(0).day, QDate::currentDate());
        QCOMPARE(m_reader->spentOn(QDate::currentDate())->nanodollars(), 4'940'011);
        QCOMPARE(m_reader->spentOn(QDate::currentDate().addDays(-1))->nanodollars(), 0);
        const auto future =
            m_reader->costs(CostGrouping::Role, {}, QDateTime::currentDateTimeUtc().addSecs(3600));
        QVERIFY(future->isEmpty());

        const auto entries = m_reader->ledger(a);
        QCOMPARE(entries->size(), 3);
        QCOMPARE(entries->at(0).cost.nanodollars(), 3'705'000);
        QCOMPARE(entries->at(0).cacheReadTokens, 100);
        QCOMPARE(entries->at(0).requestId, QStringLiteral("req_0001"));
        // The ledger belongs to tasks: an entry for no task is refused (foreign keys are on).
        QVERIFY(!m_writer->recordLedger(ledgerEntry(999, LedgerRole::Other, sonnet, 1)).ok());
    }

    void findingsVerdictsAndValidations()
    {
        const TaskId id = m_writer->createTask(sampleSpec(QStringLiteral("t"))).value();
        FindingRecord blocker;
        blocker.title = QStringLiteral("Null dereference");
        blocker.body = QStringLiteral("parse() returns null on empty input");
        blocker.category = QStringLiteral("null-check");
        blocker.priority = 0;
        blocker.confidence = 0.9;
        blocker.file = QStringLiteral("src/parse.cpp");
        blocker.startLine = 10;
        blocker.endLine = 12;
        blocker.suggestedFix = QStringLiteral("if (!p) return {};");
        blocker.anchored = true;
        FindingRecord nit = blocker;
        nit.title = QStringLiteral("Naming");
        nit.priority = 3;
        nit.side = QStringLiteral("old");
        const auto ids = m_writer->saveFindings(id, 1, {blocker, nit});
        QVERIFY2(ids.ok(), qPrintable(ids.errorMessage()));
        QCOMPARE(ids->size(), 2);
        QVERIFY(m_writer->setFindingAcknowledged(ids->at(0), true).ok());
        FindingRecord carried = blocker;
        carried.carriedFromId = ids->at(0);
        QVERIFY(m_writer->saveFindings(id, 2, {carried}).ok());
        QVERIFY(m_writer->setFindingStatus(ids->at(1), FindingStatus::Outdated).ok());

        const auto first = m_reader->findings(id, 1);
        QCOMPARE(first->size(), 2);
        QCOMPARE(first->at(0).title, blocker.title);
        QVERIFY(first->at(0).acknowledged);
        QCOMPARE(first->at(0).suggestedFix, blocker.suggestedFix);
        QCOMPARE(first->at(0).confidence, 0.9);
        QCOMPARE(first->at(1).side, QStringLiteral("old"));
        QCOMPARE(first->at(1).status, FindingStatus::Outdated);
        const auto all = m_reader->findings(id);
        QCOMPARE(all->size(), 3);
        QCOMPARE(all->at(2).carriedFromId, ids->at(0));

        // The contract is enforced by the schema too: a priority of 5 is refused, atomically.
        FindingRecord bad = blocker;
        bad.priority = 5;
        QVERIFY(!m_writer->saveFindings(id, 3, {blocker, bad}).ok());
        QCOMPARE(m_reader->findings(id, 3)->size(), 0);

        ReviewVerdictRecord verdict;
        verdict.taskId = id;
        verdict.iteration = 1;
        verdict.correct = false;
        verdict.explanation = QStringLiteral("Crashes on empty input");
        verdict.decisionsToReview = {QStringLiteral("New dependency on fmt")};
        QVERIFY(m_writer->saveReviewVerdict(verdict).ok());
        const auto loaded = m_reader->reviewVerdict(id, 1);
        QVERIFY(loaded->has_value());
        QCOMPARE((*loaded)->correct, false);
        QCOMPARE((*loaded)->decisionsToReview, verdict.decisionsToReview);
        QVERIFY(!m_reader->reviewVerdict(id, 2)->has_value());

        ValidationRecord v;
        v.taskId = id;
        v.commit = QStringLiteral("abc123");
        v.command = QStringLiteral("ctest");
        v.exitCode = 8;
        v.passed = 10;
        v.failed = 1;
        v.tests = QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("tst_a")},
                                         {QStringLiteral("status"), QStringLiteral("failed")}}};
        v.outputExcerpt = QStringLiteral("1 test failed");
        v.durationMs = 1234;
        v.baseCommit = QStringLiteral("base");
        v.basePassed = 11;
        v.newlyFailing = {QStringLiteral("tst_a")};
        QVERIFY(m_writer->saveValidation(v).ok());
        const auto validations = m_reader->validations(id);
        QCOMPARE(validations->size(), 1);
        const ValidationRecord &stored = validations->at(0);
        QCOMPARE(stored.commit, v.commit);
        QCOMPARE(stored.tests, v.tests);
        QCOMPARE(stored.newlyFailing, v.newlyFailing);
        QVERIFY(stored.preexistingFailing.isEmpty());
        QCOMPARE(stored.durationMs, 1234);
        QVERIFY(!stored.ranZeroTests());
    }

    void settingsRefuseSecrets_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("concurrency") << QStringLiteral("scheduler/concurrency") << true;
        QTest::newRow("base url") << QStringLiteral("providers/openai/baseUrl") << true;
        QTest::newRow("max tokens") << QStringLiteral("agents/maxTokens") << true;
        QTest::newRow("api key") << QStringLiteral("providers/anthropic/apiKey") << false;
        QTest::newRow("api_key") << QStringLiteral("OPENAI_API_KEY") << false;
        QTest::newRow("auth token") << QStringLiteral("github/authToken") << false;
        QTest::newRow("password") << QStringLiteral("proxy/password") << false;
    }

    void settingsRefuseSecrets()
    {
        QFETCH(QString, key);
        QFETCH(bool, accepted);
        const VoidResult done = m_writer->setSetting(key, QStringLiteral("value"));
        QCOMPARE(done.ok(), accepted);
        QCOMPARE(m_reader->setting(key)->has_value(), accepted);
        if (!accepted)
            QCOMPARE(done.errorCode(), QStringLiteral("secret-setting"));
    }

    // Each thread reads through its own connection while the writer writes.
    void readersOnOtherThreads()
    {
        const TaskId id = m_writer->createTask(sampleSpec(QStringLiteral("t"))).value();
        std::atomic<int> failures{0};
        std::atomic<int> reads{0};
        QList<QThread *> threads;
        for (int t = 0; t < 3; ++t) {
            threads.append(QThread::create([&, path = m_path] {
                auto reader = StoreReader::open(path);
                if (!reader.ok()) {
                    ++failures;
                    return;
                }
                for (int i = 0; i < 50; ++i) {
                    if (!(*reader)->listTasks().ok() || !(*reader)->events(id).ok())
                        ++failures;
                    ++reads;
                }
            }));
            threads.constLast()->start();
        }
        for (int i = 0; i < 200; ++i)
            m_writer->appendEvent(tasks::TaskEvent::make(id, 1, tasks::TaskEventKind::Note));
        QVERIFY(m_writer->flush().ok());
        for (QThread *thread : threads) {
            QVERIFY(thread->wait(60000));
            delete thread;
        }
        QCOMPARE(failures.load(), 0);
        QCOMPARE(reads.load(), 150);
        QCOMPARE(*m_reader->eventCount(id), qint64(200));
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
