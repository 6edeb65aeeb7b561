#pragma once

#include "core/ProcessJob.h"

#include <QProcessEnvironment>
#include <QStringList>

namespace agentdesk::forge {

// The environment every git (and gh/glab) child of the forge layer gets: the user's own, so
// credential helpers, the SSH agent and config apply, minus the forge token variables
// (GH_TOKEN, GITLAB_TOKEN, ...: a token AgentDesk uses reaches git only through the
// credential exchange, never its environment, so hooks never see one), with prompts off
// (GIT_TERMINAL_PROMPT=0, no askpass programs, Git Credential Manager non-interactive): a
// background push fails instead of waiting for a person.
QProcessEnvironment forgeChildEnvironment(const QProcessEnvironment &base);

// The child-process job the forge runs git, gh and glab with (core/ProcessJob.h): the same
// one every other git child of AgentDesk goes through, here with the environment above.
using agentdesk::ProcessJob;
using agentdesk::ProcessRequest;
using agentdesk::ProcessResult;

// `git -C repo ARGS` as a request with the forge environment.
ProcessRequest gitRequest(const QString &gitProgram, const QString &repository,
                          const QStringList &arguments, int timeoutMs = 60000);

} // namespace agentdesk::forge
