#include "tasks/engine/steps/IterationContext.h"

#include "agents/api/StoreSpendJournal.h"
#include "git/Repository.h"
#include "store/StoreReader.h"

namespace agentdesk::tasks {

IterationContext::IterationContext(RunnerParams runnerParams)
    : params(std::move(runnerParams))
{}

IterationContext::~IterationContext() = default;

VoidResult IterationContext::computeDiff()
{
    if (m_diff)
        return {};
    auto repository = git::Repository::open(spec().repositoryPath);
    if (!repository)
        return repository.error();
    auto diff = git::DiffEngine::diffCommits(*repository, spec().baseCommit, headCommit);
    if (!diff)
        return makeError(diff.errorCode(),
                         QStringLiteral("Could not diff the task: %1").arg(diff.errorMessage()));
    m_diff = std::move(*diff);
    return {};
}

const std::vector<git::FileDelta> &IterationContext::diffFiles() const
{
    static const std::vector<git::FileDelta> none;
    return m_diff ? m_diff->files : none;
}

agents::ApiAgentConfig
IterationContext::apiAgentConfig(const agents::ProviderSettings &provider) const
{
    agents::ApiAgentConfig agentConfig;
    agentConfig.provider = provider;
    agentConfig.prices = config().prices;
    agentConfig.taskId = QString::number(taskId());
    agentConfig.iteration = iteration();
    agentConfig.dailyRemaining = params.dailyRemaining;
    agentConfig.daily = params.daily;
    agentConfig.network = network;
    // Durable spend (issue 16 item 6): each call's worst case stored before it leaves. It
    // was never wired in: a call killed in flight was in no ledger (the fault suite's kills).
    if (params.writer)
        agentConfig.journal = std::make_shared<agents::StoreSpendJournal>(params.writer);
    return agentConfig;
}

} // namespace agentdesk::tasks
