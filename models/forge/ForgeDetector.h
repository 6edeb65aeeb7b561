#pragma once

#include "core/Result.h"
#include "forge/ForgeConfig.h"
#include "forge/GitProcess.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace agentdesk::forge {

struct ForgeDetection
{
    ForgeConfig config;
    QString remoteUrl; // the remote's push URL as git resolves it (insteadOf applied), no user info
    Result<ForgeTarget> target = makeError(QStringLiteral("forge-not-detected"), QString());
};

// Reads a repository's agentdesk.* git config and its remote's push URL with the system git
// (so insteadOf/pushInsteadOf rules apply as they do for the push), then resolves the forge.
// Asynchronous: two short git children, one after the other; `done` is called once, later.
class ForgeDetector : public QObject
{
    Q_OBJECT
public:
    explicit ForgeDetector(QObject *parent = nullptr);

    void setGitProgram(const QString &program) { m_git = program; }
    void setEnvironment(const QProcessEnvironment &base) { m_environment = base; }

    void detect(const QString &repositoryPath, std::function<void(const ForgeDetection &)> done);

private:
    void readRemote(const QString &repositoryPath, ForgeDetection detection,
                    std::function<void(const ForgeDetection &)> done);
    ProcessRequest request(const QString &repositoryPath, const QStringList &arguments) const;

    QString m_git = QStringLiteral("git");
    QProcessEnvironment m_environment = QProcessEnvironment::systemEnvironment();
};

// Writes one agentdesk.* key to the repository's own config (`git config --local`), or
// removes it when the value is empty: what Settings → Repository edits. Values are checked
// first (forge name, API URL, owner/name, boolean), so a typo is an error, not a broken
// publish later.
class ForgeConfigEditor : public QObject
{
    Q_OBJECT
public:
    explicit ForgeConfigEditor(QObject *parent = nullptr);
    void setGitProgram(const QString &program) { m_git = program; }

    static VoidResult checkValue(const QString &key, const QString &value);
    void write(const QString &repositoryPath, const QString &key, const QString &value,
               std::function<void(VoidResult)> done);

private:
    QString m_git = QStringLiteral("git");
};

} // namespace agentdesk::forge
