#pragma once

// Private to models/git. Turns a failing libgit2 return code into an agentdesk::Error.

#include "core/Result.h"

#include <QString>

namespace agentdesk::git::detail {

// Reads libgit2's thread-local error at once, on the thread whose call failed: it is
// overwritten by the next failing call and is invisible to other threads. On libgit2 1.5
// git_error_last() may be null even after a failure, so the return code is kept as a fallback.
// `what` says what we were doing, in user terms ("Cannot read branch main").
Error gitError(int errorCode, const QString &code, const QString &what);

// The text of libgit2's last error on this thread, or empty.
QString lastGitMessage();

} // namespace agentdesk::git::detail
