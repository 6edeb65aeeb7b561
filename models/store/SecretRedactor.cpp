#include "store/SecretRedactor.h"

#include "core/Secrets.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace agentdesk::store {

namespace {

const QString &redacted = Secrets::marker();

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
    return Secrets::redact(text);
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
