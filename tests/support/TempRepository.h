#pragma once

#include "TestProcess.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

namespace agentdesk::test {

// A throwaway git repository built by code with the git command line, so tests check the git
// layer against what git itself writes. Branch "main", identity and settings fixed in the
// repository's own config (no CRLF conversion, no signing), removed with the object.
class TempRepository
{
public:
    explicit TempRepository(const QString &initialBranch = QStringLiteral("main"));

    bool isValid() const { return m_valid; }
    QString path() const { return m_dir.path() + QStringLiteral("/repo"); }
    // A scratch folder next to the repository (outside it), e.g. a worktree root.
    QString scratchPath(const QString &name) const;
    QString filePath(const QString &relative) const;

    bool writeFile(const QString &relative, const QByteArray &content, bool executable = false);
    bool removeFile(const QString &relative);
    bool makeSymlink(const QString &relative, const QString &target);
    bool setExecutable(const QString &relative, bool executable);

    // `git add -A && git commit`; returns the new HEAD id, or empty on failure.
    QString commitAll(const QString &message);
    // Runs git in the repository (or in `workdir` when given).
    ProcessOutput git(const QStringList &arguments, const QString &workdir = QString()) const;
    // `git rev-parse <revision>`, trimmed; empty on failure.
    QString revParse(const QString &revision) const;

private:
    QTemporaryDir m_dir;
    bool m_valid = false;
};

} // namespace agentdesk::test
