#include "DecisionDetector.h"

#include "DeltaLines.h"
#include "ManifestChanges.h"
#include "PathRules.h"
#include "TestMarkers.h"

#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <tuple>

namespace agentdesk::tasks::report {

namespace {

constexpr int kListCap = 10;
// Per file, skip markers and removed tests listed one by one; the rest become one decision.
constexpr int kPerFileCap = 5;

ReportDecision detected(DetectedKind kind, const QString &text, const QString &file,
                        LineRef at = {})
{
    return {
        ReportDecision::Source::Detected, detectedKindId(kind), text, file, at.line, at.oldSide};
}

bool isDeleted(const git::FileDelta &delta)
{
    return delta.status == git::DeltaStatus::Deleted;
}

// "added", "deleted", "moved from x", "changed": how a whole file changed, for decision texts.
QString howChanged(const git::FileDelta &delta)
{
    switch (delta.status) {
    case git::DeltaStatus::Added:
        return QStringLiteral("added");
    case git::DeltaStatus::Deleted:
        return QStringLiteral("deleted");
    case git::DeltaStatus::Renamed:
        return QStringLiteral("moved from %1").arg(delta.oldPath);
    case git::DeltaStatus::Copied:
        return QStringLiteral("copied from %1").arg(delta.oldPath);
    case git::DeltaStatus::Modified:
    case git::DeltaStatus::TypeChanged:
    case git::DeltaStatus::Unmodified:
        break;
    }
    return QStringLiteral("changed");
}

bool isCommentOrTrivial(const QString &trimmed)
{
    static const QRegularExpression trivial(QStringLiteral("^[\\[\\]{}(),;]*$"));
    return trivial.match(trimmed).hasMatch() || trimmed.startsWith(QLatin1String("//")) ||
           trimmed.startsWith(QLatin1String("/*")) || trimmed.startsWith(QLatin1Char('*')) ||
           trimmed.startsWith(QLatin1String("#include")) ||
           trimmed.startsWith(QLatin1String("#pragma"));
}

// The first removed line `matches` accepts, pointed at the added line that replaced it when
// there is one (the next added line before any context line), else at the removed line.
template<typename Predicate>
std::optional<LineRef> firstRemoved(const git::FileDelta &delta, Predicate matches)
{
    if (!removedLinesAreRemovals(delta))
        return std::nullopt;
    for (size_t i = 0; i < delta.lines.size(); ++i) {
        const git::DiffLine &line = delta.lines[i];
        if (line.origin != '-' || !matches(lineString(delta, line)))
            continue;
        for (size_t j = i + 1; j < delta.lines.size() && delta.lines[j].origin != ' '; ++j) {
            if (delta.lines[j].origin == '+')
                return refOf(delta.lines[j]);
        }
        return refOf(line);
    }
    return std::nullopt;
}

template<typename Predicate>
std::optional<LineRef> firstChanged(const git::FileDelta &delta, Predicate matches)
{
    for (const git::DiffLine &line : delta.lines) {
        const bool changed =
            line.origin == '+' || (line.origin == '-' && removedLinesAreRemovals(delta));
        if (changed && matches(lineString(delta, line)))
            return refOf(line);
    }
    return std::nullopt;
}

std::optional<ReportDecision> apiDecision(const git::FileDelta &delta)
{
    const QString path = delta.displayPath();
    const bool header = isHeaderPath(delta.oldPath) || isHeaderPath(delta.newPath);
    if (isInterfaceDefinitionPath(path) || (header && isInIncludeDir(path))) {
        const QString what =
            header ? QStringLiteral("Public header") : QStringLiteral("Interface definition");
        return detected(DetectedKind::PublicApi,
                        QStringLiteral("%1 %2: %3").arg(what, howChanged(delta), path), path,
                        firstChangedLine(delta));
    }
    if (header && (isDeleted(delta) || delta.status == git::DeltaStatus::Renamed)) {
        return detected(DetectedKind::PublicApi,
                        QStringLiteral("Header %1: %2 (code that includes it must change)")
                            .arg(howChanged(delta), path),
                        path);
    }
    if (header) {
        const auto at = firstRemoved(
            delta, [](const QString &text) { return !isCommentOrTrivial(text.trimmed()); });
        if (!at)
            return std::nullopt;
        return detected(DetectedKind::PublicApi,
                        QStringLiteral("Declarations removed or changed in header %1").arg(path),
                        path, *at);
    }
    return std::nullopt;
}

std::optional<ReportDecision> exportDecision(const git::FileDelta &delta)
{
    static const QRegularExpression jsExport(QStringLiteral("^\\s*export\\b"));
    static const QRegularExpression pythonExport(
        QStringLiteral("^(from\\s+\\S+\\s+import\\b|import\\s|__all__\\b)"));
    static const QRegularExpression rustExport(QStringLiteral("^\\s*pub(\\(crate\\))?\\s"));
    static const QRegularExpression goExported(QStringLiteral(
        "^(func\\s+(\\([^)]*\\)\\s*)?[A-Z]\\w*\\s*[\\(\\[]|type\\s+[A-Z]|(var|const)\\s+[A-Z])"));
    const QString path = delta.displayPath();
    const QString extension = extensionOf(path);
    if (isModuleIndexPath(path)) {
        const QRegularExpression &exports = extension == QLatin1String("py")   ? pythonExport
                                            : extension == QLatin1String("rs") ? rustExport
                                                                               : jsExport;
        const auto at = firstChanged(
            delta, [&exports](const QString &text) { return exports.match(text).hasMatch(); });
        if (at) {
            return detected(DetectedKind::PublicApi,
                            QStringLiteral("Exports changed in %1").arg(path), path, *at);
        }
    }
    if (extension == QLatin1String("go") && !path.endsWith(QLatin1String("_test.go")) &&
        !isDeleted(delta)) {
        const auto at = firstRemoved(
            delta, [](const QString &text) { return goExported.match(text).hasMatch(); });
        if (at) {
            return detected(
                DetectedKind::PublicApi,
                QStringLiteral("Exported Go declaration removed or changed in %1").arg(path), path,
                *at);
        }
    }
    return std::nullopt;
}

std::optional<ReportDecision> migrationDecision(const git::FileDelta &delta)
{
    static const QRegularExpression ddl(
        QStringLiteral("^\\s*(create|alter|drop|rename|truncate)\\b.*\\b(table|index|view|schema|"
                       "type|trigger|sequence|column|database|extension|constraint|function|"
                       "procedure)\\b|^\\s*truncate\\b"),
        QRegularExpression::CaseInsensitiveOption);
    const QString path = delta.displayPath();
    if (isMigrationPath(delta.oldPath) || isMigrationPath(delta.newPath)) {
        QString text = QStringLiteral("Migration %1: %2").arg(howChanged(delta), path);
        if (delta.status == git::DeltaStatus::Modified)
            text += QStringLiteral(" (a migration that may already have run was edited)");
        const LineRef at = delta.status == git::DeltaStatus::Added || isDeleted(delta)
                               ? LineRef{}
                               : firstChangedLine(delta);
        return detected(DetectedKind::Migration, text, path, at);
    }
    if (extensionOf(path) != QLatin1String("sql"))
        return std::nullopt;
    for (const git::DiffLine &line : delta.lines) {
        const QString text = lineString(delta, line);
        if (line.origin == ' ' || !ddl.match(text).hasMatch())
            continue;
        return detected(DetectedKind::Migration,
                        QStringLiteral("Schema change in %1: %2").arg(path, text.trimmed()), path,
                        refOf(line));
    }
    return std::nullopt;
}

// The tests a file's removed (or added) lines declare, with where each was. Each hunk is read
// on its own side in order, so attributes on the line before a function are seen.
QList<QPair<QString, LineRef>> declaredTests(const git::FileDelta &delta, char origin)
{
    QList<QPair<QString, LineRef>> tests;
    if (origin == '-' && !removedLinesAreRemovals(delta))
        return tests;
    const QString path = origin == '-' ? delta.oldPath : delta.newPath;
    // Every line of a copy is new to the project, context included (the lines the diff shows:
    // declarations far from any change are not in it).
    const bool everyLineIsNew = origin == '+' && delta.status == git::DeltaStatus::Copied;
    for (const git::DiffHunk &hunk : delta.hunks) {
        TestDeclarationReader reader(path);
        for (int i = hunk.firstLine; i < hunk.firstLine + hunk.lineCount; ++i) {
            const git::DiffLine &line = delta.lines[i];
            if (line.origin != ' ' && line.origin != origin)
                continue;
            const QString name = reader.next(lineString(delta, line));
            if (!name.isEmpty() && (line.origin == origin || everyLineIsNew))
                tests.append({name, refOf(line)});
        }
    }
    return tests;
}

// Appends a file's decisions of one kind, the first kPerFileCap of them one by one and the
// rest as one decision anchored on the first one not listed.
void appendCapped(QList<ReportDecision> &decisions, const QList<ReportDecision> &perFile,
                  const char *what)
{
    decisions << perFile.mid(0, kPerFileCap);
    if (perFile.size() <= kPerFileCap)
        return;
    ReportDecision rest = perFile.at(kPerFileCap);
    rest.text = QStringLiteral("…and %1 more %2 in %3, from here on")
                    .arg(perFile.size() - kPerFileCap)
                    .arg(QString::fromLatin1(what), rest.file);
    decisions << rest;
}

} // namespace

QList<ReportDecision> detectDependencyChanges(const Files &files)
{
    QList<ReportDecision> decisions;
    for (const git::FileDelta &delta : files) {
        const ManifestChange change = analyzeManifestChange(delta);
        if (!change.dependencies)
            continue;
        const QString path = delta.displayPath();
        const bool lockFile = std::max(manifestKind(delta.oldPath), manifestKind(delta.newPath)) ==
                              ManifestKind::LockFile;
        QString text =
            lockFile ? QStringLiteral("Lock file %1: %2").arg(howChanged(delta), path)
            : delta.status == git::DeltaStatus::Modified
                ? QStringLiteral("Dependencies changed in %1").arg(path)
                : QStringLiteral("Dependency manifest %1: %2").arg(howChanged(delta), path);
        if (!change.sections.isEmpty())
            text += QStringLiteral(" (%1)").arg(change.sections.join(QStringLiteral(", ")));
        if (change.sectionUnknown)
            text += QStringLiteral(" (including lines whose section the diff does not show)");
        decisions << detected(DetectedKind::DependencyManifest, text, path, change.at);
    }
    return decisions;
}

QList<ReportDecision> detectMigrations(const Files &files)
{
    QList<ReportDecision> decisions;
    for (const git::FileDelta &delta : files) {
        if (!changesContent(delta))
            continue;
        if (const auto decision = migrationDecision(delta))
            decisions << *decision;
    }
    return decisions;
}

QList<ReportDecision> detectPublicApiChanges(const Files &files)
{
    QList<ReportDecision> decisions;
    for (const git::FileDelta &delta : files) {
        if (!changesContent(delta))
            continue;
        if (auto decision = apiDecision(delta))
            decisions << *decision;
        else if (auto exports = exportDecision(delta))
            decisions << *exports;
    }
    return decisions;
}

QList<ReportDecision> detectDeletedTests(const Files &files,
                                         const std::optional<BaseComparison> &comparison)
{
    QSet<QString> addedAnywhere;
    for (const git::FileDelta &delta : files) {
        for (const auto &test : declaredTests(delta, '+'))
            addedAnywhere.insert(test.first);
    }
    QList<ReportDecision> decisions;
    for (const git::FileDelta &delta : files) {
        const QList<QPair<QString, LineRef>> removed = declaredTests(delta, '-');
        if (isDeleted(delta) && isTestPath(delta.oldPath)) {
            QString text = QStringLiteral("Test file deleted: %1").arg(delta.oldPath);
            const auto moved = std::count_if(removed.cbegin(), removed.cend(), [&](const auto &t) {
                return addedAnywhere.contains(t.first);
            });
            if (!removed.isEmpty()) {
                text +=
                    QStringLiteral(" (%1, %2 of them declared again elsewhere)")
                        .arg(removed.size() == 1 ? QStringLiteral("1 test")
                                                 : QStringLiteral("%1 tests").arg(removed.size()))
                        .arg(moved);
            }
            decisions << detected(DetectedKind::TestsDeleted, text, delta.oldPath);
            continue;
        }
        if ((delta.status == git::DeltaStatus::Renamed) && isTestPath(delta.oldPath) &&
            !isTestPath(delta.newPath)) {
            decisions << detected(DetectedKind::TestsDeleted,
                                  QStringLiteral("Test file moved out of the tests: %1 → %2")
                                      .arg(delta.oldPath, delta.newPath),
                                  delta.newPath);
        }
        QSet<QString> reported;
        QList<ReportDecision> removedHere;
        for (const auto &[name, at] : removed) {
            if (addedAnywhere.contains(name) || reported.contains(name))
                continue;
            reported.insert(name);
            removedHere << detected(
                DetectedKind::TestsDeleted,
                QStringLiteral("Test removed: %1 (from %2)").arg(name, delta.oldPath),
                delta.oldPath, at);
        }
        appendCapped(decisions, removedHere, "removed tests");
    }
    if (comparison && !comparison->missing.isEmpty()) {
        QStringList missing = comparison->missing;
        std::sort(missing.begin(), missing.end());
        decisions << detected(DetectedKind::TestsDeleted,
                              QStringLiteral("%1 ran on the base but not on this commit: %2")
                                  .arg(missing.size() == 1
                                           ? QStringLiteral("1 test")
                                           : QStringLiteral("%1 tests").arg(missing.size()),
                                       listWithMore(missing, kListCap)),
                              QString());
    }
    return decisions;
}

QList<ReportDecision> detectSkippedTests(const Files &files)
{
    QList<ReportDecision> decisions;
    for (const git::FileDelta &delta : files) {
        if (isDeleted(delta) || delta.binary)
            continue;
        const QString path = delta.newPath;
        QHash<QString, int> removedMarkers;
        for (const git::DiffLine &line : delta.lines) {
            if (line.origin == '-' && removedLinesAreRemovals(delta)) {
                const SkipMarker marker = skipMarkerIn(delta.oldPath, lineString(delta, line));
                if (!marker.label.isEmpty())
                    ++removedMarkers[marker.label];
            }
        }
        QList<ReportDecision> skippedHere;
        for (const git::DiffLine &line : delta.lines) {
            if (line.origin != '+')
                continue;
            const SkipMarker marker = skipMarkerIn(path, lineString(delta, line));
            if (marker.label.isEmpty())
                continue;
            if (removedMarkers.value(marker.label) > 0) {
                --removedMarkers[marker.label]; // moved or edited, not new
                continue;
            }
            const QString text =
                marker.focus
                    ? QStringLiteral("Focused test: %1 in %2 (the other tests there stop running)")
                          .arg(marker.label, path)
                    : QStringLiteral("Test skipped: %1 added in %2").arg(marker.label, path);
            skippedHere << detected(DetectedKind::TestsSkipped, text, path, refOf(line));
        }
        appendCapped(decisions, skippedHere, "skip or focus markers");
    }
    return decisions;
}

QList<ReportDecision> detectOutsidePromptPaths(const Files &files, const QString &text)
{
    const QStringList named = pathsNamedIn(text);
    if (named.isEmpty())
        return {};
    QStringList outside;
    for (const git::FileDelta &delta : files) {
        if (delta.status == git::DeltaStatus::Unmodified)
            continue;
        const bool oldInside = delta.oldPath.isEmpty() || isWithinNamedPath(delta.oldPath, named);
        const bool newInside = delta.newPath.isEmpty() || isWithinNamedPath(delta.newPath, named);
        if (!oldInside || !newInside)
            outside << delta.displayPath();
    }
    if (outside.isEmpty())
        return {};
    std::sort(outside.begin(), outside.end());
    const QString count = outside.size() == 1
                              ? QStringLiteral("1 changed file is")
                              : QStringLiteral("%1 changed files are").arg(outside.size());
    return {detected(
        DetectedKind::OutsidePromptPaths,
        QStringLiteral("%1 outside the paths the prompt names (%2): %3")
            .arg(count, listWithMore(named, kListCap), listWithMore(outside, 2 * kListCap)),
        outside.size() == 1 ? outside.front() : QString())};
}

std::optional<QString> linkTarget(const git::FileDelta &delta)
{
    constexpr quint32 linkMode = 0120000;
    if (delta.newMode != linkMode || delta.status == git::DeltaStatus::Deleted)
        return std::nullopt;
    QStringList added;
    for (const git::DiffLine &line : delta.lines) {
        if (line.origin == '+')
            added << QString::fromUtf8(delta.lineText(line));
    }
    return added.join(QLatin1Char('\n'));
}

QList<ReportDecision> detectLinksOutsideRepository(const Files &files)
{
    QList<ReportDecision> decisions;
    for (const git::FileDelta &delta : files) {
        const std::optional<QString> target = linkTarget(delta);
        if (!target || !git::leavesRepository({delta.newPath, *target}))
            continue;
        decisions << detected(DetectedKind::LinkOutsideRepository,
                              QStringLiteral("%1 is a symbolic link to %2, outside the "
                                             "repository: merging puts that link in your "
                                             "checkout")
                                  .arg(delta.newPath, *target),
                              delta.newPath);
    }
    return decisions;
}

void sortDetectedDecisions(QList<ReportDecision> &decisions)
{
    const auto order = [](const ReportDecision &decision) {
        const std::optional<DetectedKind> kind = detectedKindFromId(decision.kind);
        return kind ? static_cast<int>(*kind) : 1000;
    };
    std::stable_sort(decisions.begin(), decisions.end(),
                     [&order](const ReportDecision &a, const ReportDecision &b) {
                         return std::tuple(order(a), a.file, a.line, a.oldSide, a.text) <
                                std::tuple(order(b), b.file, b.line, b.oldSide, b.text);
                     });
}

QString listWithMore(const QStringList &items, int cap)
{
    if (items.size() <= cap)
        return items.join(QStringLiteral(", "));
    return items.mid(0, cap).join(QStringLiteral(", ")) +
           QStringLiteral(" and %1 more").arg(items.size() - cap);
}

} // namespace agentdesk::tasks::report

namespace agentdesk::tasks {

QList<ReportDecision> detectDecisions(const ReportInput &input)
{
    using namespace report;
    QList<ReportDecision> decisions;
    decisions << detectDependencyChanges(input.files) << detectMigrations(input.files)
              << detectPublicApiChanges(input.files)
              << detectDeletedTests(input.files, input.baseComparison)
              << detectSkippedTests(input.files)
              << detectOutsidePromptPaths(input.files,
                                          input.prompt + QLatin1Char('\n') + input.requestText)
              << detectLinksOutsideRepository(input.files);
    sortDetectedDecisions(decisions);
    return decisions;
}

QList<git::SymbolicLink> changedLinks(const std::vector<git::FileDelta> &files)
{
    QList<git::SymbolicLink> links;
    for (const git::FileDelta &delta : files) {
        if (const std::optional<QString> target = report::linkTarget(delta))
            links.append({delta.newPath, *target});
    }
    std::sort(
        links.begin(), links.end(),
        [](const git::SymbolicLink &a, const git::SymbolicLink &b) { return a.path < b.path; });
    return links;
}

QList<store::FindingRecord> linkFindings(const std::vector<git::FileDelta> &files)
{
    QList<store::FindingRecord> findings;
    for (const git::SymbolicLink &link : changedLinks(files)) {
        if (!git::leavesRepository(link))
            continue;
        store::FindingRecord finding;
        finding.title = QStringLiteral("Symbolic link to outside the repository: %1 → %2")
                            .arg(link.path, link.target);
        finding.body = QStringLiteral("Merging puts a link in your checkout that points at %1, "
                                      "outside the repository (or into git's own files). Tools "
                                      "that follow it read or write there. Acknowledge this "
                                      "finding only if the link is intended.")
                           .arg(link.target);
        finding.category = QStringLiteral("security");
        finding.priority = 0;
        finding.confidence = 1.0;
        finding.file = link.path;
        finding.side = QStringLiteral("new");
        finding.startLine = 1;
        finding.endLine = 1;
        finding.anchored = true;
        findings.append(finding);
    }
    return findings;
}

} // namespace agentdesk::tasks
