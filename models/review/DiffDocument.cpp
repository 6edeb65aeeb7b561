#include "review/DiffDocument.h"

#include <QCoreApplication>

namespace agentdesk::review {

Result<std::shared_ptr<const DiffDocument>>
DiffDocument::build(const std::vector<git::FileDelta> &deltas, const DiffBuildOptions &options,
                    const std::atomic_bool *cancel)
{
    std::vector<DiffFile> files;
    files.reserve(deltas.size());
    for (const git::FileDelta &delta : deltas) {
        if (cancel && cancel->load(std::memory_order_relaxed))
            return makeError(
                QStringLiteral("cancelled"),
                QCoreApplication::translate("DiffDocument", "Building the diff was cancelled."));
        files.push_back(DiffFileBuilder::build(delta, options));
    }
    return assemble(std::move(files));
}

std::shared_ptr<const DiffDocument> DiffDocument::assemble(std::vector<DiffFile> files)
{
    auto document = std::make_shared<DiffDocument>();
    document->m_files = std::move(files);
    document->m_fileByPath.reserve(qsizetype(document->m_files.size()));
    for (int i = 0; i < int(document->m_files.size()); ++i) {
        const DiffFile &file = document->m_files[size_t(i)];
        document->m_totalRows += int(file.rows.size());
        document->m_totals.added += file.added;
        document->m_totals.removed += file.removed;
        if (!file.oldPath.isEmpty())
            document->m_fileByPath.insert(file.oldPath, i);
    }
    // New paths win over old ones: a finding on a renamed file names where it lives now.
    for (int i = 0; i < int(document->m_files.size()); ++i) {
        if (!document->m_files[size_t(i)].newPath.isEmpty())
            document->m_fileByPath.insert(document->m_files[size_t(i)].newPath, i);
    }
    document->m_totals.files = int(document->m_files.size());
    return document;
}

int DiffDocument::fileIndex(const QString &path) const
{
    return m_fileByPath.value(path, -1);
}

std::optional<RowLocation> DiffDocument::locate(const QString &path, Side side, int line) const
{
    const int index = fileIndex(path);
    if (index < 0)
        return std::nullopt;
    const int row = m_files[size_t(index)].rowForLine(side, line);
    if (row < 0)
        return std::nullopt;
    return RowLocation{index, row};
}

std::optional<RowLocation> DiffDocument::anchorOf(const Finding &finding) const
{
    if (finding.startLine <= 0)
        return std::nullopt;
    // A range may start on a line the diff does not show; any shown line of it will do. The
    // walk is capped so a bogus range of a million lines costs nothing.
    const int last =
        std::min(std::max(finding.startLine, finding.endLine), finding.startLine + 200);
    for (int line = finding.startLine; line <= last; ++line) {
        if (auto location = locate(finding.file, finding.side, line))
            return location;
    }
    return std::nullopt;
}

void DiffDocument::anchor(std::vector<Finding> &findings) const
{
    for (Finding &finding : findings)
        finding.anchored = anchorOf(finding).has_value();
}

qint64 DiffDocument::memoryBytes() const
{
    qint64 bytes = qint64(m_files.capacity() * sizeof(DiffFile));
    for (const DiffFile &file : m_files) {
        bytes += file.text.capacity() * qint64(sizeof(QChar));
        bytes += qint64(file.rows.capacity() * sizeof(DiffRow));
        bytes += qint64(file.intra.capacity() * sizeof(IntraRange));
        bytes += qint64(file.hunks.capacity() * sizeof(DiffHunkInfo));
        bytes += qint64(file.folds.capacity() * sizeof(Fold));
        bytes +=
            qint64((file.oldLineRows.capacity() + file.newLineRows.capacity()) * sizeof(qint32));
        bytes += (file.oldPath.capacity() + file.newPath.capacity()) * qint64(sizeof(QChar));
        for (const DiffHunkInfo &hunk : file.hunks)
            bytes += hunk.header.capacity() * qint64(sizeof(QChar));
    }
    return bytes;
}

} // namespace agentdesk::review
