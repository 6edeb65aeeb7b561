#pragma once

#include "agents/AgentRequest.h"
#include "agents/Permission.h"
#include "agents/cli/CliStreamParser.h"
#include "core/Result.h"

#include <QByteArray>
#include <QMap>
#include <QProcessEnvironment>
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

// What the backend prepared for one run before asking for the command line.
struct CliRunContext
{
    QString promptFile;                    // holds the prompt when the adapter needsPromptFile()
    QString privateTempDir;                // an empty folder of this run's own, removed after it
    QProcessEnvironment parentEnvironment; // ours, before scrubbing (to find the CLI's config)
};

// The command line and the variables one run needs; `program` is what CliBackend resolves.
struct CliInvocation
{
    QStringList arguments;
    QMap<QString, QString> environment; // set on purpose (a key, a base URL, TMPDIR)
    QStringList inheritedVariables;     // also copied from ours, past the scrub (CODEX_HOME)
    QByteArray input;                   // written to standard input at start
    bool keepInputOpen = false;         // the agent takes answers on standard input
};

// How a CLI's spending can be known and held.
struct CliMetering
{
    enum class Cost
    {
        Reported,  // the CLI prints its own cost (Claude Code, Aider): no price needed
        UsageOnly, // tokens only: a budget needs a price for the model (Codex)
        Unmetered, // neither (custom commands): a budget cannot be kept
    };
    enum class Timing
    {
        PerCall,   // usage arrives with each model call: a budget stops within a turn
        EndOfTurn, // usage arrives only when a turn ends (Codex): stopped between turns
        Never,
    };
    Cost cost = Cost::UsageOnly;
    Timing timing = Timing::PerCall;
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
    virtual Result<CliInvocation> invocation(const AgentRequest &request,
                                             const CliRunContext &context) const = 0;
    virtual std::unique_ptr<CliStreamParser> createParser(const AgentRequest &request) const = 0;
    virtual bool needsPromptFile() const { return false; }

    virtual CliMetering metering() const { return {}; }
    // The model the CLI will use when the task names `requested` (empty: the CLI's default,
    // which may come from its own configuration); empty when AgentDesk cannot know it.
    virtual QString effectiveModel(const QString &requested,
                                   const QProcessEnvironment &environment) const;
    // Whether the CLI can ask before it uses a tool and wait for the answer.
    virtual bool canAskPermissions() const { return false; }
    // The bytes that answer `request` on the CLI's standard input; empty when it cannot ask.
    virtual QByteArray encodePermissionAnswer(const PermissionRequest &request,
                                              const PermissionDecision &decision) const;

    const CliSettings &settings() const { return m_settings; }

protected:
    // Refuses a budget that is already spent, so the CLI is never started to fail at once.
    static VoidResult checkBudget(const AgentRequest &request);

private:
    CliSettings m_settings;
};

} // namespace agentdesk::agents
