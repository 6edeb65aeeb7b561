#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace agentdesk::agents {

// One tool as a model sees it; maps one-to-one onto the providers' tool definitions.
struct ToolSchema
{
    QString name;
    QString description;
    QJsonObject inputSchema; // JSON schema, type "object"

    // The implementer's tools: list_directory, read_file, search_text, write_file, edit_file,
    // run_command, finish.
    static QList<ToolSchema> implementerTools();
};

namespace toolnames {
inline constexpr char kListDirectory[] = "list_directory";
inline constexpr char kReadFile[] = "read_file";
inline constexpr char kSearchText[] = "search_text";
inline constexpr char kWriteFile[] = "write_file";
inline constexpr char kEditFile[] = "edit_file";
inline constexpr char kRunCommand[] = "run_command";
inline constexpr char kFinish[] = "finish";
} // namespace toolnames

} // namespace agentdesk::agents
