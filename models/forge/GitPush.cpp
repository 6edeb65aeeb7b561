#include "forge/GitPush.h"

#include "forge/RemoteUrl.h"

namespace agentdesk::forge {

namespace {

const QString kAuthCode = QStringLiteral("push-auth");
constexpr int kMessageLines = 12;

bool containsAny(const QString &text, std::initializer_list<const char *> needles)
{
    for (const char *needle : needles) {
        if (text.contains(QLatin1String(needle), Qt::CaseInsensitive))
            return true;
    }
    return false;
}

QString serverSaid(const QStringList &messages)
{
    if (messages.isEmpty())
        return QString();
    return QStringLiteral(" The server said: ") +
           messages.mid(0, kMessageLines).join(QLatin1Char(' '));
}

QString lastErrorLine(const QString &err)
{
    const QStringList lines = err.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (qsizetype i = lines.size() - 1; i >= 0; --i) {
        const QString line = lines.at(i).trimmed();
        if (line.startsWith(QLatin1String("fatal:")) || line.startsWith(QLatin1String("error:")))
            return line;
    }
    return lines.isEmpty() ? QString() : lines.constLast().trimmed();
}

Error rejectedError(const PushedRef &ref, const QStringList &messages, const QString &remote)
{
    QString why = ref.reason.isEmpty() ? ref.summary : ref.reason;
    QString advice;
    if (ref.reason.contains(QLatin1String("non-fast-forward")) ||
        ref.reason.contains(QLatin1String("fetch first")))
        advice = QStringLiteral(" The branch on the remote has commits this task does not; "
                                "AgentDesk does not overwrite them.");
    else if (ref.reason.contains(QLatin1String("stale info")))
        advice = QStringLiteral(" Someone pushed to the branch since AgentDesk last did; "
                                "AgentDesk does not overwrite their commits.");
    return makeError(QStringLiteral("push-rejected"),
                     QStringLiteral("The remote \"%1\" refused %2: %3.%4%5")
                         .arg(remote, ref.to, why, advice, serverSaid(messages)));
}

} // namespace

PushOutcome parsePushPorcelain(const QByteArray &out)
{
    PushOutcome outcome;
    for (const QString &raw : QString::fromUtf8(out).split(QLatin1Char('\n'))) {
        if (raw.startsWith(QLatin1String("To "))) {
            outcome.remoteUrl = withoutUserInfo(raw.mid(3).trimmed());
            continue;
        }
        const QStringList fields = raw.split(QLatin1Char('\t'));
        if (fields.size() < 3 || fields.at(0).size() != 1)
            continue;
        PushedRef ref;
        ref.flag = fields.at(0).at(0);
        const QString &refs = fields.at(1);
        const qsizetype colon = refs.indexOf(QLatin1Char(':'));
        ref.from = colon < 0 ? refs : refs.left(colon);
        ref.to = colon < 0 ? refs : refs.mid(colon + 1);
        QString summary = fields.at(2).trimmed();
        // "[rejected] (non-fast-forward)": the reason is the parenthesised tail.
        if (summary.endsWith(QLatin1Char(')'))) {
            const qsizetype open = summary.indexOf(QLatin1String(" ("));
            if (open > 0) {
                ref.reason = summary.mid(open + 2, summary.size() - open - 3);
                summary = summary.left(open);
            }
        }
        ref.summary = summary;
        outcome.refs.append(ref);
    }
    return outcome;
}

QStringList remoteMessages(const QByteArray &err)
{
    QStringList messages;
    for (const QString &line : QString::fromUtf8(err).split(QLatin1Char('\n'))) {
        QString text = line;
        text.remove(QLatin1Char('\r'));
        if (!text.startsWith(QLatin1String("remote:")))
            continue;
        text = scrubUserInfo(text.mid(7).trimmed());
        if (!text.isEmpty())
            messages.append(text);
    }
    return messages;
}

bool isAuthenticationFailure(const Error &error)
{
    return error.code == kAuthCode;
}

Error describePushFailure(const ProcessResult &result, const PushOutcome &parsed,
                          const QString &remote)
{
    if (result.cancelled)
        return makeError(QStringLiteral("push-cancelled"),
                         QStringLiteral("The push was cancelled."));
    if (result.timedOut)
        return makeError(QStringLiteral("push-timeout"),
                         QStringLiteral("Pushing to \"%1\" did not finish in time and was "
                                        "stopped. Check the network and the remote's URL.")
                             .arg(remote));
    if (!result.started)
        return makeError(QStringLiteral("push-failed"),
                         QStringLiteral("git could not be started: %1").arg(result.startError));
    const QStringList messages = remoteMessages(result.err);
    for (const PushedRef &ref : parsed.refs) {
        if (ref.rejected())
            return rejectedError(ref, messages, remote);
    }
    const QString err = scrubUserInfo(QString::fromUtf8(result.err));
    const QString detail = lastErrorLine(err);
    if (containsAny(err, {"terminal prompts disabled", "could not read Username",
                          "could not read Password", "Authentication failed",
                          "Invalid username or password", "HTTP Basic: Access denied",
                          "returned error: 401", "Permission denied (publickey",
                          "returned error: 403", "Permission to "}))
        return makeError(kAuthCode,
                         QStringLiteral("The remote \"%1\" needs credentials git does not have "
                                        "(%2). Set up a credential helper or SSH key for it, "
                                        "or a forge token in Settings → Forges.")
                             .arg(remote, detail));
    if (containsAny(err, {"Repository not found", "does not appear to be a git repository",
                          "returned error: 404"}))
        return makeError(QStringLiteral("push-not-found"),
                         QStringLiteral("The remote \"%1\" has no such repository, or it is not "
                                        "visible with these credentials (%2).")
                             .arg(remote, detail));
    if (containsAny(err, {"Could not resolve host", "Connection refused", "Failed to connect",
                          "Connection timed out", "Network is unreachable",
                          "Could not read from remote repository"}))
        return makeError(
            QStringLiteral("push-network"),
            QStringLiteral("The remote \"%1\" could not be reached (%2).").arg(remote, detail));
    return makeError(QStringLiteral("push-failed"),
                     QStringLiteral("Pushing to \"%1\" failed (exit code %2): %3%4")
                         .arg(remote)
                         .arg(result.exitCode)
                         .arg(detail, serverSaid(messages)));
}

GitPush::GitPush(QObject *parent)
    : QObject(parent)
{}

QStringList GitPush::arguments(const PushRequest &request, int secretFd)
{
    QStringList args;
    if (secretFd >= 0) {
        // An empty helper first clears the user's list, so theirs neither answer nor store
        // this token. The helper prints what the pipe holds, once, for "get" only. It opens
        // the pipe by its /proc path: /bin/sh (dash) cannot redirect from a descriptor above 9.
        args << QStringLiteral("-c") << QStringLiteral("credential.helper=") << QStringLiteral("-c")
             << QStringLiteral(
                    "credential.helper=!f() { test \"$1\" = get && cat /proc/self/fd/%1; }; f")
                    .arg(secretFd);
    }
    const QString remoteBranch =
        request.remoteBranch.isEmpty() ? request.localBranch : request.remoteBranch;
    args << QStringLiteral("push") << QStringLiteral("--porcelain");
    if (!request.leaseSha.isEmpty())
        args << QStringLiteral("--force-with-lease=refs/heads/%1:%2")
                    .arg(remoteBranch, request.leaseSha);
    args << QStringLiteral("--") << request.remote
         << QStringLiteral("refs/heads/%1:refs/heads/%2").arg(request.localBranch, remoteBranch);
    return args;
}

void GitPush::start(const PushRequest &request, std::function<void(Result<PushOutcome>)> done)
{
    auto *job = new ProcessJob(this);
    m_job = job;
    int secretFd = -1;
    if (request.credential) {
        const QByteArray answer =
            QStringLiteral("username=%1\npassword=%2\n")
                .arg(request.credential->username, request.credential->password)
                .toUtf8();
        if (!job->prepareSecret(answer)) {
            job->deleteLater();
            QMetaObject::invokeMethod(
                this,
                [done] {
                    done(makeError(QStringLiteral("push-failed"),
                                   QStringLiteral("The token could not be handed to git.")));
                },
                Qt::QueuedConnection);
            return;
        }
        secretFd = job->secretFd();
    }
    ProcessRequest process =
        gitRequest(m_git, request.repositoryPath, arguments(request, secretFd), request.timeoutMs);
    process.environment = forgeChildEnvironment(m_environment);
    const QString remote = request.remote;
    const bool usedCredential = request.credential.has_value();
    job->start(process, [job, done, remote, usedCredential](const ProcessResult &result) {
        job->deleteLater();
        PushOutcome outcome = parsePushPorcelain(result.out);
        outcome.remoteMessages = remoteMessages(result.err);
        outcome.usedCredential = usedCredential;
        bool anyRejected = false;
        for (const PushedRef &ref : std::as_const(outcome.refs))
            anyRejected = anyRejected || ref.rejected();
        if (result.ok() && !anyRejected && !outcome.refs.isEmpty()) {
            done(outcome);
            return;
        }
        done(describePushFailure(result, outcome, remote));
    });
}

void GitPush::cancel()
{
    if (m_job)
        m_job->cancel();
}

} // namespace agentdesk::forge
