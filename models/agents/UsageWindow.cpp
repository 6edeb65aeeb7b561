#include "agents/UsageWindow.h"

namespace agentdesk::agents {

QString usageWindowStatusName(UsageWindow::Status status)
{
    switch (status) {
    case UsageWindow::Status::Allowed:
        return QStringLiteral("allowed");
    case UsageWindow::Status::Warning:
        return QStringLiteral("allowed_warning");
    case UsageWindow::Status::Rejected:
        return QStringLiteral("rejected");
    }
    return QStringLiteral("allowed");
}

std::optional<UsageWindow::Status> usageWindowStatusFromName(const QString &name)
{
    if (name == QLatin1String("allowed"))
        return UsageWindow::Status::Allowed;
    if (name == QLatin1String("allowed_warning"))
        return UsageWindow::Status::Warning;
    if (name == QLatin1String("rejected"))
        return UsageWindow::Status::Rejected;
    return std::nullopt;
}

QString usageWindowTypeLabel(const QString &windowType)
{
    if (windowType == QLatin1String("five_hour"))
        return QStringLiteral("five-hour window");
    if (windowType == QLatin1String("seven_day"))
        return QStringLiteral("weekly window");
    if (windowType == QLatin1String("seven_day_opus"))
        return QStringLiteral("weekly Opus window");
    if (windowType == QLatin1String("seven_day_sonnet"))
        return QStringLiteral("weekly Sonnet window");
    if (windowType == QLatin1String("overage"))
        return QStringLiteral("extra usage");
    if (windowType.isEmpty() || windowType == QLatin1String("usage_limit"))
        return QString();
    QString label = windowType;
    label.replace(QLatin1Char('_'), QLatin1Char(' '));
    return label + QStringLiteral(" window");
}

QString UsageWindow::vendorLabel() const
{
    if (vendor == QLatin1String("anthropic"))
        return QStringLiteral("Claude");
    if (vendor == QLatin1String("openai"))
        return QStringLiteral("Codex");
    return vendor;
}

QString UsageWindow::describe(const QDateTime &now) const
{
    const QString type = usageWindowTypeLabel(windowType);
    QString text = vendorLabel();
    switch (status) {
    case Status::Rejected:
        text += QStringLiteral(" usage limit");
        break;
    case Status::Warning:
        text += QStringLiteral(" usage close to the limit");
        break;
    case Status::Allowed:
        text += QStringLiteral(" usage");
        break;
    }
    if (!type.isEmpty())
        text += QStringLiteral(" (%1)").arg(type);
    if (utilization && status != Status::Rejected)
        text += QStringLiteral(": %1% used").arg(qRound(*utilization * 100));
    if (!resetsAt.isValid())
        return status == Status::Rejected ? text + QStringLiteral(" — the reset time is unknown")
                                          : text;
    const QDateTime local = resetsAt.toLocalTime();
    const QString when = local.date() == now.toLocalTime().date()
                             ? local.toString(QStringLiteral("HH:mm"))
                             : local.toString(QStringLiteral("ddd d MMM HH:mm"));
    return text + (status == Status::Rejected ? QStringLiteral(" — resumes at %1")
                                              : QStringLiteral(" — resets at %1"))
                      .arg(when);
}

QString UsageWindow::meterNotice(const QDateTime &now) const
{
    switch (status) {
    case Status::Rejected: {
        if (!resetsAt.isValid())
            return QStringLiteral("%1 limit reached").arg(vendorLabel());
        const QDateTime local = resetsAt.toLocalTime();
        return QStringLiteral("%1 limit · resumes %2")
            .arg(vendorLabel(), local.date() == now.toLocalTime().date()
                                    ? local.toString(QStringLiteral("HH:mm"))
                                    : local.toString(QStringLiteral("ddd HH:mm")));
    }
    case Status::Warning:
        return utilization ? QStringLiteral("%1 %2% used")
                                 .arg(vendorLabel())
                                 .arg(qRound(*utilization * 100))
                           : QStringLiteral("%1 near its limit").arg(vendorLabel());
    case Status::Allowed:
        break;
    }
    return QString();
}

bool UsageWindow::isUsageLimitReason(const QString &reason)
{
    return reason.contains(QLatin1String(" usage limit"));
}

QJsonObject UsageWindow::toJson() const
{
    QJsonObject object{{QStringLiteral("vendor"), vendor},
                       {QStringLiteral("agent"), agent},
                       {QStringLiteral("status"), usageWindowStatusName(status)},
                       {QStringLiteral("window"), windowType},
                       {QStringLiteral("using_overage"), usingOverage}};
    if (resetsAt.isValid())
        object.insert(QStringLiteral("resets_at"), double(resetsAt.toSecsSinceEpoch()));
    if (utilization)
        object.insert(QStringLiteral("utilization"), *utilization);
    return object;
}

std::optional<UsageWindow> UsageWindow::fromJson(const QJsonObject &object)
{
    const std::optional<Status> status =
        usageWindowStatusFromName(object.value(QLatin1String("status")).toString());
    if (!status)
        return std::nullopt;
    UsageWindow window;
    window.status = *status;
    window.vendor = object.value(QLatin1String("vendor")).toString();
    window.agent = object.value(QLatin1String("agent")).toString();
    window.windowType = object.value(QLatin1String("window")).toString();
    window.usingOverage = object.value(QLatin1String("using_overage")).toBool();
    const QJsonValue resets = object.value(QLatin1String("resets_at"));
    if (resets.isDouble())
        window.resetsAt = QDateTime::fromSecsSinceEpoch(qint64(resets.toDouble()), Qt::UTC);
    const QJsonValue used = object.value(QLatin1String("utilization"));
    if (used.isDouble())
        window.utilization = used.toDouble();
    return window;
}

} // namespace agentdesk::agents
