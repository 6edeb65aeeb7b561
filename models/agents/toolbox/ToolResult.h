#pragma once

#include <QMetaType>
#include <QString>

#include <utility>

namespace agentdesk::agents {

// What a tool hands back to the model: text it reads, and whether the call failed. A failure
// is information for the model (it can correct its path or its edit), never a crash.
struct ToolResult
{
    QString text;
    bool isError = false;

    static ToolResult success(QString text) { return {std::move(text), false}; }
    static ToolResult failure(QString text) { return {std::move(text), true}; }
};

} // namespace agentdesk::agents

Q_DECLARE_METATYPE(agentdesk::agents::ToolResult)
