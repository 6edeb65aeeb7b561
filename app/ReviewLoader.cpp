#include "app/ReviewLoader.h"

#include "git/DiffEngine.h"
#include "git/Repository.h"
#include "review/DiffDocumentStream.h"
#include "store/StoreReader.h"
#include "tasks/engine/GateQuery.h"

namespace agentdesk::app {

namespace {

Result<review::DiffDocumentPtr> document(const git::Repository &repository, const QString &from,
                                         const QString &to, const std::atomic_bool *cancel)
{
    // The document is built file by file while git still prints the diff.
    review::DiffDocumentStream stream;
    git::DiffOptions options;
    options.cancelled = cancel;
    options.fileParsed = [&stream](size_t index, const git::FileDelta &file) {
        stream.add(index, file);
    };
    auto diff = git::DiffEngine::diffCommits(repository, from, to, options);
    if (!diff)
        return diff.error();
    auto built = stream.finish(diff->files, cancel);
    if (!built)
        return built.error();
    return review::DiffDocumentPtr(*built);
}

} // namespace

Result<itemmodels::ReviewSnapshot> loadReviewSnapshot(const QString &databasePath, tasks::TaskId id,
                                                      int iteration, const std::atomic_bool *cancel)
{
    auto reader = store::StoreReader::open(databasePath);
    if (!reader)
        return reader.error();
    store::StoreReader &store = **reader;
    auto detail = store.loadTask(id);
    if (!detail)
        return detail.error();

    itemmodels::ReviewSnapshot snapshot;
    snapshot.task = detail->task;
    snapshot.iterations = detail->iterations;
    for (const tasks::Iteration &it : snapshot.iterations) {
        if (iteration == 0 ? it.number > snapshot.iteration : it.number == iteration)
            snapshot.iteration = it.number;
    }
    if (auto findings = store.findings(id, snapshot.iteration))
        snapshot.findings = *findings;
    if (auto verdict = store.reviewVerdict(id, snapshot.iteration); verdict && verdict->has_value())
        snapshot.verdict = **verdict;
    if (auto validations = store.validations(id))
        snapshot.validations = *validations;
    if (auto costs = store.costs(store::CostGrouping::RoleAndModel, id)) {
        snapshot.costs = *costs;
        for (const store::CostLine &line : *costs)
            snapshot.totalCost += line.cost;
    }
    // The shown iteration's timeline (the first pages; the page asks for more when needed).
    qint64 after = 0;
    for (int page = 0; page < 20; ++page) {
        auto events = store.events(id, after, 500);
        if (!events)
            break;
        for (const store::StoredEvent &e : events->events) {
            if (e.event.iteration == snapshot.iteration || e.event.iteration == 0)
                snapshot.timeline.append(e);
        }
        after = events->nextAfterId;
        if (events->atEnd)
            break;
    }
    const tasks::Iteration *shown = snapshot.shownIteration();
    if (shown && shown->startedAt.isValid())
        snapshot.durationMs = shown->startedAt.msecsTo(
            shown->finishedAt.isValid() ? shown->finishedAt : QDateTime::currentDateTimeUtc());

    auto repository = git::Repository::open(snapshot.task.spec.repositoryPath);
    if (!repository)
        return snapshot; // the records still show; the diff needs the repository
    QString head = shown ? shown->headCommit : QString();
    if (head.isEmpty()) {
        if (auto branchHead = repository->resolveCommit(snapshot.task.branch))
            head = *branchHead;
    }
    if (!head.isEmpty()) {
        auto built = document(*repository, snapshot.task.spec.baseCommit, head, cancel);
        if (!built)
            return built.error();
        snapshot.document = *built;
        for (const tasks::Iteration &it : snapshot.iterations) {
            if (it.number == snapshot.iteration - 1 && !it.headCommit.isEmpty()) {
                if (auto since = document(*repository, it.headCommit, head, cancel))
                    snapshot.sinceLastIteration = *since;
            }
        }
    }
    if (auto gate = tasks::computeGate(store, id))
        snapshot.gate = *gate;
    else // fail closed, and say why
        snapshot.gate.reasons.append(tasks::GateReason{
            tasks::GateReason::Kind::NotReady,
            QStringLiteral("The merge gate could not be worked out: %1").arg(gate.errorMessage()),
            {},
            {}});
    if (auto radar = tasks::computeRadar(store, snapshot.task.spec.repositoryPath,
                                         snapshot.task.spec.baseBranch)) {
        QHash<tasks::TaskId, QString> titles;
        if (auto tasks = store.listTasks()) {
            for (const store::TaskSummary &summary : *tasks)
                titles.insert(summary.task.id, summary.task.spec.title);
        }
        for (const tasks::RadarPair &pair : radar->pairs) {
            if (pair.first == id)
                snapshot.conflictsWith.append(titles.value(pair.second));
            else if (pair.second == id)
                snapshot.conflictsWith.append(titles.value(pair.first));
        }
    }
    return snapshot;
}

} // namespace agentdesk::app
