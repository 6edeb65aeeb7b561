#pragma once

#include "calibration/CalibrationPlan.h"
#include "calibration/Mutation.h"
#include "core/Result.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QSet>

#include <optional>

namespace agentdesk::git {
class Repository;
}

namespace agentdesk::calibration {

// A defect that could be seeded into one file of one change.
struct Candidate
{
    int change = 0;
    QString file;
    Language language = Language::Cpp;
    Mutation mutation;
    QByteArray original; // the file as the change left it
    QByteArray variant;  // the file with the defect
    int seededLine = 0;
    QString originalText;
    QString seededText;
    quint64 spread = 0; // a stable hash that spreads picks over a change's lines
};

// The blocking half of planning: reads history and files with libgit2 (a worker's job).
class VariantGenerator
{
public:
    // First-parent commits of request.revision, newest first, that have a parent and are not
    // merges (a merge's diff is someone else's review).
    static Result<QList<Change>> recentChanges(const git::Repository &repository,
                                               const PlanRequest &request);
    // Every defect that can be seeded into the lines the change added, in files of a known
    // language that are not tests or vendored code. Changes over the request's size limits
    // give none.
    static Result<QList<Candidate>> candidates(const git::Repository &repository,
                                               const Change &change, int changeIndex,
                                               const PlanRequest &request);
    // True when `variant` is `original` with exactly the mutation's lines changed and nothing
    // else: one place, and the defect is there.
    static bool differsInOnePlace(const QByteArray &original, const QByteArray &variant,
                                  const Mutation &mutation);
};

// The order candidates are tried in: one class after another (so twenty bugs cover every
// class the code allows), newest change first within a class, spread over a change's lines,
// at most `perChange` accepted variants per change and one per line.
class CandidateQueue
{
public:
    CandidateQueue(const QList<Candidate> &candidates, int perChange);
    // The index of the next candidate to try, or nullopt when none is left.
    std::optional<int> next();
    void accept(int index);
    // The candidate last returned was refused (it no longer parsed): its class goes next
    // again, so one refusal does not cost the class its turn.
    void reject();

private:
    const QList<Candidate> &m_candidates;
    int m_perChange;
    QList<QList<int>> m_byClass;
    QList<qsizetype> m_cursor;
    int m_class = 0;
    int m_lastClass = 0;
    QHash<int, int> m_acceptedPerChange;
    QSet<QString> m_usedLines;
};

} // namespace agentdesk::calibration
