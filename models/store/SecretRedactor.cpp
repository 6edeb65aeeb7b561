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
    // Provider key shapes (Anthropic "sk-ant-...", OpenAI "sk-...", OpenRouter "sk-or-...")
    // and bearer credentials in echoed headers.
    static const QRegularExpression keyPattern(
        QStringLiteral("(sk-[A-Za-z0-9_\\-]{16,}|(?i:bearer)\\s+[A-Za-z0-9._~+/\\-]{12,}=*)"));
    if (!text.contains(QLatin1String("sk-")) && !text.contains(QLatin1String("earer")))
        return text; // the common case costs one scan, not a regex
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
