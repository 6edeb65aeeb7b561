#include "app/commands/PublishCommand.h"

#include "core/AppPaths.h"
#include "forge/PublishFlow.h"
#include "store/StoreReader.h"
#include "store/StoreWriter.h"
#include "tasks/publish/PublishPlan.h"
#include "tasks/publish/PullRequestStatus.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>
#include <QNetworkAccessManager>

namespace agentdesk::app {

namespace {

const QString kName = QStringLiteral("agentdesk publish");

struct PublishArguments
{
    tasks::TaskId task = 0;
    tasks::PublishOptions options;
    bool json = false;
    QString error;
};

PublishArguments parse(const QStringList &arguments)
{
    PublishArguments parsed;
    QStringList positional;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1String("--draft")) {
            parsed.options.draft = true;
        } else if (argument == QLatin1String("--json")) {
            parsed.json = true;
        } else if (argument == QLatin1String("--title") || argument == QLatin1String("--base")) {
            if (i + 1 >= arguments.size()) {
                parsed.error = argument + QStringLiteral(" needs a value");
                return parsed;
            }
            const QString value = arguments.at(++i);
            if (argument == QLatin1String("--title"))
                parsed.options.title = value;
            else
                parsed.options.baseBranch = value;
        } else if (argument.startsWith(QLatin1String("--"))) {
            parsed.error = QStringLiteral("unknown option ") + argument;
            return parsed;
        } else {
            positional.append(argument);
        }
    }
    bool ok = false;
    parsed.task = positional.size() == 1 ? positional.first().toLongLong(&ok) : 0;
    if (!ok || parsed.task <= 0)
        parsed.error = QStringLiteral("takes one task id, e.g. `agentdesk publish 12`");
    return parsed;
}

void printText(const QJsonObject &pr, bool created, QTextStream &out)
{
    const QString noun = pr.value(QStringLiteral("forge")).toString() == QLatin1String("gitlab")
                             ? QStringLiteral("Merge request !")
                             : QStringLiteral("Pull request #");
    out << noun << pr.value(QStringLiteral("number")).toInt() << ' '
        << (created ? "opened" : "updated") << ": " << pr.value(QStringLiteral("url")).toString()
        << '\n';
    out << "  State:   " << pr.value(QStringLiteral("state")).toString()
        << (pr.value(QStringLiteral("draft")).toBool() ? " (draft)" : "") << '\n';
    out << "  Branch:  " << pr.value(QStringLiteral("head_branch")).toString() << " at "
        << pr.value(QStringLiteral("head_sha")).toString().left(10) << " into "
        << pr.value(QStringLiteral("base_branch")).toString() << '\n';
    const QJsonObject checks = pr.value(QStringLiteral("checks")).toObject();
    out << "  Checks:  " << checks.value(QStringLiteral("state")).toString() << " ("
        << checks.value(QStringLiteral("summary")).toString() << ")\n";
}

struct Outcome
{
    bool ok = false;
    bool created = false;
    QString error;
};

// Runs the flow on this thread's event loop (the headless process has no other).
Outcome runFlow(const forge::PublishRequest &request, forge::PublishJournal &journal, bool quiet,
                QTextStream &err)
{
    QNetworkAccessManager network;
    forge::PublishSettings settings;
    settings.network = &network;
    settings.journal = &journal;
    forge::PublishFlow flow(settings);
    QEventLoop loop;
    Outcome outcome;
    QObject::connect(&flow, &forge::PublishFlow::stepChanged, &loop,
                     [&](forge::PublishStep, const QString &text) {
                         if (quiet)
                             return;
                         err << kName << ": " << text << "…\n";
                         err.flush();
                     });
    QObject::connect(
        &flow, &forge::PublishFlow::finished, &loop, [&](const forge::PublishResult &result) {
            outcome.ok = true;
            outcome.created = result.created;
            if (!result.checksError.isEmpty() && !quiet)
                err << kName << ": the checks could not be read yet: " << result.checksError
                    << '\n';
            loop.quit();
        });
    QObject::connect(&flow, &forge::PublishFlow::failed, &loop, [&](const Error &error) {
        outcome.error = error.message;
        loop.quit();
    });
    flow.start(request);
    loop.exec();
    return outcome;
}

int publish(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    const PublishArguments args = parse(arguments);
    if (!args.error.isEmpty()) {
        err << kName << ": " << args.error << '\n';
        return 2;
    }
    const QString path = AppPaths::databaseFile();
    if (!QFileInfo::exists(path)) {
        err << kName << ": there are no tasks yet (" << path << " does not exist)\n";
        return 1;
    }
    auto writer = store::StoreWriter::open(path); // first: it migrates the file
    if (!writer) {
        err << kName << ": " << writer.errorMessage() << '\n';
        return 1;
    }
    auto reader = store::StoreReader::open(path);
    if (!reader) {
        err << kName << ": " << reader.errorMessage() << '\n';
        return 1;
    }
    auto request = tasks::planPublish(**reader, args.task, args.options);
    if (!request) {
        err << kName << ": " << request.errorMessage() << '\n';
        return 1;
    }
    tasks::StorePublishJournal journal(**writer);
    const Outcome outcome = runFlow(*request, journal, args.json, err);
    if (!outcome.ok) {
        err << kName << ": " << outcome.error << '\n';
        return 1;
    }
    auto record = (*reader)->pullRequest(args.task);
    if (!record || !record->has_value()) {
        err << kName << ": the pull request was published but its record cannot be read: "
            << record.errorMessage() << '\n';
        return 1;
    }
    const QJsonObject pr = tasks::pullRequestJson(**record);
    if (args.json)
        out << QJsonDocument(QJsonObject{{QStringLiteral("task"), args.task},
                                         {QStringLiteral("created"), outcome.created},
                                         {QStringLiteral("pull_request"), pr}})
                   .toJson(QJsonDocument::Indented);
    else
        printText(pr, outcome.created, out);
    return 0;
}

} // namespace

HeadlessCommand publishCommand()
{
    return {QStringLiteral("publish"),
            QStringLiteral("publish TASK [--draft] [--title TEXT] [--base BRANCH] [--json]"),
            QStringLiteral("Push a task's branch and open its pull request (or update it after "
                           "a revision)"),
            publish};
}

} // namespace agentdesk::app
