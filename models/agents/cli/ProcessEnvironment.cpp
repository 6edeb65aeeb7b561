#include "agents/cli/ProcessEnvironment.h"

namespace agentdesk::agents {

QStringList inheritedVariableNames()
{
    return {QStringLiteral("PATH"),
            QStringLiteral("HOME"),
            QStringLiteral("USER"),
            QStringLiteral("LOGNAME"),
            QStringLiteral("SHELL"),
            QStringLiteral("LANG"),
            QStringLiteral("LANGUAGE"),
            QStringLiteral("TZ"),
            QStringLiteral("TMPDIR"),
            QStringLiteral("TERM"),
            QStringLiteral("XDG_CONFIG_HOME"),
            QStringLiteral("XDG_CACHE_HOME"),
            QStringLiteral("XDG_DATA_HOME"),
            QStringLiteral("XDG_STATE_HOME"),
            QStringLiteral("XDG_RUNTIME_DIR"),
            QStringLiteral("HTTP_PROXY"),
            QStringLiteral("HTTPS_PROXY"),
            QStringLiteral("NO_PROXY"),
            QStringLiteral("http_proxy"),
            QStringLiteral("https_proxy"),
            QStringLiteral("no_proxy"),
            QStringLiteral("SSL_CERT_FILE"),
            QStringLiteral("SSL_CERT_DIR"),
            QStringLiteral("NODE_EXTRA_CA_CERTS")};
}

namespace {
bool matchesAny(const QString &name, const QStringList &patterns)
{
    for (const QString &pattern : patterns) {
        if (pattern.endsWith(QLatin1Char('*')) ? name.startsWith(pattern.chopped(1))
                                               : name == pattern)
            return true;
    }
    return false;
}
} // namespace

QProcessEnvironment scrubbedEnvironment(const QProcessEnvironment &from,
                                        const QMap<QString, QString> &explicitVariables,
                                        const QStringList &alsoInherited)
{
    QProcessEnvironment result;
    const QStringList allowed = inheritedVariableNames();
    const QStringList names = from.keys();
    for (const QString &name : names) {
        if (allowed.contains(name) || name.startsWith(QLatin1String("LC_")) ||
            matchesAny(name, alsoInherited))
            result.insert(name, from.value(name));
    }
    for (auto it = explicitVariables.cbegin(); it != explicitVariables.cend(); ++it)
        result.insert(it.key(), it.value());
    return result;
}

} // namespace agentdesk::agents
