#include "forge/GitProcess.h"

namespace agentdesk::forge {

namespace {

const QStringList &tokenVariables()
{
    static const QStringList names{
        QStringLiteral("GH_TOKEN"),
        QStringLiteral("GITHUB_TOKEN"),
        QStringLiteral("GH_ENTERPRISE_TOKEN"),
        QStringLiteral("GITHUB_ENTERPRISE_TOKEN"),
        QStringLiteral("GITLAB_TOKEN"),
        QStringLiteral("GITLAB_PRIVATE_TOKEN"),
        QStringLiteral("GITEA_TOKEN"),
        QStringLiteral("FORGEJO_TOKEN"),
        QStringLiteral("CI_JOB_TOKEN"),
    };
    return names;
}

} // namespace

QProcessEnvironment forgeChildEnvironment(const QProcessEnvironment &base)
{
    QProcessEnvironment env = base;
    for (const QString &name : tokenVariables())
        env.remove(name);
    // A prompt nobody sees would hold the push until its timeout.
    env.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    env.insert(QStringLiteral("GCM_INTERACTIVE"), QStringLiteral("never"));
    env.insert(QStringLiteral("GH_PROMPT_DISABLED"), QStringLiteral("1"));
    env.insert(QStringLiteral("SSH_ASKPASS_REQUIRE"), QStringLiteral("never"));
    env.remove(QStringLiteral("GIT_ASKPASS"));
    env.remove(QStringLiteral("SSH_ASKPASS"));
    // Messages are matched in English ("rejected", "Authentication failed").
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    env.remove(QStringLiteral("LANGUAGE"));
    return env;
}

ProcessRequest gitRequest(const QString &gitProgram, const QString &repository,
                          const QStringList &arguments, int timeoutMs)
{
    ProcessRequest request;
    request.program = gitProgram.isEmpty() ? QStringLiteral("git") : gitProgram;
    request.arguments = QStringList{QStringLiteral("-C"), repository} + arguments;
    request.workingDirectory = repository;
    request.environment = forgeChildEnvironment(QProcessEnvironment::systemEnvironment());
    request.timeoutMs = timeoutMs;
    return request;
}

} // namespace agentdesk::forge
