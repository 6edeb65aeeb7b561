#include "app/commands/CalibrateCommand.h"

#include "app/EngineFactory.h"
#include "app/commands/CalibrateOutput.h"
#include "calibration/CalibrationSession.h"
#include "store/StoreReader.h"
#include "store/StoreWriter.h"

#include <QEventLoop>
#include <QJsonDocument>

namespace agentdesk::app {

namespace {

using namespace calibration;

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

struct CalibrateArguments
{
    QString repository;
    QList<tasks::ModelRef> reviewers;
    std::optional<tasks::ModelRef> implementer;
    int bugs = 20;
    int depth = 40;
    std::optional<Money> budget = Money::fromCents(100);
    QString base = QStringLiteral("HEAD");
    qint64 task = 0;
    bool json = false;
};

// Returns the error for `err`, or empty when the arguments parsed.
QString parse(const QStringList &arguments, CalibrateArguments &parsed)
{
    for (int i = 0; i < arguments.size(); ++i) {
        QString name = arguments.at(i);
        QString value;
        if (const qsizetype equals = name.indexOf(QLatin1Char('='));
            name.startsWith(QLatin1String("--")) && equals > 0) {
            value = name.mid(equals + 1);
            name = name.left(equals);
        } else if (name != QLatin1String("--json")) {
            if (i + 1 >= arguments.size())
                return QStringLiteral("%1 needs a value").arg(name);
            value = arguments.at(++i);
        }
        bool ok = true;
        if (name == QLatin1String("--json")) {
            parsed.json = true;
        } else if (name == QLatin1String("--repo")) {
            parsed.repository = value;
        } else if (name == QLatin1String("--reviewer") || name == QLatin1String("--implementer")) {
            const std::optional<tasks::ModelRef> model = tasks::ModelRef::parse(value);
            if (!model)
                return QStringLiteral("%1 takes PROVIDER:MODEL, e.g. anthropic:claude-haiku-4-5")
                    .arg(name);
            if (name == QLatin1String("--implementer"))
                parsed.implementer = *model;
            else if (!parsed.reviewers.contains(*model))
                parsed.reviewers.append(*model);
        } else if (name == QLatin1String("--bugs")) {
            parsed.bugs = value.toInt(&ok);
            ok = ok && parsed.bugs > 0 && parsed.bugs <= 500;
        } else if (name == QLatin1String("--depth")) {
            parsed.depth = value.toInt(&ok);
            ok = ok && parsed.depth > 0;
        } else if (name == QLatin1String("--budget")) {
            parsed.budget = Money::parseDollars(value);
            ok = parsed.budget && !parsed.budget->isNegative() && !parsed.budget->isZero();
        } else if (name == QLatin1String("--base")) {
            parsed.base = value;
        } else if (name == QLatin1String("--task")) {
            parsed.task = value.toLongLong(&ok);
            ok = ok && parsed.task > 0;
        } else {
            return QStringLiteral("unknown option %1").arg(name);
        }
        if (!ok)
            return QStringLiteral("%1 does not take '%2'").arg(name, value);
    }
    // The implementer's model runs as a reviewer too: the split, measured.
    if (parsed.implementer && !parsed.reviewers.contains(*parsed.implementer))
        parsed.reviewers.append(*parsed.implementer);
    if (parsed.repository.isEmpty())
        return QStringLiteral("--repo PATH is required");
    if (parsed.reviewers.isEmpty())
        return QStringLiteral("at least one --reviewer PROVIDER:MODEL is required");
    return QString();
}

// A finished task's diff (its base commit to its last iteration's head) instead of history.
Result<Change> taskChange(const QString &databasePath, qint64 taskId)
{
    {
        // The writer creates and migrates the file; the reader needs it at the current schema.
        auto writer = store::StoreWriter::open(databasePath);
        if (!writer)
            return writer.error();
    }
    auto reader = store::StoreReader::open(databasePath);
    if (!reader)
        return reader.error();
    auto detail = (*reader)->loadTask(taskId);
    if (!detail)
        return detail.error();
    Change change;
    change.parent = detail->task.spec.baseCommit;
    for (const tasks::Iteration &iteration : detail->iterations) {
        if (!iteration.headCommit.isEmpty())
            change.commit = iteration.headCommit;
    }
    if (change.commit.isEmpty())
        return makeError(
            QStringLiteral("task-unfinished"),
            QStringLiteral("Task %1 has no committed work to calibrate on.").arg(taskId));
    change.title = detail->task.spec.title;
    change.prompt = detail->task.spec.prompt;
    return change;
}

void printEstimate(QTextStream &err, const CalibrationPlan &plan, const RunEstimate &estimate,
                   const std::optional<Money> &budget)
{
    err << QStringLiteral("Seeded %1 bugs in %2 of %3 recent changes; %4 reviews, expected %5, at "
                          "most %6 (budget %7).\n")
               .arg(plan.variants.size())
               .arg(plan.usedChanges().size())
               .arg(plan.changesScanned)
               .arg(estimate.slots.size())
               .arg(estimate.expected.format(), estimate.worstCase.format(),
                    budget ? budget->format() : QStringLiteral("none"));
    for (const QString &note : plan.notes)
        err << "note: " << note << '\n';
    err.flush();
}

int runCalibrate(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    CalibrateArguments args;
    if (const QString error = parse(arguments, args); !error.isEmpty()) {
        err << "agentdesk calibrate: " << error << '\n';
        return kExitUsage;
    }
    auto config = engineConfigFromSettings();
    if (!config) {
        err << "agentdesk calibrate: " << config.errorMessage() << '\n';
        return kExitFailed;
    }
    PlanRequest planRequest;
    planRequest.repositoryPath = args.repository;
    planRequest.revision = args.base;
    planRequest.bugs = args.bugs;
    planRequest.historyDepth = args.depth;
    if (args.task > 0) {
        Result<Change> change = taskChange((*config)->databasePath, args.task);
        if (!change) {
            err << "agentdesk calibrate: " << change.errorMessage() << '\n';
            return kExitFailed;
        }
        planRequest.change = *change;
    }
    CalibrationSession session({(*config)->providers, (*config)->prices});
    QEventLoop loop;
    int status = kExitFailed;
    RunRequest runRequest;
    int totalReviews = 0;
    QString reference = args.implementer ? args.implementer->toString() : QString();
    QObject::connect(&session, &CalibrationSession::planFailed, &loop, [&](const Error &error) {
        err << "agentdesk calibrate: " << error.message << '\n';
        loop.quit();
    });
    QObject::connect(&session, &CalibrationSession::planned, &loop,
                     [&](const CalibrationPlan &plan) {
                         runRequest.plan = plan;
                         runRequest.reviewers = args.reviewers;
                         runRequest.budget = args.budget;
                         runRequest.databasePath = (*config)->databasePath;
                         Result<RunEstimate> started = session.run(runRequest);
                         if (!started) {
                             err << "agentdesk calibrate: " << started.errorMessage() << '\n';
                             loop.quit();
                             return;
                         }
                         totalReviews = int(started->slots.size());
                         printEstimate(err, plan, *started, args.budget);
                     });
    QObject::connect(&session, &CalibrationSession::reviewed, &loop,
                     [&](const ReviewResult &result) {
                         err << reviewProgressLine(runRequest, result, totalReviews);
                         err.flush();
                     });
    QObject::connect(&session, &CalibrationSession::finished, &loop,
                     [&](const CalibrationReport &report) {
                         if (args.json)
                             out << QJsonDocument(calibrationJson(report, reference)).toJson();
                         else
                             out << calibrationTable(report, reference);
                         status = report.status == QLatin1String("finished") ||
                                          report.status == QLatin1String("budget-reached")
                                      ? 0
                                      : kExitFailed;
                         loop.quit();
                     });
    session.plan(planRequest);
    loop.exec();
    return status;
}

} // namespace

HeadlessCommand calibrateCommand()
{
    return {QStringLiteral("calibrate"),
            QStringLiteral("calibrate --repo PATH --reviewer PROVIDER:MODEL [--reviewer ...] "
                           "[--implementer PROVIDER:MODEL] [--bugs N] [--budget USD] [--base "
                           "BRANCH] [--depth N] [--task ID] [--json]"),
            QStringLiteral("Measure reviewers: seed known bugs into copies of recent changes, "
                           "review each, print catch rates per class with cost"),
            runCalibrate};
}

} // namespace agentdesk::app
