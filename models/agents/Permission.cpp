#include "agents/Permission.h"

namespace agentdesk::agents {

namespace {
QString str(const QJsonObject &object, const char *key)
{
    return object.value(QLatin1String(key)).toString();
}

QString oneLine(QString text, int maxChars = 160)
{
    text = text.simplified();
    if (text.size() > maxChars)
        text = text.left(maxChars - 1) + QStringLiteral("…");
    return text;
}
} // namespace

QString PermissionRequest::subject() const
{
    for (const char *key : {"command", "file_path", "notebook_path", "path", "url", "pattern"}) {
        const QString value = str(input, key);
        if (!value.isEmpty())
            return value;
    }
    return {};
}

QString PermissionRequest::summary() const
{
    const QString name = displayName.isEmpty() ? toolName : displayName;
    const QString what = subject();
    if (!what.isEmpty())
        return oneLine(name + QStringLiteral(": ") + what);
    if (!description.isEmpty())
        return oneLine(name + QStringLiteral(": ") + description);
    return name;
}

QJsonObject PermissionRequest::toJson() const
{
    return {
        {QStringLiteral("request_id"), requestId},     {QStringLiteral("tool_name"), toolName},
        {QStringLiteral("display_name"), displayName}, {QStringLiteral("input"), input},
        {QStringLiteral("tool_use_id"), toolUseId},    {QStringLiteral("reason"), reason},
        {QStringLiteral("blocked_path"), blockedPath}, {QStringLiteral("description"), description},
        {QStringLiteral("suggestions"), suggestions},  {QStringLiteral("summary"), summary()}};
}

std::optional<PermissionRequest> PermissionRequest::fromJson(const QJsonObject &object)
{
    PermissionRequest request;
    request.requestId = str(object, "request_id");
    request.toolName = str(object, "tool_name");
    if (request.requestId.isEmpty() || request.toolName.isEmpty())
        return std::nullopt;
    request.displayName = str(object, "display_name");
    request.input = object.value(QLatin1String("input")).toObject();
    request.toolUseId = str(object, "tool_use_id");
    request.reason = str(object, "reason");
    request.blockedPath = str(object, "blocked_path");
    request.description = str(object, "description");
    request.suggestions = object.value(QLatin1String("suggestions")).toArray();
    return request;
}

bool PermissionRule::matches(const PermissionRequest &request) const
{
    if (request.toolName != toolName)
        return false;
    if (content.isEmpty())
        return true;
    const QString subject = request.subject();
    // Claude Code's prefix form: "Bash(npm run:*)" covers every command starting "npm run".
    if (content.endsWith(QLatin1String(":*")))
        return subject.startsWith(content.chopped(2));
    return subject == content;
}

QString PermissionRule::toString() const
{
    return content.isEmpty() ? toolName : QStringLiteral("%1(%2)").arg(toolName, content);
}

std::optional<PermissionRule> PermissionRule::parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    const qsizetype open = trimmed.indexOf(QLatin1Char('('));
    PermissionRule rule;
    if (open < 0) {
        rule.toolName = trimmed;
    } else {
        if (!trimmed.endsWith(QLatin1Char(')')) || open == 0)
            return std::nullopt;
        rule.toolName = trimmed.left(open);
        rule.content = trimmed.mid(open + 1, trimmed.size() - open - 2);
    }
    if (rule.toolName.isEmpty() || rule.toolName.contains(QLatin1Char(' ')))
        return std::nullopt;
    return rule;
}

PermissionRule PermissionRule::covering(const PermissionRequest &request)
{
    for (const QJsonValue &value : request.suggestions) {
        const QJsonObject suggestion = value.toObject();
        if (str(suggestion, "type") != QLatin1String("addRules") ||
            str(suggestion, "behavior") != QLatin1String("allow"))
            continue;
        const QJsonArray rules = suggestion.value(QLatin1String("rules")).toArray();
        for (const QJsonValue &ruleValue : rules) {
            const QJsonObject object = ruleValue.toObject();
            PermissionRule rule{str(object, "toolName"), str(object, "ruleContent")};
            if (rule.toolName == request.toolName && rule.matches(request))
                return rule;
        }
    }
    return PermissionRule{request.toolName, request.subject()};
}

QString permissionAnswerName(PermissionAnswer answer)
{
    switch (answer) {
    case PermissionAnswer::AllowOnce:
        return QStringLiteral("allow");
    case PermissionAnswer::AllowAlways:
        return QStringLiteral("allow_always");
    case PermissionAnswer::Deny:
        return QStringLiteral("deny");
    }
    return QStringLiteral("deny");
}

std::optional<PermissionAnswer> permissionAnswerFromName(const QString &name)
{
    if (name == QLatin1String("allow"))
        return PermissionAnswer::AllowOnce;
    if (name == QLatin1String("allow_always"))
        return PermissionAnswer::AllowAlways;
    if (name == QLatin1String("deny"))
        return PermissionAnswer::Deny;
    return std::nullopt;
}

PermissionDecision PermissionDecision::allowOnce()
{
    return {PermissionAnswer::AllowOnce, {}, QStringLiteral("user")};
}

PermissionDecision PermissionDecision::allowAlways()
{
    return {PermissionAnswer::AllowAlways, {}, QStringLiteral("user")};
}

PermissionDecision PermissionDecision::deny(QString message)
{
    return {PermissionAnswer::Deny, std::move(message), QStringLiteral("user")};
}

} // namespace agentdesk::agents
