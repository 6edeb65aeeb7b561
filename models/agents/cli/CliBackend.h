#pragma once

#include "agents/AgentBackend.h"
#include "agents/cli/AgentProcess.h"
#include "agents/cli/CliAdapter.h"

#include <QTemporaryDir>

#include <memory>

namespace agentdesk::agents {

// An AgentBackend that runs a CLI agent through an adapter: locates the executable, builds
// the scrubbed environment, runs it with AgentProcess in the worktree, feeds every line to the
// adapter's parser and turns the parser's verdicts into stops (authentication refused, budget
// passed) and, at the end, one outcome.
class CliBackend : public AgentBackend
{
    Q_OBJECT

public:
    explicit CliBackend(std::shared_ptr<const CliAdapter> adapter, QObject *parent = nullptr);
    ~CliBackend() override;

    QString backendId() const override;
    VoidResult start(const AgentRequest &request) override;
    void cancel() override;
    bool isRunning() const override;

    // Process limits for the next start (defaults: AgentProcessSpec's).
    void setOutputCapBytes(qint64 bytes) { m_outputCapBytes = bytes; }
    void setKillGraceMs(int ms) { m_killGraceMs = ms; }
    // The pid (and process group id) of the running CLI; 0 when none.
    qint64 processId() const { return m_process.processId(); }

private:
    Result<AgentProcessSpec> prepare(const AgentRequest &request);
    void onLine(const QByteArray &line);
    void onStderrLine(const QByteArray &line);
    void onFinished(const ProcessEnd &end);

    std::shared_ptr<const CliAdapter> m_adapter;
    AgentProcess m_process;
    std::unique_ptr<CliStreamParser> m_parser;
    std::unique_ptr<QTemporaryDir> m_scratch;
    std::optional<Money> m_budget;
    qint64 m_outputCapBytes = AgentProcessSpec().outputCapBytes;
    int m_killGraceMs = AgentProcessSpec().killGraceMs;
    int m_stderrLinesShown = 0;
    bool m_starting = false;
};

} // namespace agentdesk::agents
