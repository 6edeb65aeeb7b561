#include "tasks/engine/steps/ReportStep.h"

#include "store/StoreWriter.h"
#include "tasks/engine/steps/IterationContext.h"
#include "tasks/engine/steps/RunnerRecords.h"
#include "tasks/report/TaskReport.h"

namespace agentdesk::tasks {

void ReportStep::start()
{
    const TaskSpec &spec = m_context.spec();
    ReportInput input;
    input.title = spec.title;
    input.prompt = spec.prompt;
    input.iteration = m_context.iteration();
    input.requestText = m_context.params.requestText;
    input.baseCommit = spec.baseCommit;
    input.headCommit = m_context.headCommit;
    input.files = m_context.diffFiles();
    input.implementerReport = m_context.finishReport;
    input.implementerFinalText = m_context.implementerText;
    input.validation = m_context.headValidation;
    input.baseComparison = m_context.comparison;
    if (m_context.review)
        input.verdict =
            records::verdictRecord(*m_context.review, m_context.taskId(), m_context.iteration());
    input.findings = m_context.findings;
    const TaskReport report = buildReport(input);
    if (VoidResult saved = m_context.params.writer->finishIteration(
            m_context.taskId(), m_context.iteration(), m_context.headCommit, report.markdown);
        !saved) {
        fail(saved.errorMessage());
        return;
    }
    endRun(TaskState::ReadyForReview, QString());
}

} // namespace agentdesk::tasks
