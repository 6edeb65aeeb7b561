#include "ReportSections.h"

#include "DecisionDetector.h"
#include "MarkdownText.h"

#include <QStringList>

#include <algorithm>
#include <array>
#include <tuple>

namespace agentdesk::tasks::report {

namespace {

QString plural(qsizetype count, const char *one, const char *many)
{
    return QStringLiteral("%1 %2").arg(count).arg(QString::fromLatin1(count == 1 ? one : many));
}

// Cuts long text at the last line break before the limit.
QString capped(const QString &text)
{
    if (text.size() <= kMaxSummaryCharacters)
        return text;
    qsizetype cut = text.lastIndexOf(QLatin1Char('\n'), kMaxSummaryCharacters);
    if (cut <= 0)
        cut = kMaxSummaryCharacters;
    return text.left(cut) + QStringLiteral("\n\n(cut: %1 more characters)").arg(text.size() - cut);
}

// "`a`, `b` and 3 more", sorted.
QString codeList(QStringList names, int cap)
{
    std::sort(names.begin(), names.end());
    QStringList shown;
    for (qsizetype i = 0; i < names.size() && i < cap; ++i)
        shown << codeSpan(names.at(i));
    QString list = shown.join(QStringLiteral(", "));
    if (names.size() > cap)
        list += QStringLiteral(" and %1 more").arg(names.size() - cap);
    return list;
}

QString modeName(quint32 mode)
{
    return QString::number(mode, 8);
}

QString fileCell(const git::FileDelta &delta)
{
    if (delta.status == git::DeltaStatus::Renamed || delta.status == git::DeltaStatus::Copied)
        return codeSpan(delta.oldPath, true) + QStringLiteral(" → ") +
               codeSpan(delta.newPath, true);
    return codeSpan(delta.displayPath(), true);
}

QString changeCell(const git::FileDelta &delta)
{
    QStringList parts{git::deltaStatusId(delta.status)};
    // A link is shown as one, with where it points: "/etc/passwd" must not pass for a file.
    if (const std::optional<QString> target = linkTarget(delta)) {
        parts << QStringLiteral("symbolic link → %1").arg(codeSpan(*target, true));
        if (git::leavesRepository({delta.newPath, *target}))
            parts << QStringLiteral("**outside the repository**");
    }
    if (delta.status == git::DeltaStatus::Renamed || delta.status == git::DeltaStatus::Copied)
        parts.front() += QStringLiteral(" (%1 % similar)").arg(delta.similarity);
    if (delta.oldMode != 0 && delta.newMode != 0 && delta.oldMode != delta.newMode)
        parts
            << QStringLiteral("mode %1 → %2").arg(modeName(delta.oldMode), modeName(delta.newMode));
    if (delta.binary)
        parts << QStringLiteral("binary");
    if (delta.tooLarge)
        parts << QStringLiteral("too large to show");
    return parts.join(QStringLiteral(", "));
}

QString summaryPart(const ReportInput &input)
{
    if (input.implementerReport && !input.implementerReport->summary.trimmed().isEmpty())
        return markdownBlock(capped(input.implementerReport->summary));
    if (!input.implementerFinalText.trimmed().isEmpty()) {
        return QStringLiteral("The implementer filed no structured report; its closing "
                              "message:\n\n") +
               quotedBlock(capped(input.implementerFinalText));
    }
    return QStringLiteral("*The implementer left no summary.*");
}

QString filesPart(std::vector<const git::FileDelta *> files)
{
    if (files.empty())
        return QStringLiteral("**No files changed.**");
    std::stable_sort(files.begin(), files.end(), [](const auto *a, const auto *b) {
        return std::pair(a->displayPath(), a->oldPath) < std::pair(b->displayPath(), b->oldPath);
    });
    QStringList rows{QStringLiteral("| File | Change | Added | Removed |"),
                     QStringLiteral("|:-----|:-------|------:|--------:|")};
    int added = 0;
    int removed = 0;
    int binary = 0;
    for (size_t i = 0; i < files.size(); ++i) {
        const git::FileDelta &delta = *files[i];
        added += delta.added;
        removed += delta.removed;
        binary += delta.binary ? 1 : 0;
        if (i >= size_t(kMaxFileRows))
            continue;
        const bool noLines = delta.binary || delta.tooLarge;
        rows << QStringLiteral("| %1 | %2 | %3 | %4 |")
                    .arg(fileCell(delta), changeCell(delta),
                         noLines ? QStringLiteral("–") : QString::number(delta.added),
                         noLines ? QStringLiteral("–") : QString::number(delta.removed));
    }
    QString text = rows.join(QLatin1Char('\n'));
    if (files.size() > size_t(kMaxFileRows)) {
        text += QStringLiteral("\n\n…and %1 (see the diff).")
                    .arg(plural(qsizetype(files.size()) - kMaxFileRows, "more file", "more files"));
    }
    text += QStringLiteral("\n\n**%1 changed, %2 added, %3 removed**")
                .arg(plural(qsizetype(files.size()), "file", "files"),
                     plural(added, "line", "lines"), QString::number(removed));
    if (binary > 0)
        text += QStringLiteral(" (%1)").arg(plural(binary, "binary file", "binary files"));
    return text;
}

QString durationText(qint64 ms)
{
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    if (ms < 120'000)
        return QStringLiteral("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
    return QStringLiteral("%1 min %2 s").arg(ms / 60'000).arg((ms / 1000) % 60);
}

QString runLine(const ReportInput &input, const ValidationResult &run)
{
    QString line = QStringLiteral("Validated commit %1").arg(codeSpan(shortCommit(run.commit)));
    if (run.commit.isEmpty())
        line = QStringLiteral("Validated an unnamed commit");
    if (!run.command.isEmpty())
        line += QStringLiteral(" with %1").arg(codeSpan(run.command));
    line +=
        QStringLiteral(" (%1, %2).")
            .arg(durationText(run.durationMs),
                 run.sandboxed ? QStringLiteral("sandboxed")
                               : QStringLiteral("not sandboxed") +
                                     (run.sandboxNote.isEmpty()
                                          ? QString()
                                          : QStringLiteral(": ") + inlineText(run.sandboxNote)));
    if (!run.commit.isEmpty() && !input.headCommit.isEmpty() && run.commit != input.headCommit) {
        line +=
            QStringLiteral("\n\n**Warning:** the validated commit %1 is not this iteration's "
                           "head %2, so this result may not describe this change.")
                .arg(codeSpan(shortCommit(run.commit)), codeSpan(shortCommit(input.headCommit)));
    }
    return line;
}

QString resultLine(const ValidationResult &run)
{
    QString counts = QStringLiteral("%1 passed, %2 failed, %3 skipped")
                         .arg(run.passed())
                         .arg(run.failed())
                         .arg(run.skipped());
    if (!run.timedOut && !run.crashed)
        counts += QStringLiteral(" (exit code %1)").arg(run.exitCode);
    QString verdict;
    if (run.timedOut)
        verdict = QStringLiteral("**timed out**: the counts are what was read before the run "
                                 "was stopped");
    else if (run.crashed)
        verdict = QStringLiteral("**crashed**: the test command did not exit normally");
    else if (run.zeroTestsRan())
        verdict = QStringLiteral("**no tests ran, which is NOT a pass**: no test result was "
                                 "found in the output or in JUnit XML");
    else if (run.passedOverall())
        verdict = QStringLiteral("**passed**");
    else if (run.failed() == 0)
        verdict = QStringLiteral("**failed**: the command failed without naming a failing test "
                                 "(a build error?)");
    else
        verdict = QStringLiteral("**failed**");
    QString text = QStringLiteral("Result: %1. %2.").arg(verdict, counts);
    if (!run.zeroTestsRan() && run.passed() == 0 && run.failed() == 0)
        text += QStringLiteral("\n\nEvery test that ran was skipped: none actually passed.");
    return text;
}

QString comparisonPart(const ValidationResult &run, const std::optional<BaseComparison> &comparison)
{
    if (!comparison) {
        const QStringList failing = run.report.names(TestStatus::Failed);
        QString text = QStringLiteral("The base commit was not validated, so failures cannot be "
                                      "told apart as new or pre-existing.");
        if (!failing.isEmpty()) {
            text += QStringLiteral("\n\nFailing (%1): %2")
                        .arg(failing.size())
                        .arg(codeList(failing, kMaxTestNames));
        }
        return text;
    }
    const auto group = [](const char *label, const QStringList &names) {
        return QStringLiteral("- %1 (%2)%3")
            .arg(QString::fromUtf8(label))
            .arg(names.size())
            .arg(names.isEmpty() ? QString()
                                 : QStringLiteral(": ") + codeList(names, kMaxTestNames));
    };
    QStringList lines{
        QStringLiteral("Compared with the base %1:")
            .arg(codeSpan(shortCommit(comparison->baseCommit))),
        QString(),
        group("Newly failing", comparison->newlyFailing),
        group("Failing on the base too", comparison->preexistingFailing),
        group("Fixed", comparison->fixed),
        group("Ran on the base but not here", comparison->missing),
    };
    if (comparison->baseRanZeroTests)
        lines << QString()
              << QStringLiteral("The base ran no tests, so there was little to compare with.");
    return lines.join(QLatin1Char('\n'));
}

QString kindLabel(const QString &kind)
{
    switch (detectedKindFromId(kind).value_or(DetectedKind::OutsidePromptPaths)) {
    case DetectedKind::DependencyManifest:
        return QStringLiteral("Dependencies");
    case DetectedKind::Migration:
        return QStringLiteral("Migration");
    case DetectedKind::PublicApi:
        return QStringLiteral("Public API");
    case DetectedKind::TestsDeleted:
        return QStringLiteral("Tests deleted");
    case DetectedKind::TestsSkipped:
        return QStringLiteral("Tests skipped");
    case DetectedKind::LinkOutsideRepository:
        return QStringLiteral("Link outside the repository");
    case DetectedKind::OutsidePromptPaths:
        break;
    }
    return QStringLiteral("Outside the prompt's paths");
}

QString decisionItem(const ReportDecision &decision)
{
    QString item = QStringLiteral("- ");
    if (decision.source == ReportDecision::Source::Detected)
        item += QStringLiteral("**%1**: ").arg(kindLabel(decision.kind));
    const QString location = decisionLocation(decision);
    if (!location.isEmpty())
        item += location + QStringLiteral(": ");
    return item + inlineText(decision.text);
}

QString decisionList(const QList<ReportDecision> &decisions, ReportDecision::Source source,
                     const QString &none)
{
    QStringList items;
    int count = 0;
    for (const ReportDecision &decision : decisions) {
        if (decision.source != source)
            continue;
        if (++count <= kMaxDecisionsPerSource)
            items << decisionItem(decision);
    }
    if (count > kMaxDecisionsPerSource)
        items << QStringLiteral("- …and %1 more").arg(count - kMaxDecisionsPerSource);
    return items.isEmpty() ? none : items.join(QLatin1Char('\n'));
}

QString findingsPart(const QList<store::FindingRecord> &findings)
{
    if (findings.isEmpty())
        return QStringLiteral("No findings.");
    std::array<int, 4> byPriority{};
    int acknowledged = 0;
    QList<const store::FindingRecord *> blocking;
    for (const store::FindingRecord &finding : findings) {
        const int priority = std::clamp(finding.priority, 0, 3);
        ++byPriority[size_t(priority)];
        acknowledged += finding.acknowledged ? 1 : 0;
        if (priority <= 1 && !finding.acknowledged)
            blocking << &finding;
    }
    QString text = QStringLiteral("%1: %2 P0 (blocker), %3 P1, %4 P2, %5 P3; %6 acknowledged.")
                       .arg(plural(findings.size(), "finding", "findings"))
                       .arg(byPriority[0])
                       .arg(byPriority[1])
                       .arg(byPriority[2])
                       .arg(byPriority[3])
                       .arg(acknowledged);
    std::stable_sort(blocking.begin(), blocking.end(), [](const auto *a, const auto *b) {
        return std::tuple(a->priority, a->file, a->startLine, a->title) <
               std::tuple(b->priority, b->file, b->startLine, b->title);
    });
    if (!blocking.isEmpty())
        text += QStringLiteral("\n\nBlocking findings not acknowledged:\n");
    for (qsizetype i = 0; i < blocking.size() && i < kMaxBlockingFindings; ++i) {
        const store::FindingRecord &finding = *blocking.at(i);
        ReportDecision anchor{ReportDecision::Source::Reviewer,
                              QString(),
                              QString(),
                              finding.file,
                              finding.startLine,
                              finding.side == QLatin1String("old")};
        const QString location = decisionLocation(anchor);
        text += QStringLiteral("\n- **P%1** %2%3")
                    .arg(std::clamp(finding.priority, 0, 3))
                    .arg(location.isEmpty() ? QString() : location + QStringLiteral(": "),
                         inlineText(finding.title));
    }
    if (blocking.size() > kMaxBlockingFindings)
        text +=
            QStringLiteral("\n- …and %1 more blocking").arg(blocking.size() - kMaxBlockingFindings);
    return text;
}

QString reviewerPart(const ReportInput &input, const QList<ReportDecision> &decisions)
{
    QStringList parts;
    if (!input.reviewError.isEmpty())
        parts << QStringLiteral("**The review failed:** %1").arg(inlineText(input.reviewError));
    if (input.verdict) {
        const store::ReviewVerdictRecord &verdict = *input.verdict;
        parts << QStringLiteral("Verdict: **%1**, confidence %2 %.")
                     .arg(verdict.correct ? QStringLiteral("correct") : QStringLiteral("incorrect"))
                     .arg(qRound(std::clamp(verdict.confidence, 0.0, 1.0) * 100));
        if (!verdict.explanation.trimmed().isEmpty())
            parts << quotedBlock(capped(verdict.explanation));
    } else if (input.reviewError.isEmpty()) {
        parts << QStringLiteral("*No review for this iteration.*");
    }
    if (input.verdict || !input.findings.isEmpty())
        parts << findingsPart(input.findings);
    if (input.verdict) {
        parts << QStringLiteral("Decisions the reviewer asks you to look at:\n\n") +
                     decisionList(decisions, ReportDecision::Source::Reviewer,
                                  QStringLiteral("*None.*"));
    }
    return parts.join(QStringLiteral("\n\n"));
}

} // namespace

QString decisionLocation(const ReportDecision &decision)
{
    if (decision.file.isEmpty())
        return {};
    QString location = decision.file;
    if (decision.line > 0)
        location += QStringLiteral(":%1").arg(decision.line);
    QString text = codeSpan(location);
    if (decision.line > 0 && decision.oldSide)
        text += QStringLiteral(" (base side)");
    return text;
}

QString whatChangedSection(const ReportInput &input)
{
    std::vector<const git::FileDelta *> files;
    for (const git::FileDelta &delta : input.files) {
        if (delta.status != git::DeltaStatus::Unmodified)
            files.push_back(&delta);
    }
    return QStringLiteral("## What changed\n\n") + summaryPart(input) + QStringLiteral("\n\n") +
           filesPart(std::move(files));
}

QString testsSection(const ReportInput &input)
{
    QString text = QStringLiteral("## Which tests passed\n\n");
    if (!input.validation) {
        return text + QStringLiteral("**No validation ran for this iteration**, so nothing here "
                                     "says the tests pass.");
    }
    const ValidationResult &run = *input.validation;
    if (!run.started) {
        text += QStringLiteral("**The validation command could not run**");
        if (!run.command.isEmpty())
            text += QStringLiteral(" (%1)").arg(codeSpan(run.command));
        return text + QStringLiteral(": %1. No test result exists for this iteration.")
                          .arg(inlineText(run.error.isEmpty() ? QStringLiteral("no reason given")
                                                              : run.error));
    }
    return text + runLine(input, run) + QStringLiteral("\n\n") + resultLine(run) +
           QStringLiteral("\n\n") + comparisonPart(run, input.baseComparison);
}

QString decisionsSection(const ReportInput &input, const QList<ReportDecision> &decisions)
{
    QString implementer;
    if (input.implementerReport)
        implementer = decisionList(decisions, ReportDecision::Source::Implementer,
                                   QStringLiteral("*None listed.*"));
    else if (!input.implementerFinalText.trimmed().isEmpty())
        implementer = QStringLiteral("*No structured report: read its closing message above.*");
    else
        implementer = QStringLiteral("*No report from the implementer.*");
    const QString detected = decisionList(decisions, ReportDecision::Source::Detected,
                                          QStringLiteral("*Nothing detected.*"));
    return QStringLiteral("## Decisions to review\n\n### The implementer's\n\n") + implementer +
           QStringLiteral("\n\n### The reviewer's\n\n") + reviewerPart(input, decisions) +
           QStringLiteral("\n\n### Detected in the change\n\n") + detected;
}

} // namespace agentdesk::tasks::report
