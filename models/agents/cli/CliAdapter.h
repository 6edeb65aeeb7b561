#pragma once

#include "agents/AgentRequest.h"
#include "agents/cli/CliStreamParser.h"
#include "core/Result.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>

namespace agentdesk::agents {

// Settings every CLI agent has, from the user's configuration.
struct CliSettings
{
    QString executable;                 // a name looked up on the search path, or an absolute path
    QStringList searchPath;             // empty: the directories of our own PATH
    QMap<QString, QString> environment; // passed on purpose, on top of the scrubbed inheritance
    QStringList extraArguments;         // appended after the adapter's own arguments
};

// The command line and the variables one run needs; `program` is what CliBackend resolves.
struct CliInvocation
{
    QStringList arguments;
    QMap<QString, QString> environment;
};

// What distinguishes one CLI agent from another: how to call it and how to read it. Immutable
// and shareable between runs; each run gets its own parser.
class CliAdapter
{
public:
    explicit CliAdapter(CliSettings settings);
    virtual ~CliAdapter();

    virtual QString backendId() const = 0;   // "claude-code"
    virtual QString displayName() const = 0; // "Claude Code"
    // `promptFile` is the path of a file holding the prompt when needsPromptFile() is true.
    virtual Result<CliInvocation> invocation(const AgentRequest &request,
                                             const QString &promptFile) const = 0;
    virtual std::unique_ptr<CliStreamParser> createParser(const AgentRequest &request) const = 0;
    virtual bool needsPromptFile() const { return false; }

    const CliSettings &settings() const { return m_settings; }

protected:
    // Refuses a budget that is already spent, so the CLI is never started to fail at once.
    static VoidResult checkBudget(const AgentRequest &request);

private:
    CliSettings m_settings;
};

} // namespace agentdesk::agents
