// bench_calibration --repo PATH [--bugs N] [--budget USD] [--binary AGENTDESK]
//
// `agentdesk calibrate` end to end on a repository with real history (use a scratch clone:
// the variants are written into its object database), against the scripted provider. The
// scripted reviewers follow fixed profiles — "haiku" catches about 70 % of the seeded bugs,
// "sonnet" about 90 %, each with a little noise on untouched changes — so the figures measure
// the pipeline (how many defects the history allows, planning and review throughput, exact
// cost accounting), not real models. Prints the command's table, then one JSON line.

#include "BenchUtil.h"
#include "CalibrationHarness.h"
#include "TestProcess.h"
#include "git/GitLibrary.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QTextStream>

using namespace agentdesk;
using namespace agentdesk::calibration;
using namespace agentdesk::test;

namespace {

quint64 stableHash(const QString &text)
{
    quint64 hash = 1469598103934665603ULL;
    for (QChar c : text) {
        hash ^= c.unicode();
        hash *= 1099511628211ULL;
    }
    return hash;
}

QJsonArray profile(const Variant *variant, const QString &model)
{
    const int catchPercent = model == QLatin1String("claude-haiku-4-5") ? 70 : 90;
    if (!variant) {
        return stableHash(model) % 2 == 0
                   ? QJsonArray{}
                   : QJsonArray{finding(QStringLiteral("README.md"), 1, 1, 3)};
    }
    const quint64 roll = stableHash(variant->variantCommit + model);
    if (int(roll % 100) >= catchPercent)
        return {};
    return {finding(variant->file, variant->line, variant->line, roll % 3 == 0 ? 2 : 1)};
}

struct Run
{
    ProcessOutput output;
    qint64 ms = 0;
};

Run runCommand(const QString &binary, const QStringList &arguments,
               const QProcessEnvironment &environment)
{
    Run run;
    QProcess process;
    process.setProcessEnvironment(environment);
    QElapsedTimer clock;
    clock.start();
    process.start(binary, arguments);
    if (!process.waitForStarted(10000))
        return run;
    if (!QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 3600000)) {
        process.kill();
        process.waitForFinished();
    }
    run.ms = clock.elapsed();
    run.output.exitCode = process.exitCode();
    run.output.out = process.readAllStandardOutput();
    run.output.err = process.readAllStandardError();
    return run;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    git::GitLibrary library;
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("repo"), QStringLiteral("A scratch clone to seed."),
                      QStringLiteral("PATH")});
    parser.addOption({QStringLiteral("bugs"), QStringLiteral("Seeded bugs."), QStringLiteral("N"),
                      QStringLiteral("20")});
    parser.addOption({QStringLiteral("budget"), QStringLiteral("The run's budget."),
                      QStringLiteral("USD"), QStringLiteral("5")});
    parser.addOption(
        {QStringLiteral("binary"), QStringLiteral("The agentdesk executable."),
         QStringLiteral("PATH"),
         QCoreApplication::applicationDirPath() + QStringLiteral("/../../bin/agentdesk")});
    parser.process(app);
    QTextStream err(stderr);
    if (!parser.isSet(QStringLiteral("repo"))) {
        err << "bench_calibration: --repo PATH is required (a scratch clone)\n";
        return 2;
    }
    const QString repository = parser.value(QStringLiteral("repo"));
    const int bugs = parser.value(QStringLiteral("bugs")).toInt();

    FakeProviderServer server;
    if (!server.listen())
        return 1;
    QElapsedTimer clock;
    clock.start();
    CalibrationSession session(servicesFor(server));
    PlanRequest request;
    request.repositoryPath = repository;
    request.bugs = bugs;
    QString error;
    const std::optional<CalibrationPlan> plan = planOf(session, request, &error);
    const qint64 planMs = clock.elapsed();
    if (!plan) {
        err << "bench_calibration: " << error << '\n';
        return 1;
    }
    ScriptedReviewer reviewer(server, repository, *plan, profile);
    for (const Variant &variant : plan->variants)
        err << bugClassId(variant.bugClass) << ' ' << variant.file << ':' << variant.line << "  "
            << variant.originalText.simplified() << "  =>  " << variant.seededText.simplified()
            << '\n';
    err.flush();

    QTemporaryDir home;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
    environment.insert(QStringLiteral("XDG_DATA_HOME"), home.filePath(QStringLiteral("data")));
    environment.insert(QStringLiteral("ANTHROPIC_BASE_URL"), server.baseUrl().toString());
    environment.insert(QStringLiteral("ANTHROPIC_API_KEY"), QStringLiteral("sk-ant-bench"));
    const QStringList arguments = {QStringLiteral("calibrate"),
                                   QStringLiteral("--repo"),
                                   repository,
                                   QStringLiteral("--reviewer"),
                                   QStringLiteral("anthropic:claude-haiku-4-5"),
                                   QStringLiteral("--implementer"),
                                   QStringLiteral("anthropic:claude-sonnet-4-5"),
                                   QStringLiteral("--bugs"),
                                   QString::number(bugs),
                                   QStringLiteral("--budget"),
                                   parser.value(QStringLiteral("budget"))};
    const Run json = runCommand(parser.value(QStringLiteral("binary")),
                                arguments + QStringList{QStringLiteral("--json")}, environment);
    const Run table = runCommand(parser.value(QStringLiteral("binary")), arguments, environment);
    QTextStream out(stdout);
    out << table.output.out;
    out.flush();
    const QJsonObject result = QJsonDocument::fromJson(json.output.out).object();
    QJsonObject classes;
    QJsonObject languages;
    for (const Variant &variant : plan->variants) {
        const QString id = bugClassId(variant.bugClass);
        classes.insert(id, classes.value(id).toInt() + 1);
        const QString language = languageId(variant.language);
        languages.insert(language, languages.value(language).toInt() + 1);
    }
    QJsonObject figures{
        {QStringLiteral("changes_scanned"), plan->changesScanned},
        {QStringLiteral("changes_used"), int(plan->usedChanges().size())},
        {QStringLiteral("candidates"), plan->candidates},
        {QStringLiteral("variants"), int(plan->variants.size())},
        {QStringLiteral("dropped_unparsable"), plan->failedChecks},
        {QStringLiteral("classes"), classes},
        {QStringLiteral("languages"), languages},
        {QStringLiteral("plan_ms"), planMs},
        {QStringLiteral("command_exit"), json.output.exitCode},
        {QStringLiteral("command_ms"), json.ms},
        {QStringLiteral("status"), result.value(QStringLiteral("status"))},
        {QStringLiteral("reviews_run"), result.value(QStringLiteral("reviews_run"))},
        {QStringLiteral("reviews_planned"), result.value(QStringLiteral("reviews_planned"))},
        {QStringLiteral("expected_usd"), result.value(QStringLiteral("expected_usd"))},
        {QStringLiteral("worst_case_usd"), result.value(QStringLiteral("worst_case_usd"))},
        {QStringLiteral("spent_usd"), result.value(QStringLiteral("spent_usd"))},
        {QStringLiteral("requests_served"), server.requestCount()},
        {QStringLiteral("unrecognised_requests"), reviewer.unrecognised},
        {QStringLiteral("machine"), bench::machine()},
    };
    QJsonArray models;
    for (const QJsonValue &model : result.value(QStringLiteral("models")).toArray()) {
        const QJsonObject m = model.toObject();
        models.append(
            QJsonObject{{QStringLiteral("reviewer"), m.value(QStringLiteral("reviewer"))},
                        {QStringLiteral("caught"), m.value(QStringLiteral("caught"))},
                        {QStringLiteral("seeded"), m.value(QStringLiteral("seeded"))},
                        {QStringLiteral("cost_usd"), m.value(QStringLiteral("cost_usd"))}});
    }
    figures.insert(QStringLiteral("models"), models);
    bench::printResult(figures);
    return json.output.exitCode;
}
