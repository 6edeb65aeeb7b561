// Task environments' figures: a real npm project (its dependency a packed tarball of many
// files, so `npm ci` extracts it as it would from a registry, offline) set up twice through
// EnvironmentSetup — the first runs `npm ci` and fills the cache, the second restores
// node_modules from it — then the project's tests validated in the second checkout.
//
//   bench_env [--files N]   (default 3000 files in the dependency)

#include "BenchUtil.h"

#include "tasks/environment/EnvironmentSetup.h"
#include "tasks/validation/ValidationRunner.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <cstdio>
#include <optional>

using namespace agentdesk;

namespace {

bool write(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

bool run(const QString &program, const QStringList &arguments, const QString &directory)
{
    QProcess process;
    process.setWorkingDirectory(directory);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(600000) || process.exitCode() != 0) {
        std::fprintf(stderr, "%s failed: %s\n", qPrintable(program), process.readAll().constData());
        return false;
    }
    return true;
}

// A project whose test needs its dependency, and the dependency as a tarball of `files` files.
bool makeProject(const QString &root, int files)
{
    const QString package = root + QStringLiteral("/pkg");
    write(package + QStringLiteral("/package.json"),
          R"({"name":"many-files","version":"1.0.0","main":"index.js"})");
    QByteArray index = "module.exports = { count: " + QByteArray::number(files) + " };\n";
    write(package + QStringLiteral("/index.js"), index);
    for (int i = 0; i < files; ++i)
        write(package + QStringLiteral("/lib/part%1.js").arg(i),
              "module.exports = " + QByteArray::number(i) + ";\n" + QByteArray(400, ' ') + "\n");
    const QString project = root + QStringLiteral("/project");
    QDir().mkpath(project + QStringLiteral("/vendor"));
    if (!run(QStringLiteral("npm"),
             {QStringLiteral("pack"), QStringLiteral("--pack-destination"),
              project + QStringLiteral("/vendor"), package},
             root))
        return false;
    write(project + QStringLiteral("/package.json"),
          R"({"name":"app","version":"1.0.0","private":true,)"
          R"("scripts":{"test":"node test.js"},)"
          R"("dependencies":{"many-files":"file:vendor/many-files-1.0.0.tgz"}})");
    write(project + QStringLiteral("/test.js"), "const m = require('many-files');\n"
                                                "console.log(m.count > 0 ? 'Tests:       1 passed, "
                                                "1 total' : 'Tests: 1 failed, 1 total');\n"
                                                "process.exit(m.count > 0 ? 0 : 1);\n");
    return run(QStringLiteral("npm"),
               {QStringLiteral("install"), QStringLiteral("--offline"),
                QStringLiteral("--no-audit"), QStringLiteral("--no-fund")},
               project);
}

std::optional<tasks::SetupOutcome> setUp(const QString &source, const QString &directory,
                                         const QString &cacheRoot, double *ms)
{
    tasks::EnvironmentSetup setup;
    tasks::EnvironmentSetup::Request request;
    request.sourceCheckout = source;
    request.directory = directory;
    request.taskId = QStringLiteral("bench");
    request.cacheRoot = cacheRoot;
    std::optional<tasks::SetupOutcome> outcome;
    QElapsedTimer timer;
    timer.start();
    QEventLoop loop;
    setup.start(request, [&](const tasks::SetupOutcome &done) {
        outcome = done;
        loop.quit();
    });
    loop.exec();
    *ms = double(timer.nsecsElapsed()) / 1e6;
    return outcome;
}

// A checkout as a task's would be: the committed files, no node_modules.
bool copyProject(const QString &from, const QString &to)
{
    QDir().mkpath(to + QStringLiteral("/vendor"));
    for (const char *name : {"package.json", "package-lock.json", "test.js"})
        if (!QFile::copy(from + QLatin1Char('/') + QLatin1String(name),
                         to + QLatin1Char('/') + QLatin1String(name)))
            return false;
    return QFile::copy(from + QStringLiteral("/vendor/many-files-1.0.0.tgz"),
                       to + QStringLiteral("/vendor/many-files-1.0.0.tgz"));
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("files"), QStringLiteral("Files in the dependency."),
                      QStringLiteral("N"), QStringLiteral("3000")});
    parser.process(app);
    const int files = parser.value(QStringLiteral("files")).toInt();
    if (QStandardPaths::findExecutable(QStringLiteral("npm")).isEmpty()) {
        std::fprintf(stderr, "npm is not installed (scripts/setup installs it)\n");
        return 2;
    }
    qputenv("npm_config_offline", "true");
    qputenv("npm_config_audit", "false");
    qputenv("npm_config_fund", "false");

    QTemporaryDir root;
    if (!makeProject(root.path(), files))
        return 1;
    const QString project = root.filePath(QStringLiteral("project"));
    const QString cache = root.filePath(QStringLiteral("cache"));
    const QString first = root.filePath(QStringLiteral("first"));
    const QString second = root.filePath(QStringLiteral("second"));
    if (!copyProject(project, first) || !copyProject(project, second))
        return 1;

    double firstMs = 0;
    double secondMs = 0;
    const auto a = setUp(project, first, cache, &firstMs);
    const auto b = setUp(project, second, cache, &secondMs);
    if (!a || !a->ok || !b || !b->ok) {
        std::fprintf(stderr, "setup failed: %s\n",
                     qPrintable(a   ? a->error
                                : b ? b->error
                                    : QString()));
        return 1;
    }
    std::printf("first setup (%s): %.0f ms, cache %s\n", qPrintable(a->plan.summary()), firstMs,
                qPrintable(a->cache));
    std::printf("second setup: %.0f ms, cache %s\n", secondMs, qPrintable(b->cache));

    tasks::ValidationRunner runner;
    tasks::ValidationRequest validation;
    validation.directory = second;
    validation.commit = QStringLiteral("bench");
    validation.command = QStringLiteral("npm test");
    std::optional<tasks::ValidationResult> result;
    QEventLoop loop;
    QObject::connect(&runner, &tasks::ValidationRunner::finished, &loop,
                     [&](const tasks::ValidationResult &r) {
                         result = r;
                         loop.quit();
                     });
    QElapsedTimer timer;
    timer.start();
    runner.start(validation);
    loop.exec();
    const double validateMs = double(timer.nsecsElapsed()) / 1e6;
    std::printf("validation in the second checkout: %s, %.0f ms\n",
                qPrintable(result ? result->summary() : QStringLiteral("none")), validateMs);

    QJsonObject figures{
        {QStringLiteral("bench"), QStringLiteral("env")},
        {QStringLiteral("dependency_files"), files},
        {QStringLiteral("first_setup_ms"), firstMs},
        {QStringLiteral("first_cache"), a->cache},
        {QStringLiteral("second_setup_ms"), secondMs},
        {QStringLiteral("second_cache"), b->cache},
        {QStringLiteral("second_validation_ms"), validateMs},
        {QStringLiteral("second_validation_passed"), result && result->passedOverall()},
        {QStringLiteral("machine"), bench::machine()}};
    bench::printResult(figures);
    return result && result->passedOverall() ? 0 : 1;
}
