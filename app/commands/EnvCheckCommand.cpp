#include "app/commands/EnvCheckCommand.h"

#include "app/EngineFactory.h"
#include "app/commands/CommandArguments.h"
#include "git/Repository.h"
#include "git/TemporaryCheckouts.h"
#include "tasks/environment/EnvironmentRecipe.h"
#include "tasks/environment/EnvironmentSetup.h"
#include "tasks/environment/PortBlocks.h"
#include "tasks/validation/ValidationCommand.h"
#include "tasks/validation/ValidationRunner.h"

#include <QDir>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <optional>

namespace agentdesk::app {

namespace {

constexpr const char *kUsage = "env check --repo PATH [--base BRANCH] [--json]";

struct CheckReport
{
    QString repository;
    QString base;
    QString commit;
    bool hasRecipe = false;
    tasks::PortBlock ports;
    std::optional<tasks::SetupOutcome> setup;
    QString testCommand;
    QString testSource; // "recipe", "detected"
    std::optional<tasks::ValidationResult> tests;
    QString error; // what stopped the check before the tests ran

    bool ok() const
    {
        return error.isEmpty() && setup && setup->ok && tests && tests->passedOverall();
    }
};

QJsonObject toJson(const CheckReport &report)
{
    QJsonObject json{{QStringLiteral("repository"), report.repository},
                     {QStringLiteral("base"), report.base},
                     {QStringLiteral("commit"), report.commit},
                     {QStringLiteral("recipe"), report.hasRecipe},
                     {QStringLiteral("ok"), report.ok()}};
    json.insert(QStringLiteral("ports"),
                report.ports.isEmpty()
                    ? QJsonValue()
                    : QJsonValue(QJsonObject{{QStringLiteral("first"), report.ports.first},
                                             {QStringLiteral("count"), report.ports.count}}));
    if (report.setup) {
        const tasks::SetupOutcome &s = *report.setup;
        json.insert(
            QStringLiteral("setup"),
            QJsonObject{{QStringLiteral("kind"), s.plan.kind},
                        {QStringLiteral("commands"), QJsonArray::fromStringList(s.plan.setup)},
                        {QStringLiteral("reason"), s.plan.reason},
                        {QStringLiteral("copied"), QJsonArray::fromStringList(s.copied)},
                        {QStringLiteral("notes"), QJsonArray::fromStringList(s.notes)},
                        {QStringLiteral("ok"), s.ok},
                        {QStringLiteral("setup_ms"), double(s.elapsedMs)},
                        {QStringLiteral("cache"), s.cache},
                        {QStringLiteral("error"), s.error}});
    }
    if (report.tests) {
        QJsonObject tests = report.tests->toJson();
        tests.insert(QStringLiteral("source"), report.testSource);
        tests.insert(QStringLiteral("passed_overall"), report.tests->passedOverall());
        json.insert(QStringLiteral("tests"), tests);
    }
    if (!report.error.isEmpty())
        json.insert(QStringLiteral("error"), report.error);
    return json;
}

void printText(const CheckReport &report, QTextStream &out)
{
    out << "Base: " << report.base << " (" << report.commit.left(12) << ") of " << report.repository
        << "\n";
    out << "Recipe: "
        << (report.hasRecipe ? QString::fromLatin1(tasks::EnvironmentRecipe::kRelativePath)
                             : QStringLiteral("none (setup detected)"))
        << "\n";
    if (!report.ports.isEmpty())
        out << "Ports: " << report.ports.first << "-" << report.ports.first + report.ports.count - 1
            << " (AGENTDESK_PORT=" << report.ports.first << ")\n";
    if (report.setup) {
        const tasks::SetupOutcome &s = *report.setup;
        out << "Setup: " << s.plan.summary() << "\n";
        if (!s.copied.isEmpty())
            out << "Copied: " << s.copied.join(QStringLiteral(", ")) << "\n";
        for (const QString &note : s.notes)
            out << "Note: " << note << "\n";
        if (s.ok)
            out << "Setup finished in " << s.elapsedMs << " ms"
                << (s.cache == QLatin1String("hit")    ? " (from the cache)"
                    : s.cache == QLatin1String("miss") ? " (the cache is filled for next time)"
                                                       : "")
                << "\n";
        else
            out << "Setup failed: " << s.error << "\n";
    }
    if (report.tests) {
        const tasks::ValidationResult &t = *report.tests;
        out << "Tests: " << report.testCommand << " (" << report.testSource << ")\n";
        const QString excerpt = t.outputExcerpt.trimmed();
        if (!excerpt.isEmpty())
            out << excerpt << "\n";
        out << "Result: " << t.summary() << (t.sandboxed ? " — sandboxed" : " — not sandboxed")
            << ", " << t.durationMs << " ms\n";
        if (!t.error.isEmpty())
            out << "Error: " << t.error << "\n";
        if (t.zeroTestsRan() && t.error.isEmpty())
            out << "No tests ran: the merge gate would never pass with this command.\n";
    }
    if (!report.error.isEmpty())
        out << report.error << "\n";
    out << (report.ok() ? "The environment works: a task's validation would pass on this base.\n"
                        : "The environment does not work yet.\n");
}

// Runs setup and tests in `checkout`; fills `report`.
void check(const QString &checkout, const tasks::EngineConfig &config, CheckReport &report)
{
    tasks::EnvironmentSetup setup;
    tasks::EnvironmentSetup::Request request;
    request.sourceCheckout = report.repository;
    request.directory = checkout;
    request.taskId = QStringLiteral("check");
    request.ports = report.ports;
    request.cacheRoot = config.environmentCacheRoot;
    QEventLoop loop;
    setup.start(request, [&](const tasks::SetupOutcome &outcome) {
        report.setup = outcome;
        loop.quit();
    });
    loop.exec();
    if (!report.setup->ok)
        return;

    auto recipe = tasks::EnvironmentRecipe::load(report.repository);
    if (recipe && recipe->has_value() && !(*recipe)->test.isEmpty()) {
        report.testCommand = (*recipe)->test;
        report.testSource = QStringLiteral("recipe");
    } else if (auto detected = tasks::ValidationCommand::detect(checkout)) {
        report.testCommand = detected->shellCommand;
        report.testSource = QStringLiteral("detected");
    } else {
        report.error =
            QStringLiteral("No test command: the recipe has no `test` and none could "
                           "be detected (CMake, package.json, pytest, cargo, go, make).");
        return;
    }
    tasks::ValidationRequest validation;
    validation.directory = checkout;
    validation.commit = report.commit;
    validation.command = report.testCommand;
    validation.timeoutMs = config.settings.validationTimeoutSeconds * 1000;
    validation.sandbox = config.settings.sandbox;
    validation.bwrapProgram = config.bwrapProgram;
    QProcessEnvironment environment = tasks::EnvironmentSetup::scrubbedEnvironment();
    for (const auto &[name, value] : report.setup->variables)
        environment.insert(name, value);
    validation.environment = environment;
    tasks::ValidationRunner runner;
    QObject::connect(&runner, &tasks::ValidationRunner::finished, &loop,
                     [&](const tasks::ValidationResult &result) {
                         report.tests = result;
                         loop.quit();
                     });
    runner.start(validation);
    loop.exec();
}

int runEnvCommand(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const ParsedArguments args =
        parseArguments(arguments, {QStringLiteral("--repo"), QStringLiteral("--base")},
                       {QStringLiteral("--json")});
    if (!args.error.isEmpty() || args.positional != QStringList{QStringLiteral("check")} ||
        !args.values.contains(QStringLiteral("--repo"))) {
        if (!args.error.isEmpty())
            err << "agentdesk env: " << args.error << "\n";
        err << "Usage: agentdesk " << kUsage << "\n";
        return 2;
    }
    auto repository = git::Repository::open(args.values.value(QStringLiteral("--repo")));
    if (!repository) {
        err << "agentdesk env check: " << repository.errorMessage() << "\n";
        return 1;
    }
    CheckReport report;
    report.repository = QDir::cleanPath(repository->workdir());
    report.base = args.values.value(QStringLiteral("--base"));
    if (report.base.isEmpty()) {
        auto current = repository->currentBranch();
        if (!current) {
            err << "agentdesk env check: " << current.errorMessage() << "\n";
            return 1;
        }
        report.base = *current;
    }
    auto commit = repository->resolveCommit(report.base);
    if (!commit) {
        err << "agentdesk env check: " << commit.errorMessage() << "\n";
        return 1;
    }
    report.commit = *commit;
    auto recipe = tasks::EnvironmentRecipe::load(report.repository);
    if (!recipe) {
        err << "agentdesk env check: " << recipe.errorMessage() << "\n";
        return 1;
    }
    report.hasRecipe = recipe->has_value();
    auto config = engineConfigFromSettings();
    if (!config) {
        err << "agentdesk env check: " << config.errorMessage() << "\n";
        return 1;
    }
    std::optional<tasks::PortLease> lease;
    if (report.hasRecipe && (*recipe)->ports > 0) {
        const QString owner = QStringLiteral("env-check");
        auto block = tasks::PortBlocks::instance().reserve(owner, (*recipe)->ports);
        if (!block) {
            err << "agentdesk env check: " << block.errorMessage() << "\n";
            return 1;
        }
        report.ports = *block;
        lease.emplace(owner, *block);
    }

    QTemporaryDir scratch(QDir::temp().filePath(QStringLiteral("agentdesk-env-XXXXXX")));
    if (!scratch.isValid()) {
        err << "agentdesk env check: could not make a temporary folder: " << scratch.errorString()
            << "\n";
        return 1;
    }
    const QString checkout = scratch.filePath(QStringLiteral("base"));
    if (VoidResult added = git::TemporaryCheckouts::add(report.repository, report.commit, checkout);
        !added) {
        err << "agentdesk env check: " << added.errorMessage() << "\n";
        return 1;
    }
    check(checkout, **config, report);
    if (VoidResult removed = git::TemporaryCheckouts::remove(report.repository, checkout); !removed)
        err << "agentdesk env check: the scratch checkout " << checkout
            << " could not be removed: " << removed.errorMessage() << "\n";

    if (args.flags.contains(QStringLiteral("--json")))
        out << QJsonDocument(toJson(report)).toJson(QJsonDocument::Indented);
    else
        printText(report, out);
    return report.ok() ? 0 : 1;
}

} // namespace

HeadlessCommand envCommand()
{
    return {QStringLiteral("env"), QString::fromLatin1(kUsage),
            QStringLiteral("Prepare a scratch checkout of the base as a task's would be (files, "
                           "setup, ports), run the tests there and say whether validation works"),
            runEnvCommand};
}

} // namespace agentdesk::app
