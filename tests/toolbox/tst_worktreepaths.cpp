#include "WorktreeFixture.h"
#include "agents/toolbox/WorktreePaths.h"

#include <QtTest>

using agentdesk::agents::WorktreePaths;
using agentdesk::test::WorktreeFixture;
using Access = WorktreePaths::Access;

Q_DECLARE_METATYPE(WorktreePaths::Access)

class TestWorktreePaths : public QObject
{
    Q_OBJECT

private:
    WorktreeFixture m_fixture;

    static void row(const char *name, const QString &path, Access access, const char *errorCode,
                    const char *resolvedRelative)
    {
        QTest::newRow(name) << path << access << QString::fromLatin1(errorCode)
                            << QString::fromLatin1(resolvedRelative);
    }
    static void row(const char *name, const char *path, Access access, const char *errorCode,
                    const char *resolvedRelative)
    {
        row(name, QString::fromLatin1(path), access, errorCode, resolvedRelative);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_fixture.isValid());
        const QString wt = m_fixture.worktreePath();
        const QString outside = m_fixture.outsidePath();
        QVERIFY(WorktreeFixture::write(wt + QStringLiteral("/src/a.txt"), "a\n"));
        QVERIFY(QFile::link(outside, wt + QStringLiteral("/toOutside")));
        QVERIFY(QFile::link(QStringLiteral("/tmp"), wt + QStringLiteral("/toTmp")));
        QVERIFY(QFile::link(QStringLiteral("/etc/passwd"), wt + QStringLiteral("/toPasswd")));
        // chain1 -> chain2 (inside) -> outside/secret.txt
        QVERIFY(QFile::link(QStringLiteral("chain2"), wt + QStringLiteral("/chain1")));
        QVERIFY(
            QFile::link(outside + QStringLiteral("/secret.txt"), wt + QStringLiteral("/chain2")));
        // ok1 -> ok2 -> src/a.txt, all inside
        QVERIFY(QFile::link(QStringLiteral("ok2"), wt + QStringLiteral("/ok1")));
        QVERIFY(QFile::link(QStringLiteral("src/a.txt"), wt + QStringLiteral("/ok2")));
        QVERIFY(QFile::link(QStringLiteral("src"), wt + QStringLiteral("/srcLink")));
        QVERIFY(QFile::link(m_fixture.base() + QStringLiteral("/nowhere/x"),
                            wt + QStringLiteral("/dangling")));
        // A link inside the worktree whose path leaves through '..' once resolved.
        QVERIFY(QFile::link(QStringLiteral("../../outside"), wt + QStringLiteral("/src/up")));
        // Links a command could make to git's own files ("ln -s .git g").
        QVERIFY(QFile::link(QStringLiteral(".git"), wt + QStringLiteral("/toGitFile")));
        QVERIFY(QFile::link(QStringLiteral("."), wt + QStringLiteral("/toRoot")));
    }

    void resolve_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<Access>("access");
        QTest::addColumn<QString>("errorCode");
        QTest::addColumn<QString>("resolvedRelative");

        const Access r = Access::Read;
        const Access w = Access::Write;
        row("plain file", "src/a.txt", r, "", "src/a.txt");
        row("dot prefix", "./src/a.txt", r, "", "src/a.txt");
        row("root", ".", r, "", ".");
        row("new nested file", "new/dir/f.txt", w, "", "new/dir/f.txt");
        row("empty", "", r, "path-empty", "");
        row("parent", "../x", r, "path-parent", "");
        row("parent in the middle", "src/../../outside/secret.txt", r, "path-parent", "");
        row("harmless-looking parent", "src/../src/a.txt", w, "path-parent", "");
        row("absolute", "/etc/passwd", r, "path-absolute", "");
        row("absolute inside", m_fixture.inWorktree(QStringLiteral("src/a.txt")), r,
            "path-absolute", "");
        row("symlink to /tmp", "toTmp", r, "path-outside-worktree", "");
        row("through symlinked dir", "toOutside/secret.txt", r, "path-outside-worktree", "");
        row("new file through symlinked dir", "toOutside/planted.txt", w, "path-outside-worktree",
            "");
        row("through /tmp link, new", "toTmp/x/y", w, "path-outside-worktree", "");
        row("symlink to passwd", "toPasswd", r, "path-outside-worktree", "");
        row("symlink chain out", "chain1", r, "path-outside-worktree", "");
        row("relative link with ..", "src/up/secret.txt", r, "path-outside-worktree", "");
        row("symlink chain inside", "ok1", r, "", "src/a.txt");
        row("symlinked dir inside", "srcLink/a.txt", w, "", "src/a.txt");
        row("dangling write", "dangling", w, "path-dangling-symlink", "");
        row("dangling read", "dangling", r, "path-dangling-symlink", "");
        row("git file write", ".git", w, "path-git-dir", "");
        row("nested git dir write", "sub/.git/hooks/pre-commit", w, "path-git-dir", "");
        row("git file read", ".git", r, "", ".git");
        row("git file write through a link", "toGitFile", w, "path-git-dir", "");
        row("git file write through a root link", "toRoot/.git", w, "path-git-dir", "");
        row("git file read through a link", "toGitFile", r, "", ".git");
        row("new file under git's files through a link", "toGitFile/new", w, "path-git-dir", "");
        row("upper-case git dir write", ".GIT/config", w, "path-git-dir", "");
        row("mixed-case git dir write", "sub/.Git/hooks/post-checkout", w, "path-git-dir", "");
        row("git dir with a trailing dot", ".git./config", w, "path-git-dir", "");
        row("git dir's short name", "GIT~1/config", w, "path-git-dir", "");
        row("NUL in a name", QStringLiteral("a") + QChar(0) + QStringLiteral("b.txt"), w,
            "path-invalid-character", "");
        row("newline in a name", "a\nb.txt", w, "path-invalid-character", "");
        row("NUL read", QStringLiteral("src") + QChar(0), r, "path-invalid-character", "");
        row("gitignore is a project file", ".gitignore", w, "", ".gitignore");
        row("a folder named like a bare repo", "foo.git/x", w, "", "foo.git/x");
        row("gitignore through a root link", "toRoot/.gitignore", w, "", ".gitignore");
    }

    void resolve()
    {
        QFETCH(QString, path);
        QFETCH(Access, access);
        QFETCH(QString, errorCode);
        QFETCH(QString, resolvedRelative);

        const WorktreePaths paths(m_fixture.worktreePath());
        QVERIFY(paths.isValid());
        const auto resolved = paths.resolve(path, access);
        if (!errorCode.isEmpty()) {
            QVERIFY2(!resolved.ok(), qPrintable(resolved.ok() ? *resolved : QString()));
            QCOMPARE(resolved.errorCode(), errorCode);
            QVERIFY(!resolved.errorMessage().isEmpty());
            return;
        }
        QVERIFY2(resolved.ok(), qPrintable(resolved.errorMessage()));
        QCOMPARE(paths.display(*resolved), resolvedRelative);
        QVERIFY(paths.contains(*resolved));
    }

    void gitControlPathsOfLinkedWorktree()
    {
        const QStringList paths = WorktreePaths::gitControlPaths(m_fixture.worktreePath());
        const QString common =
            QFileInfo(m_fixture.repoPath() + QStringLiteral("/.git")).canonicalFilePath();
        QVERIFY(paths.contains(m_fixture.worktreePath() + QStringLiteral("/.git")));
        QVERIFY(paths.contains(common));
        QVERIFY(paths.contains(common + QStringLiteral("/worktrees/wt")));
        // Agree with git about where the shared directory is.
        const auto gitCommon = agentdesk::test::runGit(m_fixture.worktreePath(),
                                                       {QStringLiteral("rev-parse"),
                                                        QStringLiteral("--path-format=absolute"),
                                                        QStringLiteral("--git-common-dir")});
        QVERIFY(gitCommon.ok());
        QCOMPARE(QFileInfo(QString::fromUtf8(gitCommon.out.trimmed())).canonicalFilePath(), common);
    }

    void gitControlPathsOfMainCheckout()
    {
        const QStringList paths = WorktreePaths::gitControlPaths(m_fixture.repoPath());
        QCOMPARE(paths, QStringList{m_fixture.repoPath() + QStringLiteral("/.git")});
    }

    void missingRootIsInvalid()
    {
        const WorktreePaths paths(m_fixture.base() + QStringLiteral("/does-not-exist"));
        QVERIFY(!paths.isValid());
    }
};

QTEST_GUILESS_MAIN(TestWorktreePaths)
#include "tst_worktreepaths.moc"
