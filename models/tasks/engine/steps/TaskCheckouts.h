#pragma once

#include "core/Result.h"
#include "tasks/TaskId.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class QTemporaryDir;

namespace agentdesk::tasks {

// A run's temporary detached checkouts (of the head for validation and review, of the base for
// the comparison) in a private folder, made like git::TemporaryCheckouts makes them (locked
// with this process's mark, so a crash's leftovers are found at the next start; hooks and
// filters off), but without blocking the runner's thread: each add and remove waits its turn
// in the repository's git::WorktreeQueue and runs its git child asynchronously. Removed when
// done, and at the latest with this object. A child of the runner, on its thread.
class TaskCheckouts : public QObject
{
    Q_OBJECT

public:
    using Added = std::function<void(const Result<QString> &path)>;

    TaskCheckouts(QString repositoryPath, TaskId taskId, QObject *parent);
    ~TaskCheckouts() override;

    // A detached checkout of exactly `commit`, named after `label` ("head", "base"); `done`
    // is called later, on this thread, with its path.
    void add(const QString &commit, const QString &label, Added done);
    // Removes it; `done` is called later, on this thread.
    void remove(const QString &path, std::function<void()> done);
    // Removes every checkout left now, waiting for the repository's turn: for the end of the
    // run, when nothing else is left to do on this thread.
    void removeAll();

private:
    VoidResult ensureScratch();

    QString m_repositoryPath;
    TaskId m_taskId = 0;
    std::unique_ptr<QTemporaryDir> m_scratch;
    QString m_commonDir; // the repository's git directory (its WorktreeQueue lane)
    QStringList m_paths;
};

} // namespace agentdesk::tasks
