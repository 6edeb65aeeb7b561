#pragma once

#include "ToolResult.h"
#include "WorktreePaths.h"

#include <QJsonObject>

class QRegularExpression;

namespace agentdesk::agents {

struct FileToolLimits
{
    qint64 maxReadFileBytes = 16 * 1024 * 1024; // larger files: search_text, not read_file
    qsizetype maxReadOutputBytes = 128 * 1024;  // one read_file answer
    int maxReadLines = 2000;
    int maxListEntries = 1000;
    int defaultSearchResults = 100;
    int maxSearchResults = 500;
    qint64 maxSearchFileBytes = 2 * 1024 * 1024; // bigger files are generated, not read
    int maxSearchFiles = 50000;
    int maxSearchLineChars = 300;
    qsizetype maxWriteBytes = 8 * 1024 * 1024;
};

// The implementer's file tools over one worktree, each taking the model's JSON input and
// answering in text the model reads. Every path goes through WorktreePaths first. Synchronous:
// each is bounded by the limits above, and the toolbox runs on a task's worker thread.
class FileTools
{
public:
    FileTools(const WorktreePaths &paths, const FileToolLimits &limits);

    ToolResult listDirectory(const QJsonObject &input) const;
    ToolResult readFile(const QJsonObject &input) const;
    ToolResult searchText(const QJsonObject &input) const;
    ToolResult writeFile(const QJsonObject &input) const;
    ToolResult editFile(const QJsonObject &input) const;

    // Git's rule of thumb: a NUL byte in the first 8,000 bytes means binary.
    static bool looksBinary(const QByteArray &head);

private:
    Result<QString> existingFile(const QJsonObject &input, WorktreePaths::Access access) const;
    void searchFile(const QString &file, const QRegularExpression &pattern, int maxResults,
                    QStringList &matches) const;

    const WorktreePaths &m_paths;
    FileToolLimits m_limits;
};

} // namespace agentdesk::agents
