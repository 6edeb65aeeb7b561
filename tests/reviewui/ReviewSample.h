#pragma once

#include "TempRepository.h"
#include "itemmodels/ReviewSnapshot.h"

#include <memory>

namespace agentdesk::test {

// A realistic task to review, built for real: a small C project (a config-file parser) in a
// TempRepository, a task branch with two iterations — the first adds config_get_int() with a
// missing null check, the revision adds the check — and a commit that landed on main since.
// Documents come from git::DiffEngine::diffCommits and review::DiffDocument::build; the
// findings, report, validation and timeline are hand-made but anchored on the real lines.
// Needs a git::GitLibrary alive.
class ReviewSample
{
public:
    static std::unique_ptr<ReviewSample> create();

    // The snapshot the engine would hand the page for iteration 1 or 2 of the task when its
    // newest iteration is `latest` (at least `iteration`): the gate, costs and iteration list
    // follow the newest, the findings, report, tests and timeline the one shown.
    itemmodels::ReviewSnapshot snapshot(int iteration, int latest = 0) const;

    const TempRepository &repository() const { return m_repo; }
    QString baseCommit() const { return m_base; }
    QString headCommit(int iteration) const { return iteration == 1 ? m_head1 : m_head2; }
    // The 1-based line of the first line containing `marker` in `path` at iteration's head.
    int lineOf(int iteration, const QString &path, const QString &marker) const;

    static constexpr qint64 nullCheckFindingId = 101;
    static constexpr qint64 overflowFindingId = 102;
    static constexpr qint64 testGapFindingId = 103;
    static constexpr qint64 nitFindingId = 104;

private:
    ReviewSample() = default;
    bool build();

    TempRepository m_repo;
    QString m_base;
    QString m_head1;
    QString m_head2;
    QString m_mainHead;
    review::DiffDocumentPtr m_document1;
    review::DiffDocumentPtr m_document2;
    review::DiffDocumentPtr m_since;
};

} // namespace agentdesk::test
