#include "agents/cli/ClaudeControlProtocol.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace agentdesk::agents::claude {

namespace {
QString str(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

QByteArray line(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact) + '\n';
}

QByteArray controlResponse(const QString &requestId, const QJsonObject &response)
{
    return line({{QStringLiteral("type"), QStringLiteral("control_response")},
                 {QStringLiteral("response"),
                  QJsonObject{{QStringLiteral("subtype"), QStringLiteral("success")},
                              {QStringLiteral("request_id"), requestId},
                              {QStringLiteral("response"), response}}}});
}
} // namespace

QByteArray userMessage(const QString &prompt)
{
    return line(
        {{QStringLiteral("type"), QStringLiteral("user")},
         {QStringLiteral("message"), QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                                 {QStringLiteral("content"), prompt}}}});
}

std::optional<PermissionRequest> parseCanUseTool(const QJsonObject &controlRequest)
{
    const QJsonObject request = controlRequest.value(QLatin1String("request")).toObject();
    if (str(request, "subtype") != QLatin1String("can_use_tool"))
        return std::nullopt;
    PermissionRequest question;
    question.requestId = str(controlRequest, "request_id");
    question.toolName = str(request, "tool_name");
    if (question.requestId.isEmpty() || question.toolName.isEmpty())
        return std::nullopt;
    question.displayName = str(request, "display_name");
    question.input = request.value(QLatin1String("input")).toObject();
    question.toolUseId = str(request, "tool_use_id");
    question.description = str(request, "description");
    question.blockedPath = str(request, "blocked_path");
    question.reason = str(request, "decision_reason");
    if (question.reason.isEmpty() && !question.blockedPath.isEmpty())
        question.reason =
            QStringLiteral("%1 is outside the folders it may use").arg(question.blockedPath);
    question.suggestions = request.value(QLatin1String("permission_suggestions")).toArray();
    return question;
}

QByteArray encodeAnswer(const PermissionRequest &request, const PermissionDecision &decision)
{
    if (!decision.allows()) {
        const QString message = decision.message.isEmpty()
                                    ? defaultDenyMessage(request, decision.by)
                                    : decision.message;
        return controlResponse(request.requestId,
                               {{QStringLiteral("behavior"), QStringLiteral("deny")},
                                {QStringLiteral("message"), message}});
    }
    QJsonObject response{{QStringLiteral("behavior"), QStringLiteral("allow")},
                         {QStringLiteral("updatedInput"), request.input}};
    if (decision.answer == PermissionAnswer::AllowAlways) {
        const PermissionRule rule = PermissionRule::covering(request);
        QJsonObject ruleObject{{QStringLiteral("toolName"), rule.toolName}};
        if (!rule.content.isEmpty())
            ruleObject.insert(QStringLiteral("ruleContent"), rule.content);
        response.insert(
            QStringLiteral("updatedPermissions"),
            QJsonArray{QJsonObject{{QStringLiteral("type"), QStringLiteral("addRules")},
                                   {QStringLiteral("rules"), QJsonArray{ruleObject}},
                                   {QStringLiteral("behavior"), QStringLiteral("allow")},
                                   {QStringLiteral("destination"), QStringLiteral("session")}}});
    }
    return controlResponse(request.requestId, response);
}

QByteArray encodeError(const QString &requestId, const QString &message)
{
    return line({{QStringLiteral("type"), QStringLiteral("control_response")},
                 {QStringLiteral("response"),
                  QJsonObject{{QStringLiteral("subtype"), QStringLiteral("error")},
                              {QStringLiteral("request_id"), requestId},
                              {QStringLiteral("error"), message}}}});
}

std::optional<UsageWindow> parseRateLimitEvent(const QJsonObject &event)
{
    const QJsonObject info = event.value(QLatin1String("rate_limit_info")).toObject();
    const std::optional<UsageWindow::Status> status =
        usageWindowStatusFromName(str(info, "status"));
    if (!status)
        return std::nullopt;
    UsageWindow window;
    window.vendor = QStringLiteral("anthropic");
    window.agent = QStringLiteral("claude-code");
    window.status = *status;
    window.windowType = str(info, "rateLimitType");
    if (window.windowType.isEmpty())
        window.windowType = QStringLiteral("usage_limit");
    // Epoch seconds (confirmed: the CLI copies anthropic-ratelimit-unified-reset as is).
    const QJsonValue resets = info.value(QLatin1String("resetsAt"));
    if (resets.isDouble() && resets.toDouble() > 0)
        window.resetsAt = QDateTime::fromSecsSinceEpoch(qint64(resets.toDouble()), Qt::UTC);
    const QJsonValue used = info.value(QLatin1String("utilization"));
    if (used.isDouble())
        window.utilization = used.toDouble();
    window.usingOverage = info.value(QLatin1String("isUsingOverage")).toBool();
    return window;
}

QString defaultDenyMessage(const PermissionRequest &request, const QString &by)
{
    if (by == QLatin1String("policy"))
        return QStringLiteral("AgentDesk runs this task unattended and %1 was not allowed in "
                              "advance, so it is denied. Do without it, or say in your final "
                              "message that the task needs it.")
            .arg(request.summary());
    if (by == QLatin1String("timeout"))
        return QStringLiteral("Nobody answered in time, so %1 is denied. Do without it, or say "
                              "in your final message that the task needs it.")
            .arg(request.summary());
    return QStringLiteral("The user denied %1.").arg(request.summary());
}

} // namespace agentdesk::agents::claude
