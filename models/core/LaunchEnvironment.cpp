#include "core/LaunchEnvironment.h"

#include "core/Secrets.h"

#include <QHash>
#include <QMutex>

#include <cstdlib>
#include <cstring>

#include <sys/prctl.h>
#include <unistd.h>

extern char **environ;

namespace agentdesk {

namespace {

struct Taken
{
    QMutex mutex;
    QHash<QString, QString> values;
    bool done = false;
};

Taken &taken()
{
    static Taken instance;
    return instance;
}

} // namespace

bool LaunchEnvironment::isCredentialVariable(const QString &name)
{
    static const QStringList exact = {
        QStringLiteral("ANTHROPIC_API_KEY"),
        QStringLiteral("ANTHROPIC_AUTH_TOKEN"),
        QStringLiteral("OPENAI_API_KEY"),
        QStringLiteral("OPENROUTER_API_KEY"),
        QStringLiteral("AZURE_OPENAI_API_KEY"),
        QStringLiteral("GEMINI_API_KEY"),
        QStringLiteral("GITHUB_TOKEN"),
        QStringLiteral("GH_TOKEN"),
        QStringLiteral("GITLAB_TOKEN"),
        QStringLiteral("GL_TOKEN"),
        QStringLiteral("CODEX_API_KEY"),
        QStringLiteral("GH_ENTERPRISE_TOKEN"),
        QStringLiteral("GITHUB_ENTERPRISE_TOKEN"),
        QStringLiteral("GITEA_TOKEN"),
        QStringLiteral("FORGEJO_TOKEN"),
    };
    if (exact.contains(name))
        return true;
    return name.endsWith(QLatin1String("_API_KEY")) ||
           name.endsWith(QLatin1String("_AUTH_TOKEN")) ||
           name.endsWith(QLatin1String("_ACCESS_TOKEN"));
}

QStringList LaunchEnvironment::takeCredentials()
{
    Taken &t = taken();
    QMutexLocker locker(&t.mutex);
    QStringList names;
    if (t.done)
        return t.values.keys();
    t.done = true;
    // First collect, then unset: unsetenv shifts the pointers of `environ` as it goes.
    QList<QByteArray> toUnset;
    for (char **entry = environ; entry && *entry; ++entry) {
        char *text = *entry;
        char *equals = std::strchr(text, '=');
        if (!equals)
            continue;
        const QByteArray name(text, equals - text);
        const QString variable = QString::fromLocal8Bit(name);
        if (!isCredentialVariable(variable))
            continue;
        const QString value = QString::fromLocal8Bit(equals + 1);
        t.values.insert(variable, value);
        Secrets::add(value);
        // Overwrite the bytes where they are: for variables from the start-up block this is the
        // memory /proc/<pid>/environ shows.
        std::memset(equals + 1, 0, std::strlen(equals + 1));
        toUnset.append(name);
        names.append(variable);
    }
    for (const QByteArray &name : std::as_const(toUnset))
        ::unsetenv(name.constData());
    return names;
}

QProcessEnvironment LaunchEnvironment::environment()
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    Taken &t = taken();
    QMutexLocker locker(&t.mutex);
    for (auto it = t.values.cbegin(); it != t.values.cend(); ++it)
        environment.insert(it.key(), it.value());
    return environment;
}

QString LaunchEnvironment::value(const QString &name)
{
    {
        Taken &t = taken();
        QMutexLocker locker(&t.mutex);
        const auto it = t.values.constFind(name);
        if (it != t.values.constEnd())
            return *it;
    }
    return QProcessEnvironment::systemEnvironment().value(name);
}

bool LaunchEnvironment::wasTaken(const QString &name)
{
    Taken &t = taken();
    QMutexLocker locker(&t.mutex);
    return t.values.contains(name);
}

bool makeProcessNonDumpable()
{
    return ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
}

} // namespace agentdesk
