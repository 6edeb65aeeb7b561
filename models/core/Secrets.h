#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace agentdesk {

// The secrets this process holds right now (provider keys read from the environment or the
// desktop's secret store, forge tokens), so that every string that leaves for the database, a
// log, an error or the screen can be scrubbed of them by value — whatever echoed them (a
// provider's request id, a command's output, an error body). Known key shapes ("sk-…", a
// bearer credential) are scrubbed too, registered or not. Thread-safe; values stay in memory
// only, and are never removed (a key replaced in Settings may still sit in an old error).
class Secrets
{
public:
    // Values shorter than this are not treated as secrets: replacing "abc" everywhere would
    // mangle ordinary text, and no provider issues keys that short.
    static constexpr qsizetype minimumLength = 8;

    static void add(const QString &secret);
    // Every occurrence of a registered secret (also percent-encoded) and of a key-shaped
    // token is replaced by "[redacted]".
    static QString redact(const QString &text);
    static QByteArray redact(const QByteArray &utf8);
    // Whether `text` holds a registered secret (for dropping variables by value).
    static bool containsSecret(const QString &text);
    static int count();

    static const QString &marker();
};

// Error messages are built through this (core/Result.h): no Error carries a secret.
QString redactSecrets(const QString &text);

// Routes Qt's log (qDebug … qFatal) through Secrets::redact before the previous handler
// writes it. Called once by main().
void installRedactingMessageHandler();

} // namespace agentdesk
