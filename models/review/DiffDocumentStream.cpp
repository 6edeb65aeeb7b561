#include "review/DiffDocumentStream.h"

#include <QCoreApplication>

namespace agentdesk::review {

DiffDocumentStream::DiffDocumentStream(DiffBuildOptions options)
    : m_options(std::move(options))
{}

void DiffDocumentStream::add(size_t index, const git::FileDelta &delta)
{
    if (m_built.size() <= index)
        m_built.resize(index + 1);
    Built &built = m_built[index];
    built.file = DiffFileBuilder::build(delta, m_options);
    built.present = true;
    built.binary = delta.binary;
    built.tooLarge = delta.tooLarge;
}

Result<DiffDocumentPtr> DiffDocumentStream::finish(const std::vector<git::FileDelta> &deltas,
                                                   const std::atomic_bool *cancel)
{
    std::vector<DiffFile> files;
    files.reserve(deltas.size());
    for (size_t i = 0; i < deltas.size(); ++i) {
        if (cancel && cancel->load(std::memory_order_relaxed))
            return makeError(
                QStringLiteral("cancelled"),
                QCoreApplication::translate("DiffDocument", "Building the diff was cancelled."));
        const git::FileDelta &delta = deltas[i];
        Built *built = i < m_built.size() ? &m_built[i] : nullptr;
        // The rows depend on the file's lines and on these two flags only; the lines never
        // change after the file was parsed, the flags can.
        if (!built || !built->present || built->binary != delta.binary ||
            built->tooLarge != delta.tooLarge) {
            files.push_back(DiffFileBuilder::build(delta, m_options));
            continue;
        }
        built->file.oldSize = delta.oldSize;
        built->file.newSize = delta.newSize;
        files.push_back(std::move(built->file));
    }
    m_built.clear();
    return DiffDocument::assemble(std::move(files));
}

} // namespace agentdesk::review
