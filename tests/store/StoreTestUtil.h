#pragma once

#include "store/StoreReader.h"
#include "store/StoreWriter.h"

#include <QDir>
#include <QString>
#include <QtTest>

// Small helpers shared by the store suites.
namespace agentdesk::store::testutil {

inline tasks::TaskSpec sampleSpec(const QString &title,
                                  const QString &repository = QStringLiteral("/tmp/repo"))
{
    tasks::TaskSpec spec = tasks::TaskSpec::withDefaults(tasks::RiskLevel::Medium);
    spec.repositoryPath = repository;
    spec.baseBranch = QStringLiteral("main");
    spec.baseCommit = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
    spec.title = title;
    spec.prompt = QStringLiteral("Do the thing described by: ") + title;
    spec.validationCommand = QStringLiteral("ctest --output-on-failure");
    spec.timeouts.validateSeconds = 321;
    return spec;
}

inline LedgerEntry ledgerEntry(TaskId task, LedgerRole role, const QString &model, qint64 nanos,
                               const QString &requestId = QStringLiteral("req_0001"))
{
    LedgerEntry e;
    e.taskId = task;
    e.iteration = 1;
    e.role = role;
    e.provider = QStringLiteral("anthropic");
    e.model = model;
    e.inputTokens = 1200;
    e.outputTokens = 7;
    e.cacheReadTokens = 100;
    e.cost = Money::fromNanodollars(nanos);
    e.requestId = requestId;
    e.at = QDateTime::currentDateTimeUtc();
    return e;
}

// Walks a task from Queued through the given states, failing the test on any refusal.
inline bool walk(StoreWriter &writer, TaskId id, const QList<tasks::TaskState> &states)
{
    tasks::TaskState from = tasks::TaskState::Queued;
    for (tasks::TaskState to : states) {
        const VoidResult done = writer.transitionTask(id, from, to);
        if (!done) {
            qWarning("%s", qPrintable(done.errorMessage()));
            return false;
        }
        from = to;
    }
    return true;
}

} // namespace agentdesk::store::testutil
