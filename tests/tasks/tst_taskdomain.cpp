#include "tasks/BranchName.h"
#include "tasks/TaskEvent.h"
#include "tasks/TaskSpec.h"
#include "tasks/TaskState.h"

#include <QRegularExpression>
#include <QtTest>

using namespace agentdesk::tasks;

class TestTaskDomain : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stateNamesRoundTrip()
    {
        QSet<QString> storage;
        QSet<QString> display;
        for (TaskState state : allTaskStates()) {
            const QString name = taskStateStorageName(state);
            QCOMPARE(taskStateFromStorageName(name), std::optional<TaskState>(state));
            storage.insert(name);
            display.insert(taskStateDisplayName(state));
        }
        QCOMPARE(storage.size(), taskStateCount);
        QCOMPARE(display.size(), taskStateCount);
        QVERIFY(!taskStateFromStorageName(QStringLiteral("Queued")).has_value());
    }

    // The storage names are in users' databases: renaming one would orphan their tasks.
    void storageNamesAreStable()
    {
        QCOMPARE(taskStateStorageName(TaskState::ReadyForReview),
                 QStringLiteral("ready-for-review"));
        QCOMPARE(taskStateStorageName(TaskState::Interrupted), QStringLiteral("interrupted"));
        QCOMPARE(taskEventKindStorageName(TaskEventKind::ToolResult),
                 QStringLiteral("tool-result"));
    }

    void runningStates()
    {
        const QList<TaskState> running = {TaskState::Preparing,  TaskState::Implementing,
                                          TaskState::Validating, TaskState::Reviewing,
                                          TaskState::Merging,    TaskState::Revising,
                                          TaskState::NeedsInput};
        for (TaskState state : allTaskStates())
            QCOMPARE(isRunningState(state), running.contains(state));
    }

    void transitions_data()
    {
        QTest::addColumn<TaskState>("from");
        QTest::addColumn<TaskState>("to");
        QTest::addColumn<bool>("allowed");
        using S = TaskState;
        QTest::newRow("queued→preparing") << S::Queued << S::Preparing << true;
        QTest::newRow("preparing→implementing") << S::Preparing << S::Implementing << true;
        QTest::newRow("implementing→validating") << S::Implementing << S::Validating << true;
        QTest::newRow("validating→reviewing") << S::Validating << S::Reviewing << true;
        // Issue 19: a question waits within Implementing, and only there.
        QTest::newRow("implementing→needs-input") << S::Implementing << S::NeedsInput << true;
        QTest::newRow("needs-input→implementing") << S::NeedsInput << S::Implementing << true;
        QTest::newRow("needs-input→paused") << S::NeedsInput << S::Paused << true;
        QTest::newRow("needs-input→validating") << S::NeedsInput << S::Validating << false;
        QTest::newRow("reviewing→needs-input") << S::Reviewing << S::NeedsInput << false;
        QTest::newRow("reviewing→ready") << S::Reviewing << S::ReadyForReview << true;
        QTest::newRow("ready→merging") << S::ReadyForReview << S::Merging << true;
        QTest::newRow("merging→merged") << S::Merging << S::Merged << true;
        QTest::newRow("ready→revising") << S::ReadyForReview << S::Revising << true;
        QTest::newRow("revising→implementing") << S::Revising << S::Implementing << true;
        QTest::newRow("ready→rejected") << S::ReadyForReview << S::Rejected << true;
        QTest::newRow("implementing→paused") << S::Implementing << S::Paused << true;
        QTest::newRow("reviewing→failed") << S::Reviewing << S::Failed << true;
        QTest::newRow("validating→interrupted") << S::Validating << S::Interrupted << true;
        QTest::newRow("interrupted→implementing") << S::Interrupted << S::Implementing << true;
        QTest::newRow("interrupted→queued (re-run)") << S::Interrupted << S::Queued << true;
        QTest::newRow("interrupted→merged (reconciled)") << S::Interrupted << S::Merged << true;
        QTest::newRow("paused→implementing") << S::Paused << S::Implementing << true;
        QTest::newRow("failed→queued") << S::Failed << S::Queued << true;
        QTest::newRow("queued→implementing (skips worktree)")
            << S::Queued << S::Implementing << false;
        QTest::newRow("implementing→ready (skips validation)")
            << S::Implementing << S::ReadyForReview << false;
        QTest::newRow("reviewing→merging") << S::Reviewing << S::Merging << false;
        QTest::newRow("ready→merged (skips gate)") << S::ReadyForReview << S::Merged << false;
        QTest::newRow("merged→anything") << S::Merged << S::Queued << false;
        QTest::newRow("rejected→revising") << S::Rejected << S::Revising << false;
        QTest::newRow("ready→interrupted (not running)")
            << S::ReadyForReview << S::Interrupted << false;
        QTest::newRow("paused→interrupted") << S::Paused << S::Interrupted << false;
        QTest::newRow("same state") << S::Implementing << S::Implementing << false;
        QTest::newRow("paused→merged") << S::Paused << S::Merged << false;
    }

    void transitions()
    {
        QFETCH(TaskState, from);
        QFETCH(TaskState, to);
        QFETCH(bool, allowed);
        QCOMPARE(canTransition(from, to), allowed);
    }

    void everyRunningStateCanStop()
    {
        for (TaskState state : allTaskStates()) {
            if (!isRunningState(state))
                continue;
            QVERIFY(canTransition(state, TaskState::Paused));
            QVERIFY(canTransition(state, TaskState::Failed));
            QVERIFY(canTransition(state, TaskState::Interrupted));
        }
    }

    void slug_data()
    {
        QTest::addColumn<QString>("title");
        QTest::addColumn<QString>("expected");
        QTest::newRow("plain") << QStringLiteral("Bump lodash to 4.17.21")
                               << QStringLiteral("bump-lodash-to-4-17-21");
        QTest::newRow("path") << QStringLiteral("Generate unit tests for src/utils/dateFormat.ts")
                              << QStringLiteral("generate-unit-tests-for-src-utils");
        QTest::newRow("accents") << QStringLiteral("Résumé naïve café")
                                 << QStringLiteral("resume-naive-cafe");
        QTest::newRow("edges") << QStringLiteral("  --Update README!!  ")
                               << QStringLiteral("update-readme");
        QTest::newRow("empty") << QString() << QStringLiteral("task");
        QTest::newRow("only symbols") << QStringLiteral("!!! ??? ...") << QStringLiteral("task");
        QTest::newRow("cjk") << QStringLiteral("修复登录") << QStringLiteral("task");
        QTest::newRow("ref hazards")
            << QStringLiteral("a..b~c^d:e@{f}\\g*h?[i]") << QStringLiteral("a-b-c-d-e-f-g-h-i");
    }

    void slug()
    {
        QFETCH(QString, title);
        QFETCH(QString, expected);
        QCOMPARE(BranchName::slug(title), expected);
    }

    void slugIsBoundedAndClean()
    {
        const QString longTitle = QStringLiteral("word ").repeated(200);
        const QString slug = BranchName::slug(longTitle);
        QVERIFY(slug.size() <= BranchName::maxSlugLength);
        QVERIFY(!slug.endsWith(QLatin1Char('-')));
        static const QRegularExpression clean(QStringLiteral("^[a-z0-9]+(-[a-z0-9]+)*$"));
        QVERIFY2(clean.match(slug).hasMatch(), qPrintable(slug));
        QCOMPARE(BranchName::forTask(42, QStringLiteral("Update the README")),
                 QStringLiteral("agentdesk/42-update-the-readme"));
    }

    void riskDefaultsUseADifferentReviewer()
    {
        agentdesk::Money previous;
        for (RiskLevel risk : {RiskLevel::Low, RiskLevel::Medium, RiskLevel::High}) {
            const TaskSpec spec = TaskSpec::withDefaults(risk);
            QCOMPARE(spec.risk, risk);
            QVERIFY(!spec.implementer.isEmpty());
            QVERIFY(!spec.reviewer.isEmpty());
            QVERIFY(spec.implementer != spec.reviewer);
            QVERIFY(spec.budget > previous);
            previous = spec.budget;
            QCOMPARE(riskLevelFromStorageName(riskLevelStorageName(risk)),
                     std::optional<RiskLevel>(risk));
        }
    }

    void modelRefParse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("provider");
        QTest::addColumn<QString>("model");
        QTest::newRow("anthropic")
            << QStringLiteral("anthropic:claude-sonnet-4-5") << true << QStringLiteral("anthropic")
            << QStringLiteral("claude-sonnet-4-5");
        QTest::newRow("model with colon")
            << QStringLiteral("ollama:qwen2.5-coder:7b") << true << QStringLiteral("ollama")
            << QStringLiteral("qwen2.5-coder:7b");
        QTest::newRow("no provider") << QStringLiteral(":gpt-5") << false << QString() << QString();
        QTest::newRow("no model") << QStringLiteral("openai:") << false << QString() << QString();
        QTest::newRow("no colon") << QStringLiteral("gpt-5") << false << QString() << QString();
    }

    void modelRefParse()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QFETCH(QString, provider);
        QFETCH(QString, model);
        const auto ref = ModelRef::parse(text);
        QCOMPARE(ref.has_value(), valid);
        if (valid) {
            QCOMPARE(ref->provider, provider);
            QCOMPARE(ref->model, model);
            QCOMPARE(ref->toString(), text);
        }
    }
};

QTEST_GUILESS_MAIN(TestTaskDomain)
#include "tst_taskdomain.moc"
