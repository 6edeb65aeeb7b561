#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

#include <optional>

namespace agentdesk::agents {

// A subscription usage window as a CLI agent reports it: Claude Code's `rate_limit_event`
// (`rate_limit_info` {status, resetsAt in epoch seconds, rateLimitType five_hour / seven_day /
// seven_day_opus / seven_day_sonnet / overage, utilization}) or Codex's "You've hit your usage
// limit … try again at 8:27 AM". A `Rejected` window ends the run (OutcomeKind::UsageLimited):
// the vendor's CLI tasks can only continue once it resets.
struct UsageWindow
{
    enum class Status
    {
        Allowed,
        Warning, // "allowed_warning": close to the limit; the meter shows it
        Rejected,
    };

    QString vendor; // "anthropic" (Claude plans) or "openai" (ChatGPT plans through Codex)
    QString agent;  // the backend that reported it: "claude-code", "codex"
    Status status = Status::Allowed;
    QString windowType; // the CLI's name ("five_hour", "seven_day", …); "usage_limit" if unnamed
    QDateTime resetsAt; // UTC; invalid when the agent did not say when it resets
    std::optional<double> utilization; // 0…1, when reported
    bool usingOverage = false;

    bool rejected() const { return status == Status::Rejected; }
    // The reset time has passed: what the window said no longer holds.
    bool hasReset(const QDateTime &now = QDateTime::currentDateTimeUtc()) const
    {
        return resetsAt.isValid() && resetsAt <= now;
    }
    // A rejected window the agent's queued tasks wait out: it said when it resets, and that is
    // still ahead (one that did not say lets a task try; the CLI tells again at once).
    bool holdsTasks(const QDateTime &now = QDateTime::currentDateTimeUtc()) const
    {
        return rejected() && resetsAt.isValid() && resetsAt > now;
    }
    // "Claude usage limit (five-hour window) — resumes at 14:00", in local time; the date is
    // added when the reset is not today. `now` is for tests.
    QString describe(const QDateTime &now = QDateTime::currentDateTime()) const;
    // The cost meter's short form: "Claude limit · resumes 14:00", "Claude 85% used";
    // empty for a plain "allowed" window (nothing to tell).
    QString meterNotice(const QDateTime &now = QDateTime::currentDateTime()) const;
    // "Claude", "Codex": the product whose limit it is.
    QString vendorLabel() const;
    // Whether a task's state reason is a usage-window pause (the text describe() writes).
    static bool isUsageLimitReason(const QString &reason);

    QJsonObject toJson() const;
    static std::optional<UsageWindow> fromJson(const QJsonObject &object);
};

// "allowed", "allowed_warning", "rejected" (Claude Code's own spelling).
QString usageWindowStatusName(UsageWindow::Status status);
std::optional<UsageWindow::Status> usageWindowStatusFromName(const QString &name);
// "five-hour window", "weekly window", "weekly Opus window", …
QString usageWindowTypeLabel(const QString &windowType);

} // namespace agentdesk::agents

Q_DECLARE_METATYPE(agentdesk::agents::UsageWindow)
