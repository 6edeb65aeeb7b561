#include "store/SecretRedactor.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace agentdesk::store {

namespace {

const QString redacted = QStringLiteral("[redacted]");

QJsonValue redactValue(const QJsonValue &value, bool secretMember);

QJsonArray redactArray(const QJsonArray &array, bool secretMember)
{
    QJsonArray out;
    for (const QJsonValue &value : array)
        out.append(redactValue(value, secretMember));
    return out;
}

QJsonValue redactValue(const QJsonValue &value, bool secretMember)
{
    if (value.isString())
        return secretMember ? QJsonValue(redacted)
                            : QJsonValue(SecretRedactor::redactText(value.toString()));
    if (value.isObject())
        return SecretRedactor::redact(value.toObject());
    if (value.isArray())
        return redactArray(value.toArray(), secretMember);
    return value;
}

} // namespace

QString SecretRedactor::redactText(const QString &text)
{
    // Provider key shapes (Anthropic "sk-ant-...", OpenAI "sk-...", OpenRouter "sk-or-..."),
    // forge tokens (GitHub "ghp_…", "github_pat_…", GitLab "glpat-…") and bearer credentials
    // in echoed headers.
    static const QRegularExpression keyPattern(QStringLiteral(
        "(sk-[A-Za-z0-9_\\-]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|"
        "glpat-[A-Za-z0-9_\\-]{16,}|(?i:bearer)\\s+[A-Za-z0-9._~+/\\-]{12,}=*)"));
    static const QStringList markers{
        QStringLiteral("sk-"),  QStringLiteral("earer"),       QStringLiteral("ghp_"),
        QStringLiteral("gho_"), QStringLiteral("ghu_"),        QStringLiteral("ghs_"),
        QStringLiteral("ghr_"), QStringLiteral("github_pat_"), QStringLiteral("glpat-")};
    bool marked = false;
    for (const QString &marker : markers)
        marked = marked || text.contains(marker);
    if (!marked)
        return text; // the common case costs a few scans, not a regex
    QString out = text;
    out.replace(keyPattern, redacted);
    return out;
}

bool SecretRedactor::isSecretName(const QString &name)
{
    static const QRegularExpression secretName(
        QStringLiteral("(api[-_]?key|authorization|secret|password|passwd|credential|"
                       "auth[-_]?token|access[-_]?token|bearer|private[-_]?key)"),
        QRegularExpression::CaseInsensitiveOption);
    return secretName.match(name).hasMatch();
}

QJsonObject SecretRedactor::redact(const QJsonObject &payload)
{
    QJsonObject out;
    for (auto it = payload.begin(); it != payload.end(); ++it)
        out.insert(it.key(), redactValue(it.value(), isSecretName(it.key())));
    return out;
}

} // namespace agentdesk::store
