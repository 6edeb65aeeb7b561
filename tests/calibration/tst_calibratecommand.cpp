// `agentdesk calibrate` as a script runs it: the real executable against the scripted
// provider (reached through ANTHROPIC_BASE_URL), its table and its JSON read from its output.

#include "CalibrationHarness.h"
#include "TestProcess.h"
#include "git/GitLibrary.h"
#include "store/StoreReader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QtTest>

using namespace agentdesk;
using namespace agentdesk::calibration;
using namespace agentdesk::test;

namespace {

constexpr int kBugs = 6;
const qint64 haikuReviewNanos = 3000 * haikuIn + 300 * haikuOut;
const qint64 sonnetReviewNanos = 3000 * sonnetIn + 300 * sonnetOut;

// Haiku flags every seeded line (and one false positive per untouched change); Sonnet, the
// implementer's model, flags nothing.
QJsonArray policy(const Variant *variant, const QString &model)
{
    if (model != QLatin1String("claude-haiku-4-5"))
        return {};
    if (!variant)
        return {finding(QStringLiteral("web/cart.js"), 1, 1, 3)};
    return {finding(variant->file, variant->line, variant->line, 1)};
}

} // namespace

class TestCalibrateCommand : public QObject
{
    Q_OBJECT

private:
    git::GitLibrary library;
    QTemporaryDir m_home;
    SampleRepository m_sample;
    FakeProviderServer m_server;
    std::optional<CalibrationPlan> m_plan;
    std::unique_ptr<ScriptedReviewer> m_reviewer;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("ANTHROPIC_BASE_URL"), m_server.baseUrl().toString());
        env.insert(QStringLiteral("ANTHROPIC_API_KEY"), QStringLiteral("sk-ant-calibrate-test"));
        return env;
    }

    // Runs agentdesk while this thread keeps serving the scripted provider.
    ProcessOutput run(const QStringList &arguments)
    {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.start(agentdeskBinary(), arguments);
        ProcessOutput output;
        if (!process.waitForStarted(10000))
            return output;
        if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 300000)) {
            process.kill();
            process.waitForFinished();
            output.timedOut = true;
        }
        output.exitCode = process.exitCode();
        output.crashed = process.exitStatus() == QProcess::CrashExit;
        output.out = process.readAllStandardOutput();
        output.err = process.readAllStandardError();
        return output;
    }

    QStringList calibrate(const QStringList &extra)
    {
        return QStringList{QStringLiteral("calibrate"),
                           QStringLiteral("--repo"),
                           m_sample.repo->path(),
                           QStringLiteral("--reviewer"),
                           QStringLiteral("anthropic:claude-haiku-4-5"),
                           QStringLiteral("--implementer"),
                           QStringLiteral("anthropic:claude-sonnet-4-5"),
                           QStringLiteral("--bugs"),
                           QString::number(kBugs),
                           QStringLiteral("--budget"),
                           QStringLiteral("5")} +
               extra;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(!agentdeskBinary().isEmpty());
        QVERIFY(m_server.listen());
        m_sample = SampleRepository::make();
        QVERIFY(m_sample.repo && !m_sample.modified.isEmpty());
        // The command plans deterministically: the same request here gives the same variants
        // (the same commits), so the scripted reviewer knows where the bugs are.
        FakeProviderServer unused;
        CalibrationSession session(servicesFor(unused));
        PlanRequest request;
        request.repositoryPath = m_sample.repo->path();
        request.bugs = kBugs;
        QString error;
        m_plan = planOf(session, request, &error);
        QVERIFY2(m_plan, qPrintable(error));
        m_reviewer =
            std::make_unique<ScriptedReviewer>(m_server, m_sample.repo->path(), *m_plan, policy);
    }

    void jsonHasEveryReviewWithItsExactCost()
    {
        const ProcessOutput output = run(calibrate({QStringLiteral("--json")}));
        QVERIFY2(output.exitCode == 0, output.err.constData());
        QCOMPARE(m_reviewer->unrecognised, 0);
        const QJsonObject json = QJsonDocument::fromJson(output.out).object();
        QCOMPARE(json.value(QStringLiteral("status")).toString(), QStringLiteral("finished"));
        QCOMPARE(json.value(QStringLiteral("repository")).toString(), m_sample.repo->path());
        const int untouched = int(m_plan->usedChanges().size());
        const int reviews = 2 * (kBugs + untouched);
        QCOMPARE(json.value(QStringLiteral("reviews_run")).toInt(), reviews);
        QCOMPARE(json.value(QStringLiteral("spent_nanodollars")).toInteger(),
                 (kBugs + untouched) * (haikuReviewNanos + sonnetReviewNanos));

        const QJsonArray variants = json.value(QStringLiteral("variants")).toArray();
        QCOMPARE(variants.size(), 2 * kBugs);
        for (const QJsonValue &value : variants) {
            const QJsonObject v = value.toObject();
            const bool haiku = v.value(QStringLiteral("reviewer")).toString() ==
                               QLatin1String("anthropic:claude-haiku-4-5");
            QVERIFY(!v.value(QStringLiteral("file")).toString().isEmpty());
            QVERIFY(v.value(QStringLiteral("line")).toInt() > 0);
            QVERIFY(bugClassFromId(v.value(QStringLiteral("class")).toString()));
            QCOMPARE(v.value(QStringLiteral("caught")).toBool(), haiku);
            QCOMPARE(v.value(QStringLiteral("findings")).toArray().size(), haiku ? 1 : 0);
            QCOMPARE(v.value(QStringLiteral("cost_nanodollars")).toInteger(),
                     haiku ? haikuReviewNanos : sonnetReviewNanos);
            // The variant is a real commit in the repository the command was given.
            QCOMPARE(m_sample.repo->revParse(v.value(QStringLiteral("variant_commit")).toString() +
                                             QStringLiteral("^{commit}")),
                     v.value(QStringLiteral("variant_commit")).toString());
        }
        const QJsonArray models = json.value(QStringLiteral("models")).toArray();
        QCOMPARE(models.size(), 2);
        const QJsonObject haiku = models.at(0).toObject();
        QCOMPARE(haiku.value(QStringLiteral("reviewer")).toString(),
                 QStringLiteral("anthropic:claude-haiku-4-5"));
        QCOMPARE(haiku.value(QStringLiteral("caught")).toInt(), kBugs);
        QCOMPARE(haiku.value(QStringLiteral("catch_rate")).toDouble(), 1.0);
        QCOMPARE(haiku.value(QStringLiteral("noise_per_review")).toDouble(), 1.0);
        QCOMPARE(haiku.value(QStringLiteral("cost_per_catch_usd")).toString(),
                 QStringLiteral("0.0045"));
        QVERIFY(haiku.value(QStringLiteral("interval_95"))
                    .toObject()
                    .value(QStringLiteral("low"))
                    .toDouble() < 1.0);
        QCOMPARE(haiku.value(QStringLiteral("summary")).toString(),
                 QStringLiteral("claude-haiku-4-5 caught %1 of %1 seeded bugs in this repository, "
                                "$0.0045 per catch")
                     .arg(kBugs));
        QCOMPARE(models.at(1).toObject().value(QStringLiteral("caught")).toInt(), 0);
        const QJsonArray comparison = json.value(QStringLiteral("comparison")).toArray();
        QCOMPARE(comparison.size(), 2);
        QVERIFY(comparison.at(1).toObject().value(QStringLiteral("reference")).toBool());
        QCOMPARE(qRound(comparison.at(0)
                            .toObject()
                            .value(QStringLiteral("cheaper_than_reference_percent"))
                            .toDouble()),
                 67);
        QCOMPARE(json.value(QStringLiteral("untouched")).toArray().size(), 2 * untouched);
        QVERIFY(!output.out.contains("sk-ant-calibrate-test"));
        QVERIFY(!output.err.contains("sk-ant-calibrate-test"));
        QVERIFY2(output.err.contains("[1/"), output.err.constData()); // progress, as it goes
    }

    void tableShowsRatesIntervalsNoiseAndCost()
    {
        const ProcessOutput output = run(calibrate({}));
        QVERIFY2(output.exitCode == 0, output.err.constData());
        const QString table = QString::fromUtf8(output.out);
        QVERIFY2(table.contains(QStringLiteral("reviewer")) &&
                     table.contains(QStringLiteral("95% "
                                                   "interval")),
                 qPrintable(table));
        const QStringList lines = table.split(QLatin1Char('\n'));
        const auto lineWith = [&lines](const QString &a, const QString &b) {
            for (const QString &line : lines) {
                if (line.contains(a) && line.contains(b))
                    return line;
            }
            return QString();
        };
        const QString all =
            lineWith(QStringLiteral("all classes"), QStringLiteral("%1 of %1").arg(kBugs));
        QVERIFY2(!all.isEmpty(), qPrintable(table));
        QVERIFY2(all.contains(QStringLiteral("100%")), qPrintable(all));
        QVERIFY2(!lineWith(QStringLiteral("all classes"), QStringLiteral("0 of %1").arg(kBugs))
                      .isEmpty(),
                 qPrintable(table));
        QVERIFY2(table.contains(QStringLiteral("noise: 1.0 findings per untouched change")),
                 qPrintable(table));
        QVERIFY2(table.contains(QStringLiteral("Reviewers side by side")), qPrintable(table));
        QVERIFY2(
            !lineWith(QStringLiteral("anthropic:claude-haiku-4-5"), QStringLiteral("67% cheaper"))
                 .isEmpty(),
            qPrintable(table));
        QVERIFY2(table.contains(QStringLiteral("claude-haiku-4-5 caught %1 of %1 seeded bugs in "
                                               "this repository, $0.0045 per catch")
                                    .arg(kBugs)),
                 qPrintable(table));
        // Each class the plan seeded has its own row with its count and interval.
        const QString first = bugClassId(m_plan->variants.first().bugClass);
        QVERIFY2(!lineWith(first, QStringLiteral("of")).isEmpty(), qPrintable(table));

        // Both runs are stored, per repository.
        auto reader = store::StoreReader::open(m_home.filePath(QStringLiteral("data")) +
                                               QStringLiteral("/agentdesk/agentdesk.sqlite"));
        QVERIFY2(reader.ok(), qPrintable(reader.errorMessage()));
        auto runs = (*reader)->calibrationRuns(m_sample.repo->path());
        QVERIFY(runs.ok());
        QCOMPARE(runs->size(), 2);
    }

    void badArgumentsAndSmallBudgetsAreRefused()
    {
        ProcessOutput output =
            run({QStringLiteral("calibrate"), QStringLiteral("--repo"), m_sample.repo->path()});
        QCOMPARE(output.exitCode, 2);
        QVERIFY(output.err.contains("--reviewer"));
        output = run({QStringLiteral("calibrate"), QStringLiteral("--repo"), m_sample.repo->path(),
                      QStringLiteral("--reviewer"), QStringLiteral("haiku")});
        QCOMPARE(output.exitCode, 2);
        const int before = m_server.requestCount();
        output = run(calibrate({QStringLiteral("--budget"), QStringLiteral("0.000001")}));
        QCOMPARE(output.exitCode, 1);
        QVERIFY2(output.err.contains("does not cover even one review"), output.err.constData());
        QCOMPARE(m_server.requestCount(), before);
        output = run({QStringLiteral("calibrate"), QStringLiteral("--repo"),
                      m_home.filePath(QStringLiteral("nowhere")), QStringLiteral("--reviewer"),
                      QStringLiteral("anthropic:claude-haiku-4-5")});
        QCOMPARE(output.exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(TestCalibrateCommand)
#include "tst_calibratecommand.moc"
