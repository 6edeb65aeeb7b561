#pragma once

#include "agents/cli/CliAdapter.h"

namespace agentdesk::agents {

struct CustomCommandSettings
{
    QString name = QStringLiteral("Custom command"); // shown in the timeline and errors
    // A command line such as `my-agent --task {prompt}` or `run.sh "{prompt_file}"`. The first
    // word is the executable (a name on the PATH or an absolute path). Quotes group words:
    // '...' literally, "..." with \" and \\ escapes; a backslash outside quotes escapes the
    // next character. Placeholders are replaced after splitting, so a prompt with spaces or
    // quotes stays one argument and is never seen by a shell.
    QString commandLine;
    QStringList searchPath;
    QMap<QString, QString> environment;
};

// Any command, run in the worktree with the prompt substituted for {prompt} or {prompt_file}.
// The cost is unmetered.
class CustomCommandAdapter : public CliAdapter
{
public:
    explicit CustomCommandAdapter(CustomCommandSettings settings);

    // Splits a command line into words (see CustomCommandSettings::commandLine); an unclosed
    // quote is an error.
    static Result<QStringList> splitCommandLine(const QString &commandLine);

    QString backendId() const override { return QStringLiteral("custom"); }
    QString displayName() const override { return m_custom.name; }
    Result<CliInvocation> invocation(const AgentRequest &request,
                                     const CliRunContext &context) const override;
    std::unique_ptr<CliStreamParser> createParser(const AgentRequest &request) const override;
    bool needsPromptFile() const override;
    CliMetering metering() const override
    {
        return {CliMetering::Cost::Unmetered, CliMetering::Timing::Never};
    }

private:
    CustomCommandSettings m_custom;
    Result<QStringList> m_words;
};

} // namespace agentdesk::agents
