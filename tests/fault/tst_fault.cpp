// The fault suite (issue 16's tests): the real `agentdesk` executable on real repositories and
// stores, against the scripted loopback provider, under the faults a hostile user found —
// kill -9 at random points of `dispatch --wait`, two engines on one data folder, parallel
// dispatches and `show` during a run, a provider that streams forever, lies about its usage or
// echoes the key, and an agent that plants git config and reads AgentDesk's environment.
// Each class asserts nothing was lost, leaked, double-counted or run twice, and prints its
// trials and whether they held (qInfo), for the closing note.

#include "../engine/EngineHarness.h"
#include "TestProcess.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRandomGenerator>
#include <QSettings>
#include <QtTest>

#include <csignal>

using namespace agentdesk;
using namespace agentdesk::test;

namespace {

const QString kKey = QStringLiteral("sk-ant-faultsuite-0123456789abcdef");

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QStringList toolNames(const QJsonObject &request)
{
    QStringList names;
    for (const QJsonValue &tool : request.value(QStringLiteral("tools")).toArray())
        names << tool.toObject().value(QStringLiteral("name")).toString();
    return names;
}

bool tokensOf(const QByteArray &bytes, const QByteArray &needle)
{
    return bytes.contains(needle);
}

// Every file's bytes under a folder (the store, its WAL and journal).
QByteArray folderBytes(const QString &path)
{
    QByteArray all;
    QDirIterator it(path, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly))
            all += file.readAll();
    }
    return all;
}

} // namespace

class TestFault : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    std::unique_ptr<TempRepository> m_repo;
    std::unique_ptr<FakeProviderServer> m_serverOwner;
    // The exact cost of every response the server began to send, in nanodollars.
    qint64 m_served = 0;
    int m_servedCount = 0;
    int m_implementerCalls = 0;

    QString dataDir() const { return m_home.filePath(QStringLiteral("data/agentdesk")); }

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = isolatedEnvironment(m_home.path());
        env.insert(QStringLiteral("ANTHROPIC_BASE_URL"), m_serverOwner->baseUrl().toString());
        env.insert(QStringLiteral("ANTHROPIC_API_KEY"), kKey);
        return env;
    }

    void setSetting(const QString &key, const QVariant &value)
    {
        QSettings settings(m_home.filePath(QStringLiteral("config/agentdesk/agentdesk.conf")),
                           QSettings::IniFormat);
        settings.setValue(key, value);
    }

    // Runs agentdesk while this thread keeps serving the scripted provider.
    ProcessOutput run(const QStringList &arguments, QProcess *keep = nullptr)
    {
        return runAgentdesk(arguments, environment(), keep);
    }

    QStringList dispatchArguments(const QString &title, bool wait = true) const
    {
        QStringList arguments{s("dispatch"),
                              s("--repo"),
                              m_repo->path(),
                              s("--title"),
                              title,
                              s("--prompt"),
                              s("Add a div function with a test."),
                              s("--implementer"),
                              s("anthropic:claude-sonnet-4-5"),
                              s("--reviewer"),
                              s("anthropic:claude-haiku-4-5"),
                              s("--budget"),
                              s("5.00"),
                              s("--validate"),
                              s("/usr/bin/python3 -m pytest -rA -p no:cacheprovider"),
                              s("--json")};
        if (wait)
            arguments << s("--wait");
        return arguments;
    }

    QJsonArray listTasks()
    {
        return QJsonDocument::fromJson(run({s("list"), s("--json")}).out).array();
    }

    QJsonObject show(qint64 id)
    {
        return QJsonDocument::fromJson(run({s("show"), QString::number(id), s("--json")}).out)
            .object();
    }

    // Answers from what each request asks, so a task that is killed and resumed gets the
    // next step whatever happened before: the reviewer reviews, the implementer writes
    // calc.py, then the test, then finishes. Counts what it served at its exact price.
    void scriptedResponder(int pieceDelayMs = 0)
    {
        m_serverOwner->setResponder([this, pieceDelayMs](const RecordedRequest &request) {
            const QJsonObject json = request.json();
            const qsizetype turns = json.value(QStringLiteral("messages")).toArray().size();
            ScriptedResponse response;
            qint64 cost = 0;
            if (toolNames(json).contains(s("submit_review"))) {
                response = toolCall(s("tr_1"), s("submit_review"), reviewInput(), 3000, 300);
                cost = 3000 * haikuIn + 300 * haikuOut;
            } else {
                ++m_implementerCalls;
                if (turns <= 1) {
                    response = toolCall(s("tu_1"), s("write_file"),
                                        {{s("path"), s("calc.py")},
                                         {s("content"), QString::fromUtf8(kCalcWithDiv)}},
                                        1000, 200);
                    cost = 1000 * sonnetIn + 200 * sonnetOut;
                } else if (turns <= 3) {
                    response = toolCall(s("tu_2"), s("write_file"),
                                        {{s("path"), s("test_calc.py")},
                                         {s("content"), QString::fromUtf8(kTestWithDiv)}},
                                        1200, 150);
                    cost = 1200 * sonnetIn + 150 * sonnetOut;
                } else {
                    response =
                        toolCall(s("tu_3"), s("finish"), finishInput(s("Added div.")), 1600, 80);
                    cost = 1600 * sonnetIn + 80 * sonnetOut;
                }
            }
            if (pieceDelayMs > 0)
                for (qsizetype i = 1; i < response.pieces.size(); ++i)
                    response.pieces[i].delayMs = pieceDelayMs;
            m_served += cost;
            ++m_servedCount;
            return response;
        });
    }

    qint64 ledgerCost(const QJsonObject &task)
    {
        return task.value(QStringLiteral("cost_nanodollars")).toInteger();
    }

    qint64 ledgerCalls(const QJsonObject &task)
    {
        qint64 calls = 0;
        for (const QJsonValue &line : task.value(QStringLiteral("costs")).toArray())
            calls += line.toObject().value(QStringLiteral("calls")).toInteger();
        return calls;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(!agentdeskBinary().isEmpty()); }

    void init()
    {
        QVERIFY(m_home.isValid());
        QDir(m_home.filePath(QStringLiteral("data"))).removeRecursively();
        m_repo = std::make_unique<TempRepository>();
        m_repo->writeFile(QStringLiteral(".gitignore"), "__pycache__/\n");
        makePythonProject(*m_repo);
        m_served = 0;
        m_servedCount = 0;
        m_implementerCalls = 0;
        // A fresh server per test and trial: nothing scripted or half-served carries over.
        m_serverOwner = std::make_unique<FakeProviderServer>();
        QVERIFY(m_serverOwner->listen());
    }

    // Class 1: kill -9 at random points of `dispatch --wait`, then `resume --wait`.
    void killDuringDispatch()
    {
        const int trials = 6;
        int held = 0;
        QRandomGenerator random(16);
        for (int trial = 0; trial < trials; ++trial) {
            init();
            scriptedResponder(30);
            const QString base = m_repo->revParse(s("main"));
            QProcess process;
            run(dispatchArguments(s("Killed %1").arg(trial)), &process);
            // Somewhere between the first request and the review, mid-stream or between calls.
            const int requests = 1 + int(random.bounded(4));
            QVERIFY(m_serverOwner->waitForRequests(
                        m_serverOwner->requestCount() - m_servedCount + requests, 60000) ||
                    process.state() == QProcess::NotRunning);
            QTest::qWait(int(random.bounded(120)));
            ::kill(pid_t(process.processId()), SIGKILL);
            QVERIFY(process.waitForFinished(10000));
            m_serverOwner->closeAll();

            const QJsonArray tasks = listTasks();
            QCOMPARE(tasks.size(), 1);
            const QJsonObject killed = tasks.first().toObject();
            const qint64 id = killed.value(QStringLiteral("id")).toInteger();
            const QString state = killed.value(QStringLiteral("state")).toString();
            if (state != QLatin1String("ready-for-review")) {
                const ProcessOutput resumed =
                    run({s("resume"), QString::number(id), s("--wait"), s("--json")});
                QVERIFY2(resumed.exitCode == 0, resumed.err.constData());
            }
            const QJsonObject task = show(id);
            QCOMPARE(task.value(QStringLiteral("state")).toString(), s("ready-for-review"));
            // Nothing lost: every call the server served is in the ledger, at least at its
            // price (one cut off by the kill counts at its worst case). Before the engine
            // gave its agents the store's spend journal, every trial lost the call in flight.
            QVERIFY2(ledgerCost(task) >= m_served && ledgerCalls(task) >= m_servedCount,
                     qPrintable(s("trial %1: ledger %2 in %3 calls < served %4 in %5")
                                    .arg(trial)
                                    .arg(ledgerCost(task))
                                    .arg(ledgerCalls(task))
                                    .arg(m_served)
                                    .arg(m_servedCount)));
            // Nothing stuck, nothing run twice, the base untouched.
            for (const QJsonValue &value : listTasks()) {
                const QString st = value.toObject().value(QStringLiteral("state")).toString();
                QVERIFY2(st != QLatin1String("implementing") && st != QLatin1String("reviewing"),
                         qPrintable(st));
            }
            QCOMPARE(m_repo->revParse(s("main")), base);
            QCOMPARE(task.value(QStringLiteral("iterations")).toArray().size(), 1);
            ++held;
        }
        qInfo("fault class 1 (kill -9 during dispatch --wait, then resume): %d trials, %d held "
              "(every served call in the ledger, no task stuck, base untouched, one iteration)",
              trials, held);
    }

    // Class 3: a second engine on the data folder is refused naming the first; `show` and
    // `list` answer during the run; parallel dispatches never fail with a locked database.
    void twoEnginesAndParallelDispatches()
    {
        m_serverOwner->enqueue(stalledCall());
        QProcess first;
        run(dispatchArguments(s("First")), &first);
        QVERIFY(m_serverOwner->waitForRequests(1, 60000));

        const ProcessOutput second = run(dispatchArguments(s("Second")));
        QVERIFY(second.exitCode != 0);
        QVERIFY2(second.err.contains("Another AgentDesk"), second.err.constData());
        QVERIFY(!second.err.contains("database is locked"));
        const QJsonArray during = listTasks();
        QCOMPARE(during.size(), 1);
        const ProcessOutput shown =
            run({s("show"), QString::number(during.first().toObject().value(s("id")).toInteger())});
        QVERIFY2(shown.exitCode == 0, shown.err.constData());
        QVERIFY(shown.out.contains("Commands:"));
        // Only joining the queue needs no engine: it lands while the first one runs.
        const ProcessOutput queuedDuring = run(dispatchArguments(s("Queued during"), false));
        QVERIFY2(queuedDuring.exitCode == 0, queuedDuring.err.constData());
        QCOMPARE(listTasks().size(), 2);
        ::kill(pid_t(first.processId()), SIGKILL);
        QVERIFY(first.waitForFinished(10000));
        m_serverOwner->closeAll();

        // Six at once, queue only: every one waits its turn at the store and is queued.
        const int parallel = 6;
        std::vector<std::unique_ptr<QProcess>> processes;
        for (int i = 0; i < parallel; ++i) {
            processes.push_back(std::make_unique<QProcess>());
            run(dispatchArguments(s("Parallel %1").arg(i), false), processes.back().get());
        }
        int queued = 0;
        int refused = 0;
        for (auto &process : processes) {
            QVERIFY(
                QTest::qWaitFor([&] { return process->state() == QProcess::NotRunning; }, 60000));
            const QByteArray err = process->readAllStandardError();
            QVERIFY2(!err.contains("database is locked"), err.constData());
            if (process->exitCode() == 0)
                ++queued;
            else if (err.contains("Another AgentDesk"))
                ++refused;
            else
                QFAIL(err.constData());
        }
        QCOMPARE(queued, parallel);
        QCOMPARE(refused, 0);
        // What was queued is in the store once each.
        int parallelInStore = 0;
        for (const QJsonValue &value : listTasks())
            parallelInStore +=
                value.toObject().value(s("title")).toString().startsWith(s("Parallel"));
        QCOMPARE(parallelInStore, queued);
        qInfo("fault class 3 (two engines, show during a run, a dispatch queued during it, %d "
              "parallel dispatches): %d queued, %d refused, 0 'database is locked'; held",
              parallel, queued, refused);
    }

    // Class 4: a provider that streams forever is cut; one that reports more output than
    // max_tokens is billed as reported and flagged; one echoing the key in its request id
    // leaves it in no store byte, no show output, no log.
    void hostileProviders()
    {
        // Forever (for the client: far past max_tokens × 16 + 1 MiB), while RSS is sampled.
        ScriptedResponse endless;
        {
            QList<QByteArray> frames{anthropic::messageStart(s("claude-sonnet-4-5"), 1000),
                                     anthropic::textBlockStart(0)};
            const QString chunk(32 * 1024, QLatin1Char('a'));
            for (int i = 0; i < 160; ++i)
                frames << anthropic::textDelta(0, chunk);
            endless = ScriptedResponse::eventStream(frames);
            endless.ending = ScriptedResponse::Ending::Stall;
        }
        m_serverOwner->enqueue(endless);
        QProcess process;
        run(dispatchArguments(s("Endless")), &process);
        qint64 peakKb = 0;
        const auto sample = [&] {
            QFile status(s("/proc/%1/status").arg(process.processId()));
            if (status.open(QIODevice::ReadOnly))
                for (const QByteArray &line : status.readAll().split('\n'))
                    if (line.startsWith("VmRSS:"))
                        peakKb =
                            qMax(peakKb, line.mid(6).trimmed().split(' ').first().toLongLong());
        };
        QVERIFY(QTest::qWaitFor(
            [&] {
                sample();
                return process.state() == QProcess::NotRunning;
            },
            120000));
        const QByteArray err = process.readAllStandardError();
        const QJsonObject cut = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        QVERIFY2(cut.value(s("state_reason")).toString().contains(s("stream")),
                 qPrintable(cut.value(s("state_reason")).toString() + QString::fromUtf8(err)));
        QVERIFY2(peakKb < 512 * 1024, qPrintable(QString::number(peakKb)));
        m_serverOwner->closeAll();

        // Lies about usage: 900,000 output tokens reported for a short answer.
        init();
        m_serverOwner->enqueue(
            toolCall(s("tu_1"), s("finish"), finishInput(s("Nothing.")), 1000, 900000));
        m_serverOwner->enqueue(toolCall(s("tr_1"), s("submit_review"), reviewInput(), 3000, 300));
        const ProcessOutput lied = run(dispatchArguments(s("Liar")));
        const QJsonObject liar = QJsonDocument::fromJson(lied.out).object();
        QVERIFY2(ledgerCost(liar) >= 1000 * sonnetIn + 900000 * sonnetOut,
                 qPrintable(QString::number(ledgerCost(liar))));
        const QByteArray shownLiar =
            run({s("show"), QString::number(liar.value(s("id")).toInteger())}).out;
        const QByteArray storeBytes = folderBytes(dataDir());
        QVERIFY2(storeBytes.contains("more than the"), "usageNote not recorded");

        // Echoes the key: a 401 whose request id carries it.
        init();
        m_serverOwner->enqueue(anthropic::httpError(
            401, s("authentication_error"), s("invalid x-api-key"), "req_" + kKey.toUtf8()));
        const ProcessOutput echoed = run(dispatchArguments(s("Echo")));
        const QJsonObject echo = QJsonDocument::fromJson(echoed.out).object();
        const ProcessOutput shownEcho =
            run({s("show"), QString::number(echo.value(s("id")).toInteger())});
        const QByteArray key = kKey.toUtf8();
        QVERIFY(m_serverOwner->requests().last().header("x-api-key") == key);
        QVERIFY(!tokensOf(echoed.out, key) && !tokensOf(echoed.err, key));
        QVERIFY(!tokensOf(shownEcho.out, key) && !tokensOf(shownEcho.err, key));
        QVERIFY(!tokensOf(folderBytes(dataDir()), key));
        QVERIFY(!tokensOf(folderBytes(m_home.filePath(s("config"))), key));
        qInfo("fault class 4 (endless stream peak RSS %lld KiB, lying usage, key echo): 3 trials, "
              "3 held",
              peakKb);
    }

    // Class 5: unsandboxed by the user's choice, an agent plants a smudge filter, fsmonitor
    // and hooksPath and reads AgentDesk's /proc environ: the config is put back and filed as
    // a priority-0 finding, and the key reaches neither the model nor the store.
    void plantedConfigAndEnviron()
    {
        setSetting(s("engine/sandbox"), false);
        const QString plant = s("git config filter.evil.smudge 'env > /tmp/leak'; "
                                "git config core.fsmonitor 'touch /tmp/fsmon'; "
                                "git config core.hooksPath /tmp/hooks; "
                                "tr '\\0' '\\n' < /proc/$PPID/environ; env");
        m_serverOwner->enqueue(
            toolCall(s("tu_1"), s("run_command"), {{s("command"), plant}}, 1000, 50));
        m_serverOwner->enqueue(
            toolCall(s("tu_2"), s("write_file"),
                     {{s("path"), s("calc.py")}, {s("content"), QString::fromUtf8(kCalcWithDiv)}},
                     1000, 200));
        m_serverOwner->enqueue(
            toolCall(s("tu_3"), s("finish"), finishInput(s("Added div.")), 1600, 80));
        m_serverOwner->enqueue(toolCall(s("tr_1"), s("submit_review"), reviewInput(), 3000, 300));
        const int before = m_serverOwner->requestCount();
        const ProcessOutput dispatched = run(dispatchArguments(s("Planted")));
        setSetting(s("engine/sandbox"), true);
        QVERIFY2(dispatched.err.contains("UNSANDBOXED") || dispatched.exitCode == 0,
                 dispatched.err.constData());
        const QJsonObject task = QJsonDocument::fromJson(dispatched.out).object();
        QVERIFY2(task.value(s("state")).toString() == s("ready-for-review"),
                 qPrintable(task.value(s("state_reason")).toString()));
        QVERIFY(!task.value(s("sandboxed")).toBool());

        const ProcessOutput config = runGit(m_repo->path(), {s("config"), s("--list")});
        QVERIFY2(!config.out.contains("filter.evil") && !config.out.contains("fsmonitor") &&
                     !config.out.contains("hookspath"),
                 config.out.constData());
        bool p0 = false;
        for (const QJsonValue &value : task.value(s("findings")).toArray())
            p0 = p0 || value.toObject().value(s("priority")).toInt() == 0;
        QVERIFY2(p0, "no priority-0 finding for the planted config");

        // The command ran (its output went to the model) but carried no key.
        bool sawOutput = false;
        const QByteArray key = kKey.toUtf8();
        for (int i = before; i < m_serverOwner->requests().size(); ++i) {
            const QByteArray body = m_serverOwner->requests().at(i).body;
            sawOutput = sawOutput || body.contains("XDG_DATA_HOME");
            QVERIFY2(!body.contains(key), "the key went to the model");
            QVERIFY(!body.contains("sk-ant-"));
        }
        QVERIFY2(sawOutput, "the command's environment listing never reached the model");
        QVERIFY(!tokensOf(folderBytes(dataDir()), key));
        qInfo("fault class 5 (planted filter/fsmonitor/hooksPath, /proc environ unsandboxed): 1 "
              "trial, held");
    }
};

QTEST_GUILESS_MAIN(TestFault)
#include "tst_fault.moc"
