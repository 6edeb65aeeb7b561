#pragma once

#include "llm/ChatTypes.h"

namespace agentdesk::llm {

// The message a user can act on for an HTTP error status. `providerType` is the error type
// or code from the body ("authentication_error", "insufficient_quota"), `providerMessage` its
// text (already free of secrets), `model` the requested model.
ChatError describeHttpStatus(const QString &providerName, int status, const QString &providerType,
                             const QString &providerMessage, const QString &model);

// Adds " (request req_…)" when there is a request id.
QString withRequestId(const QString &message, const QString &requestId);

} // namespace agentdesk::llm
