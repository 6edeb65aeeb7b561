#include "tasks/publish/PublishContent.h"

#include "store/StoreReader.h"
#include "tasks/report/MarkdownText.h"

#include <algorithm>

namespace agentdesk::tasks {

namespace {

using report::codeSpan;
using report::inlineText;

QString findingWhere(const store::FindingRecord &f)
{
    if (f.file.isEmpty())
        return QStringLiteral("–");
    QString where = f.file;
    if (f.startLine > 0) {
        where += QLatin1Char(':') + QString::number(f.startLine);
        if (f.endLine > f.startLine)
            where += QLatin1Char('-') + QString::number(f.endLine);
    }
    if (f.side == QLatin1String("old"))
        where += QStringLiteral(" (removed)");
    return codeSpan(where, true);
}

QString findingStatus(const store::FindingRecord &f)
{
    QString status = store::findingStatusStorageName(f.status);
    if (f.acknowledged)
        status += QStringLiteral(", acknowledged");
    if (!f.anchored && !f.file.isEmpty())
        status += QStringLiteral(", not on a changed line");
    return status;
}

QString findingsSection(QList<store::FindingRecord> findings)
{
    if (findings.isEmpty())
        return QStringLiteral("The reviewer raised no findings.");
    std::sort(findings.begin(), findings.end(),
              [](const store::FindingRecord &a, const store::FindingRecord &b) {
                  return std::tie(a.priority, a.file, a.startLine, a.id) <
                         std::tie(b.priority, b.file, b.startLine, b.id);
              });
    QStringList lines{QStringLiteral("| Priority | Where | Finding | Status |"),
                      QStringLiteral("|:---------|:------|:--------|:-------|")};
    for (const store::FindingRecord &f : findings) {
        QString text = QStringLiteral("**%1**").arg(inlineText(f.title));
        if (!f.body.trimmed().isEmpty())
            text += QStringLiteral(": ") + inlineText(f.body);
        lines.append(QStringLiteral("| P%1 | %2 | %3 | %4 |")
                         .arg(QString::number(f.priority), findingWhere(f), text,
                              inlineText(findingStatus(f))));
    }
    return lines.join(QLatin1Char('\n'));
}

QString costSection(const PublishSource &source)
{
    QStringList lines;
    QString total = QStringLiteral("**%1**").arg(source.totalCost.format());
    if (source.task.spec.budget.nanodollars() > 0)
        total += QStringLiteral(" of a %1 budget").arg(source.task.spec.budget.format());
    lines.append(QStringLiteral("Total: ") + total + QLatin1Char('.'));
    if (!source.costs.isEmpty()) {
        lines << QString()
              << QStringLiteral("| Role | Model | Calls | Tokens in | Tokens out | Cost |")
              << QStringLiteral("|:-----|:------|------:|----------:|-----------:|-----:|");
        for (const store::CostLine &line : source.costs)
            lines.append(QStringLiteral("| %1 | %2 | %3 | %4 | %5 | %6 |")
                             .arg(store::ledgerRoleStorageName(line.role),
                                  codeSpan(line.provider + QLatin1Char(':') + line.model, true),
                                  QString::number(line.calls), QString::number(line.inputTokens),
                                  QString::number(line.outputTokens), line.cost.toDecimalString()));
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

Result<PublishSource> loadPublishSource(store::StoreReader &reader, TaskId id)
{
    auto detail = reader.loadTask(id);
    if (!detail)
        return detail.error();
    PublishSource source;
    source.task = detail->task;
    bool found = false;
    for (const Iteration &it : std::as_const(detail->iterations)) {
        if (!it.headCommit.isEmpty() && !it.reportMarkdown.isEmpty()) {
            source.iteration = it;
            found = true;
        }
    }
    if (!found)
        return makeError(QStringLiteral("publish-no-report"),
                         QStringLiteral("Task %1 has no finished iteration with a report to "
                                        "publish yet.")
                             .arg(id));
    auto findings = reader.findings(id, source.iteration.number);
    if (!findings)
        return findings.error();
    source.findings = *findings;
    auto costs = reader.costs(store::CostGrouping::RoleAndModel, id);
    if (!costs)
        return costs.error();
    source.costs = *costs;
    for (const store::CostLine &line : std::as_const(source.costs))
        source.totalCost += line.cost;
    return source;
}

forge::PullRequestReport buildPullRequestReport(const PublishSource &source)
{
    forge::PullRequestReport report = forge::splitReport(source.iteration.reportMarkdown);
    report.sections.append(forge::BodySection{QStringLiteral("The reviewer's findings"),
                                              findingsSection(source.findings)});
    report.sections.append(forge::BodySection{QStringLiteral("Cost"), costSection(source)});
    report.footer =
        QStringLiteral("_Published by AgentDesk from task %1, iteration %2 (commit "
                       "%3). The tests above are AgentDesk's own run on exactly "
                       "that commit, not the agent's word._")
            .arg(QString::number(source.task.id), QString::number(source.iteration.number),
                 codeSpan(source.iteration.headCommit.left(12)));
    return report;
}

} // namespace agentdesk::tasks
