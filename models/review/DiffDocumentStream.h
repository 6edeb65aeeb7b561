#pragma once

#include "core/Result.h"
#include "git/DiffTypes.h"
#include "review/DiffDocument.h"

#include <atomic>
#include <vector>

namespace agentdesk::review {

// Builds a document file by file while the diff is still being computed: hand add() to
// git::DiffOptions::fileParsed, so each file's rows are built as soon as git has printed its
// hunks (on the diffing thread, while git works on the next ones), then finish() with the
// diff's final files. Same result as DiffDocument::build(files).
class DiffDocumentStream
{
public:
    explicit DiffDocumentStream(DiffBuildOptions options = {});

    // File `index` of the diff, its hunks complete.
    void add(size_t index, const git::FileDelta &delta);
    // The diff's files as diffCommits returned them. A file whose size guard or binary flag
    // was decided after add() (or that add() never saw) is built again from `deltas`; the
    // others only take their sizes. Error "cancelled" when `cancel` turns true.
    Result<DiffDocumentPtr> finish(const std::vector<git::FileDelta> &deltas,
                                   const std::atomic_bool *cancel = nullptr);

private:
    struct Built
    {
        DiffFile file;
        bool present = false;
        bool binary = false;
        bool tooLarge = false;
    };

    DiffBuildOptions m_options;
    std::vector<Built> m_built;
};

} // namespace agentdesk::review
