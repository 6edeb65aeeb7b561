#include "ForgeWorld.h"

#include "store/StoreReader.h"

#include <QFile>

namespace agentdesk::test {

ForgeWorld::ForgeWorld(bool withHelper, const QByteArray &preReceiveHook)
{
    if (!m_repo.isValid() || !m_server.isValid() || !m_server.listen()) {
        m_error = QStringLiteral("no git repository, git http-backend or loopback port");
        return;
    }
    m_server.setCredentials(user, password);
    m_bare = m_server.createRepository(QStringLiteral("widgets"));
    m_repo.writeFile(QStringLiteral("README.md"), "# Widgets\n");
    m_repo.writeFile(QStringLiteral("src/widget.py"), "def widget():\n    return 1\n");
    m_main = m_repo.commitAll(QStringLiteral("initial"));
    // main reaches the remote by path (no hook, no HTTP): the test's pushes are the tasks'.
    const bool seeded =
        !m_bare.isEmpty() && !m_main.isEmpty() &&
        m_repo
            .git({QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("--no-verify"),
                  m_bare, QStringLiteral("main:refs/heads/main")})
            .ok() &&
        m_repo
            .git({QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"),
                  m_server.url(QStringLiteral("widgets"))})
            .ok();
    if (!seeded || (!preReceiveHook.isEmpty() &&
                    !m_server.setPreReceiveHook(QStringLiteral("widgets"), preReceiveHook))) {
        m_error = QStringLiteral("could not seed the remote");
        return;
    }
    if (withHelper &&
        !m_repo
             .git({QStringLiteral("config"), QStringLiteral("credential.helper"),
                   QStringLiteral(
                       "!f() { test \"$1\" = get && printf 'username=%1\\npassword=%2\\n'; }; f")
                       .arg(user, password)})
             .ok()) {
        m_error = QStringLiteral("could not configure the credential helper");
        return;
    }
    m_valid = true;
}

bool ForgeWorld::configureForge(const QString &kind, const QString &apiUrl,
                                const QString &repository)
{
    return m_repo.git({QStringLiteral("config"), QStringLiteral("agentdesk.forge"), kind}).ok() &&
           m_repo.git({QStringLiteral("config"), QStringLiteral("agentdesk.forgeApiUrl"), apiUrl})
               .ok() &&
           m_repo
               .git({QStringLiteral("config"), QStringLiteral("agentdesk.forgeRepository"),
                     repository})
               .ok();
}

QString ForgeWorld::commitOnBranch(const QString &branch, const QString &file,
                                   const QByteArray &content)
{
    const bool exists = !m_repo.revParse(QStringLiteral("refs/heads/") + branch).isEmpty();
    const QStringList checkout =
        exists ? QStringList{QStringLiteral("checkout"), QStringLiteral("-q"), branch}
               : QStringList{QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"),
                             branch, QStringLiteral("main")};
    if (!m_repo.git(checkout).ok())
        return QString();
    m_repo.writeFile(file, content);
    const QString sha = m_repo.commitAll(QStringLiteral("change ") + file);
    m_repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")});
    return sha;
}

QString ForgeWorld::remoteSha(const QString &branch) const
{
    const ProcessOutput out =
        runGit(m_bare, {QStringLiteral("rev-parse"), QStringLiteral("--verify"),
                        QStringLiteral("-q"), QStringLiteral("refs/heads/") + branch});
    return out.ok() ? QString::fromUtf8(out.out).trimmed() : QString();
}

bool ForgeWorld::installEnvironmentDump(const QString &dumpPath)
{
    const QString hook = m_repo.path() + QStringLiteral("/.git/hooks/pre-push");
    QFile file(hook);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.write("#!/bin/sh\nenv >> '" + dumpPath.toUtf8() + "'\nexit 0\n");
    file.close();
    return file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                               QFileDevice::ExeOwner);
}

QString sampleReport(const QString &title, const QString &head, int iteration)
{
    return QStringLiteral(
               "# %1\n\nIteration %3: `1111111` → `%2`.\n\n## What changed\n\nThe widget "
               "greets by name.\n\n| File | Change | Added | Removed |\n|:-----|:-------|------:|"
               "--------:|\n| `src/widget.py` | modified | 2 | 1 |\n\n**1 file changed, 2 lines "
               "added, 1 removed**\n\n## Which tests passed\n\nValidated commit `%2` with "
               "`pytest` (1.2 s, sandboxed).\n\nResult: **passed**. 4 passed, 0 failed, 0 "
               "skipped (exit code 0).\n\nCompared with the base `1111111`: no newly failing "
               "tests.\n\n## Decisions to review\n\n### The implementer's\n\n- "
               "`src/widget.py:2`: Greeting text is English only\n")
        .arg(title, head.left(7), QString::number(iteration));
}

namespace {

VoidResult walk(store::StoreWriter &writer, tasks::TaskId id, const QList<tasks::TaskState> &states)
{
    for (qsizetype i = 0; i + 1 < states.size(); ++i) {
        if (VoidResult moved = writer.transitionTask(id, states.at(i), states.at(i + 1)); !moved)
            return moved;
    }
    return {};
}

} // namespace

Result<StoredTask> createReadyTask(store::StoreWriter &writer, const QString &repositoryPath,
                                   const QString &title, const QString &baseCommit,
                                   const std::function<QString(const QString &branch)> &makeBranch)
{
    using S = tasks::TaskState;
    tasks::TaskSpec spec = tasks::TaskSpec::withDefaults(tasks::RiskLevel::Low);
    spec.repositoryPath = repositoryPath;
    spec.baseBranch = QStringLiteral("main");
    spec.baseCommit = baseCommit;
    spec.title = title;
    spec.prompt = QStringLiteral("Greet by name in src/widget.py");
    spec.budget = Money::fromNanodollars(1'000'000'000);
    auto id = writer.createTask(spec);
    if (!id)
        return id.error();
    auto reader = store::StoreReader::open(writer.path());
    if (!reader)
        return reader.error();
    auto detail = (*reader)->loadTask(*id);
    if (!detail)
        return detail.error();
    const QString branch = detail->task.branch;
    const QString head = makeBranch(branch);
    if (head.isEmpty())
        return makeError(QStringLiteral("test"), QStringLiteral("no branch"));
    if (VoidResult done = walk(writer, *id, {S::Queued, S::Preparing, S::Implementing}); !done)
        return done.error();
    tasks::Iteration iteration;
    iteration.number = 1;
    iteration.baseCommit = baseCommit;
    iteration.startedAt = QDateTime::currentDateTimeUtc();
    if (VoidResult done = writer.startIteration(*id, iteration); !done)
        return done.error();
    if (VoidResult done = walk(writer, *id, {S::Implementing, S::Validating, S::Reviewing}); !done)
        return done.error();
    store::FindingRecord blocker;
    blocker.title = QStringLiteral("Name may be None");
    blocker.body = QStringLiteral("greet(None) prints 'Hello None'");
    blocker.category = QStringLiteral("null-check");
    blocker.priority = 1;
    blocker.file = QStringLiteral("src/widget.py");
    blocker.startLine = 2;
    blocker.endLine = 2;
    blocker.anchored = true;
    store::FindingRecord minor = blocker;
    minor.title = QStringLiteral("Docstring | missing");
    minor.body = QString();
    minor.priority = 3;
    minor.startLine = 1;
    if (auto saved = writer.saveFindings(*id, 1, {blocker, minor}); !saved)
        return saved.error();
    store::LedgerEntry entry;
    entry.taskId = *id;
    entry.provider = QStringLiteral("anthropic");
    entry.model = QStringLiteral("claude-sonnet-4-5");
    entry.inputTokens = 12000;
    entry.outputTokens = 800;
    entry.cost = Money::fromNanodollars(48'000'000);
    entry.at = QDateTime::currentDateTimeUtc();
    if (auto recorded = writer.recordLedger(entry); !recorded)
        return recorded.error();
    if (VoidResult done = writer.finishIteration(*id, 1, head, sampleReport(title, head, 1)); !done)
        return done.error();
    if (VoidResult done = walk(writer, *id, {S::Reviewing, S::ReadyForReview}); !done)
        return done.error();
    return StoredTask{*id, branch};
}

VoidResult addRevision(store::StoreWriter &writer, tasks::TaskId id, int number,
                       const QString &baseCommit, const QString &head, const QString &report)
{
    using S = tasks::TaskState;
    if (VoidResult done = walk(writer, id, {S::ReadyForReview, S::Revising, S::Implementing});
        !done)
        return done;
    tasks::Iteration iteration;
    iteration.number = number;
    iteration.baseCommit = baseCommit;
    iteration.requestText = QStringLiteral("Handle a missing name");
    iteration.startedAt = QDateTime::currentDateTimeUtc();
    if (VoidResult done = writer.startIteration(id, iteration); !done)
        return done;
    if (VoidResult done = walk(writer, id, {S::Implementing, S::Validating, S::Reviewing}); !done)
        return done;
    if (VoidResult done = writer.finishIteration(id, number, head, report); !done)
        return done;
    return walk(writer, id, {S::Reviewing, S::ReadyForReview});
}

} // namespace agentdesk::test
