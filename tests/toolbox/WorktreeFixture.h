#pragma once

#include "TestProcess.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

namespace agentdesk::test {

// A real repository with one commit and a linked task worktree made by `git worktree add`, so
// the worktree's `.git` is a file pointing into the repository's shared git directory exactly
// as AgentDesk's task worktrees are. Beside them, an `outside` folder the tools must not reach.
class WorktreeFixture
{
public:
    WorktreeFixture()
    {
        const QString repo = repoPath();
        QDir().mkpath(repo);
        QDir().mkpath(outsidePath());
        m_valid = runGit(repo, {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"),
                                QStringLiteral("main")})
                      .ok();
        write(repo + QStringLiteral("/README.md"), "hello\n");
        m_valid =
            m_valid && runGit(repo, {QStringLiteral("add"), QStringLiteral("-A")}).ok() &&
            runGit(repo, {QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("-m"),
                          QStringLiteral("initial")})
                .ok() &&
            runGit(repo, {QStringLiteral("worktree"), QStringLiteral("add"), QStringLiteral("-q"),
                          QStringLiteral("-b"), QStringLiteral("agentdesk/1-task"), worktreePath()})
                .ok();
        write(outsidePath() + QStringLiteral("/secret.txt"), "outside secret\n");
    }

    bool isValid() const { return m_valid && m_dir.isValid(); }
    QString base() const { return QFileInfo(m_dir.path()).canonicalFilePath(); }
    QString repoPath() const { return base() + QStringLiteral("/repo"); }
    QString worktreePath() const { return base() + QStringLiteral("/wt"); }
    QString outsidePath() const { return base() + QStringLiteral("/outside"); }
    QString inWorktree(const QString &relative) const
    {
        return worktreePath() + QLatin1Char('/') + relative;
    }

    static bool write(const QString &path, const QByteArray &content)
    {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
    }
    static QByteArray read(const QString &path)
    {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private:
    QTemporaryDir m_dir;
    bool m_valid = false;
};

} // namespace agentdesk::test
