#include "calibration/VariantGenerator.h"

#include "git/CommitObjects.h"
#include "git/DiffEngine.h"
#include "git/Repository.h"

#include <algorithm>

namespace agentdesk::calibration {

namespace {

constexpr qsizetype kMaxFileBytes = 512 * 1024;

// FNV-1a: the same order on every machine and every run (qHash is seeded per process).
quint64 stableHash(const QString &text)
{
    quint64 hash = 1469598103934665603ULL;
    for (QChar c : text) {
        hash ^= c.unicode();
        hash *= 1099511628211ULL;
    }
    return hash;
}

QString lineKey(const Candidate &candidate)
{
    return QStringLiteral("%1:%2:%3")
        .arg(candidate.change)
        .arg(candidate.file)
        .arg(candidate.mutation.line);
}

QStringList splitLines(const QByteArray &bytes)
{
    QStringList lines = QString::fromUtf8(bytes).split(QLatin1Char('\n'));
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines;
}

Candidate candidateFrom(int changeIndex, const QString &path, const SourceFile &file,
                        const Mutation &mutation)
{
    Candidate candidate;
    candidate.change = changeIndex;
    candidate.file = path;
    candidate.language = file.language();
    candidate.mutation = mutation;
    candidate.original = file.bytes();
    candidate.variant = mutation.apply(file);
    const int linesAfter =
        file.lineCount() - mutation.removedLines + (mutation.replacement ? 1 : 0);
    candidate.seededLine = mutation.seededLine(linesAfter);
    QStringList removed;
    for (int i = mutation.line; i < mutation.line + mutation.removedLines; ++i)
        removed.append(file.line(i));
    candidate.originalText = removed.join(QLatin1Char('\n'));
    candidate.seededText = mutation.replacement.value_or(QString());
    candidate.spread = stableHash(path + QString::number(mutation.line) + mutation.description);
    return candidate;
}

} // namespace

Result<QList<Change>> VariantGenerator::recentChanges(const git::Repository &repository,
                                                      const PlanRequest &request)
{
    auto history =
        git::CommitObjects::firstParentHistory(repository, request.revision, request.historyDepth);
    if (!history)
        return history.error();
    QList<Change> changes;
    for (const git::CommitInfo &commit : std::as_const(*history)) {
        if (commit.isRoot() || commit.isMerge())
            continue;
        Change change;
        change.parent = commit.parents.first();
        change.commit = commit.id;
        change.title = commit.summary;
        change.prompt = commit.message.section(QLatin1Char('\n'), 1).trimmed();
        if (change.prompt.isEmpty())
            change.prompt = commit.summary;
        changes.append(change);
    }
    return changes;
}

Result<QList<Candidate>> VariantGenerator::candidates(const git::Repository &repository,
                                                      const Change &change, int changeIndex,
                                                      const PlanRequest &request)
{
    auto diff = git::DiffEngine::diffCommits(repository, change.parent, change.commit);
    if (!diff)
        return diff.error();
    const git::DiffTotals totals = git::DiffEngine::totals(diff->files);
    QList<Candidate> found;
    if (totals.added > request.maxChangeAddedLines || totals.files > request.maxChangeFiles)
        return found;
    for (const git::FileDelta &delta : diff->files) {
        const std::optional<Language> language = languageOf(delta.newPath);
        if (!language || delta.newPath.isEmpty() || delta.binary || delta.tooLarge ||
            delta.newSize > kMaxFileBytes || isTestOrVendoredPath(delta.newPath) ||
            (delta.newMode != 0100644 && delta.newMode != 0100755))
            continue;
        QSet<int> added;
        for (const git::DiffLine &line : delta.lines) {
            if (line.origin == '+' && line.newLineNo > 0)
                added.insert(line.newLineNo - 1);
        }
        if (added.isEmpty())
            continue;
        auto bytes = git::CommitObjects::readFile(repository, change.commit, delta.newPath);
        if (!bytes)
            return bytes.error();
        const std::optional<SourceFile> file = SourceFile::parse(*language, *bytes);
        if (!file)
            continue;
        for (const Mutation &mutation : mutationsOf(*file, added)) {
            Candidate candidate = candidateFrom(changeIndex, delta.newPath, *file, mutation);
            if (differsInOnePlace(candidate.original, candidate.variant, mutation))
                found.append(std::move(candidate));
        }
    }
    return found;
}

bool VariantGenerator::differsInOnePlace(const QByteArray &original, const QByteArray &variant,
                                         const Mutation &mutation)
{
    if (original == variant)
        return false;
    const QStringList before = splitLines(original);
    const QStringList after = splitLines(variant);
    qsizetype prefix = 0;
    while (prefix < before.size() && prefix < after.size() && before.at(prefix) == after.at(prefix))
        ++prefix;
    qsizetype suffix = 0;
    while (suffix < before.size() - prefix && suffix < after.size() - prefix &&
           before.at(before.size() - 1 - suffix) == after.at(after.size() - 1 - suffix))
        ++suffix;
    const qsizetype removed = before.size() - prefix - suffix;
    const qsizetype inserted = after.size() - prefix - suffix;
    // Equal neighbours can make the changed run look shorter than the mutation, never longer.
    if (removed > mutation.removedLines || inserted > (mutation.replacement ? 1 : 0))
        return false;
    return prefix >= mutation.line && prefix <= mutation.line + mutation.removedLines;
}

CandidateQueue::CandidateQueue(const QList<Candidate> &candidates, int perChange)
    : m_candidates(candidates)
    , m_perChange(perChange)
{
    const QList<BugClass> &classes = allBugClasses();
    m_byClass.resize(classes.size());
    m_cursor.fill(0, classes.size());
    for (int i = 0; i < candidates.size(); ++i)
        m_byClass[classes.indexOf(candidates.at(i).mutation.bugClass)].append(i);
    for (QList<int> &indexes : m_byClass) {
        std::stable_sort(indexes.begin(), indexes.end(), [&candidates](int a, int b) {
            const Candidate &x = candidates.at(a);
            const Candidate &y = candidates.at(b);
            return x.change != y.change ? x.change < y.change : x.spread < y.spread;
        });
    }
}

std::optional<int> CandidateQueue::next()
{
    for (int tried = 0; tried < m_byClass.size(); ++tried) {
        const int bugClass = (m_class + tried) % int(m_byClass.size());
        const QList<int> &indexes = m_byClass.at(bugClass);
        qsizetype &cursor = m_cursor[bugClass];
        while (cursor < indexes.size()) {
            const int index = indexes.at(cursor++);
            const Candidate &candidate = m_candidates.at(index);
            if (m_acceptedPerChange.value(candidate.change) >= m_perChange ||
                m_usedLines.contains(lineKey(candidate)))
                continue;
            m_lastClass = bugClass;
            m_class = (bugClass + 1) % int(m_byClass.size());
            return index;
        }
    }
    return std::nullopt;
}

void CandidateQueue::reject()
{
    m_class = m_lastClass;
}

void CandidateQueue::accept(int index)
{
    const Candidate &candidate = m_candidates.at(index);
    ++m_acceptedPerChange[candidate.change];
    m_usedLines.insert(lineKey(candidate));
}

} // namespace agentdesk::calibration
