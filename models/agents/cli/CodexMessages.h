#pragma once

#include <QDateTime>
#include <QString>

namespace agentdesk::agents {

// What one of Codex 0.171's `error` lines (a top-level `error` event or an `error` item) means.
// Codex prints warnings, transient retries and fatal errors through the same two shapes, so
// the text decides (all confirmed against the real CLI and a loopback server):
//   warning     "Model metadata for `gpt-5` not found. Defaulting to fallback metadata; …"
//               "Falling back from WebSockets to HTTPS transport. …"
//   reconnect   "Reconnecting... 2/5 (unexpected status 404 Not Found: …, url: ws://…)"
//               (a 401/403 here will be refused on every attempt)
//   network     "Reconnecting... waiting for network (Connection failed: error sending request)"
//               — repeated for ever, with growing pauses, while the endpoint is unreachable
//   usage limit "You’ve hit your usage limit. Upgrade to Pro (…) or try again at 8:27 AM."
//               ("… try again at Dec 4th, 2026 11:14 AM." when not today)
//   rate limit  "exceeded retry limit, last status: 429 Too Many Requests"
//   error       anything else, e.g. "unexpected status 401 Unauthorized: …, url: http://…"
struct CodexMessage
{
    enum class Kind
    {
        Warning,
        Reconnecting,
        WaitingForNetwork,
        UsageLimit,
        RateLimited,
        Error,
    };
    Kind kind = Kind::Error;
    int status = 0;     // the HTTP status the text names ("unexpected status 404"), else 0
    QString statusText; // "404 Not Found"
    QString url;        // the URL the text names, if any
    int attempt = 0;    // Reconnecting n/m
    int maxAttempts = 0;
    QDateTime resetsAt; // UsageLimit: when to try again (UTC), invalid when not said
};

// `now` (local time) resolves "try again at 8:27 AM" to today or, once past, tomorrow.
CodexMessage classifyCodexMessage(const QString &text,
                                  const QDateTime &now = QDateTime::currentDateTime());

// The HTTP status a Codex error names: "unexpected status 401 Unauthorized", "last status: 429
// Too Many Requests", "status code 403". Never a bare number elsewhere in the text (a port, a
// key fragment). 0 when none.
int httpStatusInCodexMessage(const QString &text, QString *statusText = nullptr);

} // namespace agentdesk::agents
