#pragma once

#include "core/Result.h"
#include "forge/GitProcess.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>
#include <optional>

namespace agentdesk::forge {

// A user name and token for git's credential exchange over HTTPS. Handed to git through an
// inherited pipe that a one-off credential helper reads: never argv, never an environment
// variable, never a file.
struct PushCredential
{
    QString username;
    QString password;
};

struct PushRequest
{
    QString repositoryPath;
    QString remote = QStringLiteral("origin");
    QString localBranch;  // "agentdesk/12-fix-parser" (refs/heads/ is added)
    QString remoteBranch; // the branch on the remote; empty: the same name
    // The commit our previous publish left on the remote branch: when set, the push may
    // replace it (--force-with-lease), and only it; a commit someone else pushed is refused.
    QString leaseSha;
    // When set, the user's credential helpers are not asked: this answers instead.
    std::optional<PushCredential> credential;
    int timeoutMs = 5 * 60 * 1000;
};

// One line of `git push --porcelain`: "<flag>\t<from>:<to>\t<summary> (<reason>)".
struct PushedRef
{
    QChar flag;      // ' ' fast-forward, '+' forced, '-' deleted, '*' new, '!' rejected, '=' same
    QString from;    // refs/heads/agentdesk/…
    QString to;      // refs/heads/NAME
    QString summary; // "[new branch]", "1a2b3c..4d5e6f", "[remote rejected]"
    QString reason;  // "pre-receive hook declined", "non-fast-forward", "stale info"

    bool rejected() const { return flag == QLatin1Char('!'); }
};

struct PushOutcome
{
    QString remoteUrl; // from the "To" line, without user info
    QList<PushedRef> refs;
    QStringList remoteMessages; // the server's "remote: …" lines
    bool usedCredential = false;
};

// Parses porcelain stdout (the "To" line, one line per ref, "Done").
PushOutcome parsePushPorcelain(const QByteArray &out);
// The server's "remote: …" lines from stderr, user info scrubbed.
QStringList remoteMessages(const QByteArray &err);

// Codes of a failed push: push-rejected (a ref was refused: hook, protected branch,
// non-fast-forward, lease), push-auth (no or wrong credentials), push-not-found,
// push-network, push-timeout, push-cancelled, push-failed. `needsCredential` in the message
// is not a thing: the flow asks isAuthenticationFailure().
Error describePushFailure(const ProcessResult &result, const PushOutcome &parsed,
                          const QString &remote);
bool isAuthenticationFailure(const Error &error);

// `git push --porcelain REMOTE refs/heads/LOCAL:refs/heads/NAME` with the system git:
// the user's credential helpers, SSH agent and insteadOf rules apply; prompts are off.
// Asynchronous (a ProcessJob); `done` is called once, later, on the owner's thread.
class GitPush : public QObject
{
    Q_OBJECT
public:
    explicit GitPush(QObject *parent = nullptr);

    void setGitProgram(const QString &program) { m_git = program; }
    void setEnvironment(const QProcessEnvironment &base) { m_environment = base; }

    void start(const PushRequest &request, std::function<void(Result<PushOutcome>)> done);
    void cancel();
    bool isRunning() const { return m_job && m_job->isRunning(); }

    // The arguments for a request (after `git -C REPO`); `secretFd` ≥ 0 adds the one-off
    // credential helper reading that descriptor. For tests and logs: they never hold a secret.
    static QStringList arguments(const PushRequest &request, int secretFd);

private:
    QString m_git = QStringLiteral("git");
    QProcessEnvironment m_environment = QProcessEnvironment::systemEnvironment();
    QPointer<ProcessJob> m_job;
};

} // namespace agentdesk::forge
