#include "forge/ForgeDetector.h"

#include <QRegularExpression>

namespace agentdesk::forge {

namespace {

constexpr int kConfigTimeoutMs = 15000;

QString firstLine(const QByteArray &bytes)
{
    return QString::fromUtf8(bytes).section(QLatin1Char('\n'), 0, 0).trimmed();
}

} // namespace

ForgeDetector::ForgeDetector(QObject *parent)
    : QObject(parent)
{}

ProcessRequest ForgeDetector::request(const QString &repositoryPath,
                                      const QStringList &arguments) const
{
    ProcessRequest r = gitRequest(m_git, repositoryPath, arguments, kConfigTimeoutMs);
    r.environment = forgeChildEnvironment(m_environment);
    return r;
}

void ForgeDetector::detect(const QString &repositoryPath,
                           std::function<void(const ForgeDetection &)> done)
{
    auto *job = new ProcessJob(this);
    job->start(
        request(repositoryPath, {QStringLiteral("config"), QStringLiteral("-z"),
                                 QStringLiteral("--get-regexp"), QStringLiteral("^agentdesk\\.")}),
        [this, job, repositoryPath, done](const ProcessResult &result) {
            job->deleteLater();
            ForgeDetection detection;
            // Exit status 1: no such key, which is the usual case.
            if (!result.started || (result.exitCode != 0 && result.exitCode != 1)) {
                detection.target =
                    makeError(QStringLiteral("forge-git-failed"),
                              QStringLiteral("Reading the git config of %1 failed: %2")
                                  .arg(repositoryPath,
                                       result.started ? firstLine(result.err) : result.startError));
                done(detection);
                return;
            }
            detection.config = parseForgeConfig(result.out);
            readRemote(repositoryPath, detection, done);
        });
}

void ForgeDetector::readRemote(const QString &repositoryPath, ForgeDetection detection,
                               std::function<void(const ForgeDetection &)> done)
{
    auto *job = new ProcessJob(this);
    const QString remote = detection.config.remote;
    job->start(request(repositoryPath, {QStringLiteral("remote"), QStringLiteral("get-url"),
                                        QStringLiteral("--push"), QStringLiteral("--"), remote}),
               [job, detection, remote, done](const ProcessResult &result) mutable {
                   job->deleteLater();
                   if (!result.ok()) {
                       detection.target = makeError(
                           QStringLiteral("forge-no-remote"),
                           QStringLiteral("The repository has no remote \"%1\" to publish to. "
                                          "Add it (`git remote add %1 URL`) or name another "
                                          "with `git config %2 NAME`.")
                               .arg(remote, configkeys::remote));
                       done(detection);
                       return;
                   }
                   const QString url = firstLine(result.out);
                   detection.remoteUrl = withoutUserInfo(url);
                   detection.target = resolveForgeTarget(detection.config, url);
                   done(detection);
               });
}

ForgeConfigEditor::ForgeConfigEditor(QObject *parent)
    : QObject(parent)
{}

VoidResult ForgeConfigEditor::checkValue(const QString &key, const QString &value)
{
    if (!configkeys::all().contains(key))
        return makeError(QStringLiteral("forge-bad-config"),
                         QStringLiteral("%1 is not one of AgentDesk's git config keys.").arg(key));
    if (value.isEmpty())
        return {};
    if (key == configkeys::forge && !forgeKindFromId(value))
        return makeError(QStringLiteral("forge-bad-config"),
                         QStringLiteral("%1 is github, gitlab or gitea.").arg(key));
    if (key == configkeys::forgeApiUrl) {
        if (Result<QUrl> url = checkApiUrl(value); !url)
            return url.error();
    }
    if (key == configkeys::forgeRepository) {
        static const QRegularExpression shape(
            QStringLiteral("^[A-Za-z0-9_.\\-]+(/[A-Za-z0-9_.\\-]+)+$"));
        if (!shape.match(value).hasMatch())
            return makeError(QStringLiteral("forge-bad-config"),
                             QStringLiteral("%1 is owner/name, e.g. acme/widgets.").arg(key));
    }
    if (key == configkeys::requireForgeChecks &&
        parseForgeConfig((key + QLatin1Char('\n') + value).toUtf8()).invalid.contains(key))
        return makeError(QStringLiteral("forge-bad-config"),
                         QStringLiteral("%1 is true or false.").arg(key));
    if (key == configkeys::remote &&
        (value.startsWith(QLatin1Char('-')) || value.contains(QLatin1Char(' '))))
        return makeError(QStringLiteral("forge-bad-config"),
                         QStringLiteral("%1 names a git remote, e.g. origin.").arg(key));
    return {};
}

void ForgeConfigEditor::write(const QString &repositoryPath, const QString &key,
                              const QString &value, std::function<void(VoidResult)> done)
{
    const QString trimmed = value.trimmed();
    if (VoidResult ok = checkValue(key, trimmed); !ok) {
        QMetaObject::invokeMethod(
            this, [done, ok] { done(ok); }, Qt::QueuedConnection);
        return;
    }
    const QStringList arguments =
        trimmed.isEmpty()
            ? QStringList{QStringLiteral("config"), QStringLiteral("--local"),
                          QStringLiteral("--unset-all"), key}
            : QStringList{QStringLiteral("config"), QStringLiteral("--local"), key, trimmed};
    auto *job = new ProcessJob(this);
    job->start(gitRequest(m_git, repositoryPath, arguments, kConfigTimeoutMs),
               [job, done, trimmed, key](const ProcessResult &result) {
                   job->deleteLater();
                   // --unset-all of a key that is not there exits 5: nothing to remove.
                   if (result.ok() || (trimmed.isEmpty() && result.exitCode == 5)) {
                       done(VoidResult());
                       return;
                   }
                   done(makeError(
                       QStringLiteral("forge-git-failed"),
                       QStringLiteral("Writing %1 failed: %2")
                           .arg(key, result.started ? firstLine(result.err) : result.startError)));
               });
}

} // namespace agentdesk::forge
