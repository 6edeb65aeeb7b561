#include "TaskReport.h"

#include "MarkdownText.h"
#include "ReportSections.h"

#include <QRegularExpression>
#include <QSet>

#include <array>

namespace agentdesk::tasks {

namespace {

struct KindId
{
    DetectedKind kind;
    const char *id;
};

constexpr std::array<KindId, 7> kKindIds{{
    {DetectedKind::DependencyManifest, "dependency-manifest"},
    {DetectedKind::Migration, "migration"},
    {DetectedKind::PublicApi, "public-api"},
    {DetectedKind::TestsDeleted, "tests-deleted"},
    {DetectedKind::TestsSkipped, "tests-skipped"},
    {DetectedKind::OutsidePromptPaths, "outside-prompt-paths"},
    {DetectedKind::LinkOutsideRepository, "link-outside-repository"},
}};

// A reviewer's decision is free text; when it starts with "path:line" naming a changed file,
// the report anchors it there.
ReportDecision reviewerDecision(const QString &text, const QSet<QString> &changedPaths)
{
    static const QRegularExpression anchored(
        QStringLiteral("^\\s*`?([^\\s`:]+)(?::(\\d+))?`?\\s*(?:[-:—–]\\s*)?(.*)$"),
        QRegularExpression::DotMatchesEverythingOption);
    ReportDecision decision{ReportDecision::Source::Reviewer,
                            QStringLiteral("reviewer"),
                            text.trimmed(),
                            QString(),
                            0,
                            false};
    const QRegularExpressionMatch match = anchored.match(text);
    if (match.hasMatch() && changedPaths.contains(match.captured(1)) &&
        !match.captured(3).trimmed().isEmpty()) {
        decision.file = match.captured(1);
        decision.line = match.captured(2).toInt();
        decision.text = match.captured(3).trimmed();
    }
    return decision;
}

QList<ReportDecision> collectDecisions(const ReportInput &input)
{
    QList<ReportDecision> decisions;
    if (input.implementerReport) {
        for (const agents::ReviewDecision &decision : input.implementerReport->decisions) {
            decisions << ReportDecision{ReportDecision::Source::Implementer,
                                        QStringLiteral("implementer"),
                                        decision.description,
                                        decision.file,
                                        decision.line,
                                        false};
        }
    }
    if (input.verdict) {
        QSet<QString> changedPaths;
        for (const git::FileDelta &delta : input.files)
            changedPaths << delta.oldPath << delta.newPath;
        changedPaths.remove(QString());
        for (const QString &text : input.verdict->decisionsToReview) {
            if (!text.trimmed().isEmpty())
                decisions << reviewerDecision(text, changedPaths);
        }
    }
    decisions << detectDecisions(input);
    return decisions;
}

QString headerPart(const ReportInput &input)
{
    const QString title = input.title.trimmed().isEmpty() ? QStringLiteral("Task report")
                                                          : report::inlineText(input.title);
    // One substitution: a "%1" in the title must stay text.
    QString text =
        QStringLiteral("# %1\n\nIteration %2").arg(title, QString::number(input.iteration));
    if (!input.baseCommit.isEmpty() || !input.headCommit.isEmpty()) {
        text +=
            QStringLiteral(": %1 → %2")
                .arg(input.baseCommit.isEmpty() ? QStringLiteral("?")
                                                : report::codeSpan(shortCommit(input.baseCommit)),
                     input.headCommit.isEmpty() ? QStringLiteral("?")
                                                : report::codeSpan(shortCommit(input.headCommit)));
    }
    text += QLatin1Char('.');
    if (input.iteration > 1 && !input.requestText.trimmed().isEmpty()) {
        text +=
            QStringLiteral("\n\nRevision request:\n\n") + report::quotedBlock(input.requestText);
    }
    return text;
}

} // namespace

QString detectedKindId(DetectedKind kind)
{
    for (const KindId &entry : kKindIds) {
        if (entry.kind == kind)
            return QString::fromLatin1(entry.id);
    }
    return {};
}

std::optional<DetectedKind> detectedKindFromId(const QString &id)
{
    for (const KindId &entry : kKindIds) {
        if (id == QLatin1String(entry.id))
            return entry.kind;
    }
    return std::nullopt;
}

QString reportDecisionSourceName(ReportDecision::Source source)
{
    switch (source) {
    case ReportDecision::Source::Implementer:
        return QStringLiteral("implementer");
    case ReportDecision::Source::Reviewer:
        return QStringLiteral("reviewer");
    case ReportDecision::Source::Detected:
        break;
    }
    return QStringLiteral("detected");
}

QString shortCommit(const QString &commit)
{
    return commit.left(7);
}

TaskReport buildReport(const ReportInput &input)
{
    TaskReport result;
    result.decisions = collectDecisions(input);
    for (const git::FileDelta &delta : input.files) {
        if (delta.status == git::DeltaStatus::Unmodified)
            continue;
        ++result.filesChanged;
        result.linesAdded += delta.added;
        result.linesRemoved += delta.removed;
    }
    result.markdown = headerPart(input) + QStringLiteral("\n\n") +
                      report::whatChangedSection(input) + QStringLiteral("\n\n") +
                      report::testsSection(input) + QStringLiteral("\n\n") +
                      report::decisionsSection(input, result.decisions) + QLatin1Char('\n');
    return result;
}

} // namespace agentdesk::tasks
