#pragma once

#include <QJsonObject>
#include <QString>

namespace agentdesk::store {

// Keeps credentials out of the database. Timeline payloads carry what workers saw (tool
// output, request metadata, error bodies), and a provider error or a command's output can
// echo a key; the writer passes every string it binds and every payload through here before
// it is stored. Text is scrubbed of the process's live secrets by value and of key shapes
// (core/Secrets.h); JSON members named like credentials are blanked whatever they hold.
class SecretRedactor
{
public:
    static QString redactText(const QString &text);
    static QJsonObject redact(const QJsonObject &payload);
    // Names of JSON members and settings that hold credentials ("x-api-key", "authToken").
    static bool isSecretName(const QString &name);
};

} // namespace agentdesk::store
