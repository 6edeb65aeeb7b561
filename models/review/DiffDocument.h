#pragma once

#include "core/Result.h"
#include "git/DiffTypes.h"
#include "review/DiffFile.h"
#include "review/DiffFileBuilder.h"
#include "review/Finding.h"

#include <QHash>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace agentdesk::review {

// Where a (file, side, line) lands in a document.
struct RowLocation
{
    int file = -1;
    int row = -1;
};

// The side-by-side document of a whole diff. Immutable once built: it is built on a worker
// and handed to the GUI as a std::shared_ptr<const DiffDocument>, so any number of views and
// models can read it without locks.
class DiffDocument
{
public:
    // Builds the document. `cancel`, when given, is polled between files; a cancelled build
    // returns the error "cancelled".
    static Result<std::shared_ptr<const DiffDocument>>
    build(const std::vector<git::FileDelta> &deltas, const DiffBuildOptions &options = {},
          const std::atomic_bool *cancel = nullptr);

    const std::vector<DiffFile> &files() const { return m_files; }
    int fileCount() const { return int(m_files.size()); }
    const DiffFile &file(int index) const { return m_files[size_t(index)]; }
    // The file whose new path (or, failing that, old path) is `path`; -1 if none.
    int fileIndex(const QString &path) const;
    int totalRows() const { return m_totalRows; }
    git::DiffTotals totals() const { return m_totals; }

    // The row showing `line` of `path` on `side`; nullopt when the diff does not show it.
    std::optional<RowLocation> locate(const QString &path, Side side, int line) const;
    // The first row of the finding's line range that the diff shows; nullopt if none.
    std::optional<RowLocation> anchorOf(const Finding &finding) const;
    // Sets each finding's `anchored` flag: its first line is on a row of this document.
    void anchor(std::vector<Finding> &findings) const;

    // Heap bytes held (rows, text, indexes): what the memory target is measured against.
    qint64 memoryBytes() const;

private:
    friend class DiffDocumentStream;
    // Indexes files built elsewhere (DiffDocumentStream) into a document.
    static std::shared_ptr<const DiffDocument> assemble(std::vector<DiffFile> files);

    std::vector<DiffFile> m_files;
    QHash<QString, int> m_fileByPath;
    int m_totalRows = 0;
    git::DiffTotals m_totals;
};

using DiffDocumentPtr = std::shared_ptr<const DiffDocument>;

} // namespace agentdesk::review
