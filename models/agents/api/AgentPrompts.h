#pragma once

#include <QString>

namespace agentdesk::agents {

// The built-in agents' system prompts. Kept in code rather than in resources/ so that the
// prompt and the loop that depends on its wording (the tool names, "call finish") change
// together and are reviewed together.
struct AgentPrompts
{
    static QString implementerSystem();
    // Sent once when the implementer ends a turn without calling a tool.
    static QString implementerAskForFinish();
    // Sent when a reply was cut off at the output cap.
    static QString implementerTruncated(int maxTokens);

    static QString reviewerSystem();
    // Sent once when the reviewer ends a turn without submitting its review.
    static QString reviewerAskForSubmit();
};

} // namespace agentdesk::agents
