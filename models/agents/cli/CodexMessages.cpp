#include "agents/cli/CodexMessages.h"

#include <QLocale>
#include <QRegularExpression>

namespace agentdesk::agents {

namespace {
// "8:27 AM", "Dec 4th, 2026 11:14 AM" (Codex formats the reset in its own local time).
QDateTime parseTryAgainAt(const QString &text, const QDateTime &now)
{
    static const QRegularExpression at(
        QStringLiteral(R"(try again at (?:([A-Z][a-z]{2}) (\d{1,2})(?:st|nd|rd|th)?, (\d{4}) )?)"
                       R"((\d{1,2}):(\d{2}) ?([AP]M))"));
    const QRegularExpressionMatch match = at.match(text);
    if (!match.hasMatch())
        return {};
    int hour = match.captured(4).toInt() % 12;
    if (match.captured(6) == QLatin1String("PM"))
        hour += 12;
    const QTime time(hour, match.captured(5).toInt());
    const QDateTime local = now.toLocalTime();
    QDate date = local.date();
    if (!match.captured(1).isEmpty()) {
        const int month = QLocale::c().toDate(match.captured(1), QStringLiteral("MMM")).month();
        date = QDate(match.captured(3).toInt(), month, match.captured(2).toInt());
    }
    QDateTime resets(date, time, Qt::LocalTime);
    if (match.captured(1).isEmpty() && resets < local)
        resets = resets.addDays(1); // a time of day already past means tomorrow
    if (!resets.isValid() || resets <= local)
        return {}; // Codex prints the epoch ("Jan 1st, 1970") when it was not told
    return resets.toUTC();
}

QString urlIn(const QString &text)
{
    static const QRegularExpression url(QStringLiteral(R"(url: (\S+?)\)?$)"));
    const QRegularExpressionMatch match = url.match(text);
    return match.hasMatch() ? match.captured(1) : QString();
}
} // namespace

int httpStatusInCodexMessage(const QString &text, QString *statusText)
{
    static const QRegularExpression status(QStringLiteral(
        R"((?:unexpected status|last status:|status code|HTTP status) (\d{3})((?: [A-Z][A-Za-z]*)*))"));
    const QRegularExpressionMatch match = status.match(text);
    if (!match.hasMatch())
        return 0;
    if (statusText)
        *statusText = QString(match.captured(1) + match.captured(2)).trimmed();
    return match.captured(1).toInt();
}

CodexMessage classifyCodexMessage(const QString &text, const QDateTime &now)
{
    CodexMessage message;
    message.status = httpStatusInCodexMessage(text, &message.statusText);
    message.url = urlIn(text);
    static const QRegularExpression reconnect(QStringLiteral(R"(^Reconnecting\.\.\. (\d+)/(\d+))"));
    if (text.startsWith(QLatin1String("Model metadata for")) ||
        text.startsWith(QLatin1String("Falling back from WebSockets")) ||
        text.contains(QLatin1String("Defaulting to fallback"))) {
        message.kind = CodexMessage::Kind::Warning;
    } else if (text.startsWith(QLatin1String("Reconnecting... waiting for network"))) {
        message.kind = CodexMessage::Kind::WaitingForNetwork;
    } else if (const QRegularExpressionMatch match = reconnect.match(text); match.hasMatch()) {
        message.kind = CodexMessage::Kind::Reconnecting;
        message.attempt = match.captured(1).toInt();
        message.maxAttempts = match.captured(2).toInt();
    } else if (text.contains(QLatin1String("hit your usage limit"))) {
        message.kind = CodexMessage::Kind::UsageLimit;
        message.resetsAt = parseTryAgainAt(text, now);
    } else if (message.status == 429) {
        message.kind = CodexMessage::Kind::RateLimited;
    } else {
        message.kind = CodexMessage::Kind::Error;
    }
    return message;
}

} // namespace agentdesk::agents
