// Issue 16, breaks 2 and 12: an agent that ran unsandboxed planted a smudge filter, an
// fsmonitor and a hooks path in the repository's config and ~/.gitconfig. AgentDesk's own git
// children run none of them and see no key; the guard detects and reverts every such change;
// the temporary checkouts a killed AgentDesk left behind are removed, and only those.

#include "TempRepository.h"

#include "core/ProcessIdentity.h"
#include "git/GitCommand.h"
#include "git/GitConfigGuard.h"
#include "git/GitLibrary.h"
#include "git/Repository.h"
#include "git/TaskWorktrees.h"
#include "git/TemporaryCheckouts.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace agentdesk;
using namespace agentdesk::git;
using agentdesk::test::TempRepository;

namespace {

QByteArray read(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool write(const QString &path, const QByteArray &bytes, bool executable = false)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return false;
    file.close();
    if (executable)
        file.setPermissions(file.permissions() | QFile::ExeOwner);
    return true;
}

} // namespace

class TestGitSafety : public QObject
{
    Q_OBJECT

private:
    GitLibrary m_git;
    QTemporaryDir m_scratch;

    // Plants what the hostile agent planted: every hook and driver writes a marker (with the
    // environment it saw) into `marker`.
    static void plant(const TempRepository &repo, const QString &home, const QString &marker)
    {
        const QString script =
            QStringLiteral("#!/bin/sh\nenv >> %1\necho ran-$0 >> %1\ncat\n").arg(marker);
        QVERIFY(write(repo.scratchPath(QStringLiteral("evil.sh")), script.toUtf8(), true));
        const QString evil = repo.scratchPath(QStringLiteral("evil.sh"));
        QVERIFY(
            repo.git({QStringLiteral("config"), QStringLiteral("filter.evil.smudge"), evil}).ok());
        QVERIFY(repo.git({QStringLiteral("config"), QStringLiteral("filter.evil.required"),
                          QStringLiteral("true")})
                    .ok());
        // A long-running process filter: it writes the marker and quits instead of speaking
        // the filter protocol (git carries on without it: it is not required).
        const QString evilProcess = repo.scratchPath(QStringLiteral("evil-process.sh"));
        QVERIFY(write(evilProcess,
                      QStringLiteral("#!/bin/sh\nenv >> %1\necho ran-process >> %1\nexit 1\n")
                          .arg(marker)
                          .toUtf8(),
                      true));
        QVERIFY(repo.git({QStringLiteral("config"), QStringLiteral("filter.lfsish.process"),
                          evilProcess})
                    .ok());
        QVERIFY(repo.git({QStringLiteral("config"), QStringLiteral("core.fsmonitor"), evil}).ok());
        QVERIFY(repo.git({QStringLiteral("config"), QStringLiteral("core.hooksPath"),
                          repo.scratchPath(QStringLiteral("hooks"))})
                    .ok());
        QVERIFY(
            write(repo.scratchPath(QStringLiteral("hooks/post-checkout")), script.toUtf8(), true));
        QVERIFY(write(repo.path() + QStringLiteral("/.git/hooks/post-checkout"), script.toUtf8(),
                      true));
        // And in the user's own ~/.gitconfig, which an unsandboxed agent can write too.
        QVERIFY(write(home + QStringLiteral("/.gitconfig"),
                      QStringLiteral("[filter \"homeevil\"]\n\tsmudge = %1\n\trequired = true\n"
                                     "[core]\n\tfsmonitor = %1\n")
                          .arg(evil)
                          .toUtf8()));
    }

private Q_SLOTS:
    // `git worktree add --detach` (the validation checkout) over a tree whose attributes name
    // the planted filters: nothing planted runs, and the checkout still succeeds.
    void plantedFiltersHooksAndFsmonitorNeverRun()
    {
        TempRepository repo;
        QVERIFY(repo.isValid());
        QVERIFY(repo.writeFile(QStringLiteral(".gitattributes"),
                               "*.txt filter=evil\n*.dat filter=lfsish\n*.md filter=homeevil\n"));
        QVERIFY(repo.writeFile(QStringLiteral("a.txt"), "plain text\n"));
        QVERIFY(repo.writeFile(QStringLiteral("b.dat"), "data\n"));
        QVERIFY(repo.writeFile(QStringLiteral("c.md"), "# doc\n"));
        const QString head = repo.commitAll(QStringLiteral("files with attributes"));
        const QString marker = m_scratch.filePath(QStringLiteral("marker.txt"));
        const QString home = QDir::homePath(); // the test's own HOME (ctest gives each suite one)
        plant(repo, home, marker);
        auto cleanHome = qScopeGuard([&] { QFile::remove(home + QStringLiteral("/.gitconfig")); });

        // The probe works: plain git, as before the fix, runs the planted filter.
        const QString control = m_scratch.filePath(QStringLiteral("control"));
        repo.git({QStringLiteral("worktree"), QStringLiteral("add"), QStringLiteral("--detach"),
                  control, head});
        QVERIFY2(read(marker).contains("ran-"), "the planted filter did not run for plain git");
        QFile::remove(marker);
        repo.git({QStringLiteral("worktree"), QStringLiteral("remove"), QStringLiteral("--force"),
                  control});

        qputenv("ANTHROPIC_API_KEY", "sk-ant-GITCHILDxLEAKx0123456789abcdef");
        const QString checkout = m_scratch.filePath(QStringLiteral("validation"));
        const VoidResult added = TemporaryCheckouts::add(repo.path(), head, checkout);
        qunsetenv("ANTHROPIC_API_KEY");
        QVERIFY2(added.ok(), qPrintable(added.errorMessage()));
        QVERIFY2(!QFile::exists(marker), read(marker).constData());
        QCOMPARE(read(checkout + QStringLiteral("/a.txt")), QByteArray("plain text\n"));
        QCOMPARE(read(checkout + QStringLiteral("/b.dat")), QByteArray("data\n"));
        QCOMPARE(read(checkout + QStringLiteral("/c.md")), QByteArray("# doc\n"));
        const Result<GitRun> status =
            GitCommand::run(checkout, {QStringLiteral("status"), QStringLiteral("--porcelain")});
        QVERIFY(status.ok());
        QVERIFY2(!QFile::exists(marker), "git status ran the planted fsmonitor or a filter");
        QVERIFY(TemporaryCheckouts::remove(repo.path(), checkout).ok());
        QVERIFY(!QFileInfo::exists(checkout));
    }

    void gitChildrenGetAMinimalEnvironment()
    {
        qputenv("OPENAI_API_KEY", "sk-proj-GITENVxLEAK0123456789abcdef");
        qputenv("GIT_DIR", "/nonexistent");
        const QProcessEnvironment environment = GitCommand::environment(
            Identity{QStringLiteral("Ada"), QStringLiteral("ada@example.invalid")});
        qunsetenv("OPENAI_API_KEY");
        qunsetenv("GIT_DIR");
        QVERIFY(!environment.contains(QStringLiteral("OPENAI_API_KEY")));
        QVERIFY(!environment.contains(QStringLiteral("GIT_DIR")));
        QCOMPARE(environment.value(QStringLiteral("GIT_CONFIG_NOSYSTEM")), QStringLiteral("1"));
        QCOMPARE(environment.value(QStringLiteral("GIT_CONFIG_GLOBAL")),
                 QStringLiteral("/dev/null"));
        QVERIFY(environment.value(QStringLiteral("HOME")) != QDir::homePath());
        QCOMPARE(environment.value(QStringLiteral("GIT_AUTHOR_NAME")), QStringLiteral("Ada"));
        QCOMPARE(environment.value(QStringLiteral("GIT_COMMITTER_EMAIL")),
                 QStringLiteral("ada@example.invalid"));
        const QStringList keys = environment.keys();
        for (const QString &key : keys)
            QVERIFY2(!key.contains(QLatin1String("KEY")) && !key.contains(QLatin1String("TOKEN")),
                     qPrintable(key));
    }

    // After an agent turn: every change to git's configuration is found and put back.
    void guardDetectsAndRevertsEveryChange()
    {
        TempRepository repo;
        QVERIFY(repo.isValid());
        QVERIFY(repo.writeFile(QStringLiteral("a.txt"), "a\n"));
        repo.commitAll(QStringLiteral("one"));
        const QString home = m_scratch.filePath(QStringLiteral("guard-home"));
        const QString xdg = home + QStringLiteral("/.config");
        QVERIFY(write(home + QStringLiteral("/.gitconfig"), "[user]\n\tname = Ada\n"));
        const QString hook = repo.path() + QStringLiteral("/.git/hooks/pre-commit");
        QVERIFY(write(hook, "#!/bin/sh\nexit 0\n", true));
        const QByteArray config = read(repo.path() + QStringLiteral("/.git/config"));

        auto guard = GitConfigGuard::snapshot(repo.path(), home, xdg);
        QVERIFY2(guard.ok(), qPrintable(guard.errorMessage()));
        QVERIFY(guard->changes().isEmpty());

        // The agent's turn.
        QVERIFY(repo.git({QStringLiteral("config"), QStringLiteral("core.fsmonitor"),
                          QStringLiteral("/tmp/evil")})
                    .ok());
        QVERIFY(write(home + QStringLiteral("/.gitconfig"), "[core]\n\thooksPath = /tmp/x\n"));
        QVERIFY(write(xdg + QStringLiteral("/git/attributes"), "* filter=evil\n"));
        QVERIFY(write(repo.path() + QStringLiteral("/.git/info/attributes"), "* filter=evil\n"));
        QVERIFY(write(repo.path() + QStringLiteral("/.git/hooks/post-checkout"),
                      "#!/bin/sh\necho pwned\n", true));
        QVERIFY(QFile::remove(hook));

        const QList<GitConfigChange> restored = guard->restore();
        QStringList paths;
        for (const GitConfigChange &change : restored) {
            QVERIFY2(change.restored, qPrintable(change.describe()));
            paths << QFileInfo(change.path).fileName();
        }
        paths.sort();
        QCOMPARE(paths,
                 (QStringList{QStringLiteral(".gitconfig"), QStringLiteral("attributes"),
                              QStringLiteral("attributes"), QStringLiteral("config"),
                              QStringLiteral("post-checkout"), QStringLiteral("pre-commit")}));
        QCOMPARE(read(repo.path() + QStringLiteral("/.git/config")), config);
        QCOMPARE(read(home + QStringLiteral("/.gitconfig")), QByteArray("[user]\n\tname = Ada\n"));
        QVERIFY(!QFile::exists(xdg + QStringLiteral("/git/attributes")));
        QVERIFY(!QFile::exists(repo.path() + QStringLiteral("/.git/info/attributes")));
        QVERIFY(!QFile::exists(repo.path() + QStringLiteral("/.git/hooks/post-checkout")));
        QCOMPARE(read(hook), QByteArray("#!/bin/sh\nexit 0\n"));
        QVERIFY(QFileInfo(hook).isExecutable());
        QVERIFY(guard->changes().isEmpty());
    }

    // A config replaced by a link to a file the agent controls is a change too.
    void guardRevertsAConfigReplacedByALink()
    {
        TempRepository repo;
        QVERIFY(repo.isValid());
        const QString configPath = repo.path() + QStringLiteral("/.git/config");
        const QByteArray config = read(configPath);
        const QString home = m_scratch.filePath(QStringLiteral("link-home"));
        auto guard = GitConfigGuard::snapshot(repo.path(), home, home + QStringLiteral("/.config"));
        QVERIFY2(guard.ok(), qPrintable(guard.errorMessage()));
        const QString planted = m_scratch.filePath(QStringLiteral("planted-config"));
        QVERIFY(write(planted, config + "[core]\n\tfsmonitor = /tmp/evil\n"));
        QVERIFY(QFile::remove(configPath));
        QVERIFY(QFile::link(planted, configPath));
        const QList<GitConfigChange> restored = guard->restore();
        QCOMPARE(restored.size(), 1);
        QVERIFY(restored.first().restored);
        QVERIFY(!QFileInfo(configPath).isSymLink());
        QCOMPARE(read(configPath), config);
    }

    // A killed AgentDesk left its checkouts registered; the next start removes them — and
    // neither a task worktree, nor the user's own, nor a live process's checkout.
    void leftoverCheckoutsOfADeadProcessAreRemoved()
    {
        TempRepository repo;
        QVERIFY(repo.isValid());
        QVERIFY(repo.writeFile(QStringLiteral("a.txt"), "a\n"));
        const QString head = repo.commitAll(QStringLiteral("one"));

        // A dead AgentDesk's checkout: locked with its reason, as TemporaryCheckouts adds them.
        // Its pid is in use again (by this very process), but by a process started later.
        const ProcessIdentity gone{QCoreApplication::applicationPid(), QStringLiteral("1@gone")};
        const QString deadCheckout = m_scratch.filePath(QStringLiteral("tmp/agentdesk-x/head-7"));
        QDir().mkpath(QFileInfo(deadCheckout).absolutePath());
        QVERIFY(
            repo.git({QStringLiteral("worktree"), QStringLiteral("add"), QStringLiteral("--detach"),
                      QStringLiteral("--lock"), QStringLiteral("--reason"),
                      TemporaryCheckouts::lockReason(gone), deadCheckout, head})
                .ok());
        // One from before the lock reason, unlocked, under the old temporary folder's name.
        const QString legacy =
            m_scratch.filePath(QStringLiteral("tmp/agentdesk-task-Ab12Cd/base-3"));
        QDir().mkpath(QFileInfo(legacy).absolutePath());
        QVERIFY(repo.git({QStringLiteral("worktree"), QStringLiteral("add"),
                          QStringLiteral("--detach"), legacy, head})
                    .ok());
        // One whose folder the system's temp clean-up already took.
        const QString vanished =
            m_scratch.filePath(QStringLiteral("tmp/agentdesk-task-Zz99Yy/head-4"));
        QDir().mkpath(QFileInfo(vanished).absolutePath());
        QVERIFY(repo.git({QStringLiteral("worktree"), QStringLiteral("add"),
                          QStringLiteral("--detach"), vanished, head})
                    .ok());
        QVERIFY(QDir(vanished).removeRecursively());
        // Not ours: a live checkout of this process, a task worktree, the user's worktrees.
        const QString live = m_scratch.filePath(QStringLiteral("tmp/live/head-8"));
        QVERIFY(TemporaryCheckouts::add(repo.path(), head, live).ok());
        auto opened = Repository::open(repo.path());
        QVERIFY(opened.ok());
        TaskWorktrees tasks(*opened);
        TaskWorktreeSpec spec;
        spec.taskId = QStringLiteral("5");
        spec.title = QStringLiteral("task");
        spec.baseCommit = head;
        spec.root = m_scratch.filePath(QStringLiteral("worktrees"));
        const auto task = tasks.create(spec);
        QVERIFY(task.ok());
        const QString usersDetached = m_scratch.filePath(QStringLiteral("mine/base-1"));
        QVERIFY(repo.git({QStringLiteral("worktree"), QStringLiteral("add"),
                          QStringLiteral("--detach"), usersDetached, head})
                    .ok());
        const QString usersLocked = m_scratch.filePath(QStringLiteral("locked-by-user"));
        QVERIFY(
            repo.git({QStringLiteral("worktree"), QStringLiteral("add"), QStringLiteral("--lock"),
                      QStringLiteral("-b"), QStringLiteral("experiment"), usersLocked, head})
                .ok());

        const auto removed = TemporaryCheckouts::removeLeftovers(repo.path());
        QVERIFY2(removed.ok(), qPrintable(removed.errorMessage()));
        QStringList expected{deadCheckout, legacy, vanished};
        QStringList got = *removed;
        for (QString &path : got)
            path = QDir::cleanPath(path);
        for (QString &path : expected)
            path = QDir::cleanPath(path);
        got.sort();
        expected.sort();
        QVERIFY2(got == expected, qPrintable(got.join(QLatin1Char(' ')) + QStringLiteral(" vs ") +
                                             expected.join(QLatin1Char(' '))));
        const QString list =
            QString::fromUtf8(repo.git({QStringLiteral("worktree"), QStringLiteral("list")}).out);
        QVERIFY(!list.contains(deadCheckout) && !list.contains(legacy) && !list.contains(vanished));
        QVERIFY(!QFileInfo::exists(deadCheckout) && !QFileInfo::exists(legacy));
        for (const QString &kept : {live, task->path, usersDetached, usersLocked}) {
            QVERIFY2(list.contains(kept), qPrintable(kept));
            QVERIFY2(QFileInfo::exists(kept + QStringLiteral("/a.txt")), qPrintable(kept));
        }
        QVERIFY(TemporaryCheckouts::remove(repo.path(), live).ok());
    }
};

QTEST_GUILESS_MAIN(TestGitSafety)
#include "tst_gitsafety.moc"
