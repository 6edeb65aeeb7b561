#include "tasks/environment/EnvironmentPlan.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

namespace agentdesk::tasks {

namespace {

bool hasTool(const QString &name, const QString &path)
{
    const QStringList dirs = path.isEmpty() ? QStringList() : path.split(QLatin1Char(':'));
    return !QStandardPaths::findExecutable(name, dirs).isEmpty();
}

QString quoted(const QString &word)
{
    QString escaped = word;
    escaped.replace(QLatin1Char('\''), QStringLiteral("'\\''"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

} // namespace

QString EnvironmentPlan::summary() const
{
    if (setup.isEmpty())
        return reason.isEmpty() ? QStringLiteral("no setup")
                                : QStringLiteral("no setup (%1)").arg(reason);
    return QStringLiteral("%1 (%2)").arg(setup.join(QStringLiteral(" && ")), reason);
}

EnvironmentPlan EnvironmentPlan::detect(const QString &directory, const QString &path)
{
    const QDir dir(directory);
    const auto exists = [&](const QString &name) { return QFileInfo(dir.filePath(name)).isFile(); };
    EnvironmentPlan plan;

    struct Candidate
    {
        const char *lockfile;
        const char *tool;
        const char *command;
    };
    static const Candidate kNode[] = {
        {"package-lock.json", "npm", "npm ci"},
        {"pnpm-lock.yaml", "pnpm", "pnpm install --frozen-lockfile"},
        {"yarn.lock", "yarn", "yarn install --frozen-lockfile"},
    };
    for (const Candidate &candidate : kNode) {
        const QString lockfile = QString::fromLatin1(candidate.lockfile);
        const QString tool = QString::fromLatin1(candidate.tool);
        if (!exists(lockfile))
            continue;
        if (!hasTool(tool, path)) {
            plan.notes.append(
                QStringLiteral("%1 at the root, but %2 is not installed").arg(lockfile, tool));
            continue;
        }
        plan.kind = tool;
        plan.setup = {QString::fromLatin1(candidate.command)};
        plan.reason = QStringLiteral("%1 at the root").arg(lockfile);
        // node_modules is what the install makes, named by the lockfile and package.json. A
        // workspace has more of them in its packages: not cached.
        // Nor is a project whose install runs its own scripts (prepare, postinstall...): they
        // make files outside node_modules, which a cache hit would skip.
        QFile manifest(dir.filePath(QStringLiteral("package.json")));
        if (manifest.open(QIODevice::ReadOnly) && manifest.size() < 4 * 1024 * 1024) {
            QJsonParseError parsed;
            const QJsonDocument document = QJsonDocument::fromJson(manifest.readAll(), &parsed);
            const QJsonObject package = document.object();
            const QJsonObject scripts = package.value(QStringLiteral("scripts")).toObject();
            bool ownScripts = false;
            for (const char *hook :
                 {"preinstall", "install", "postinstall", "prepare", "prepublish"})
                ownScripts = ownScripts || scripts.contains(QLatin1String(hook));
            if (parsed.error == QJsonParseError::NoError && document.isObject() &&
                !package.contains(QStringLiteral("workspaces")) && !ownScripts) {
                plan.cachePaths = {QStringLiteral("node_modules")};
                plan.cacheKeyFiles = {lockfile, QStringLiteral("package.json")};
            }
        }
        return plan;
    }

    QStringList requirements =
        dir.entryList({QStringLiteral("requirements*.txt")}, QDir::Files, QDir::Name);
    const bool pyproject = exists(QStringLiteral("pyproject.toml"));
    if (!requirements.isEmpty() || pyproject) {
        const QString python =
            hasTool(QStringLiteral("python3"), path) ? QStringLiteral("python3") : QString();
        if (python.isEmpty()) {
            plan.notes.append(QStringLiteral("a Python project, but python3 is not installed"));
        } else {
            plan.kind = QStringLiteral("python");
            plan.setup.append(QStringLiteral("python3 -m venv --system-site-packages .venv"));
            QStringList install;
            for (const QString &file : requirements)
                install << QStringLiteral("-r") << quoted(file);
            if (requirements.isEmpty())
                install << QStringLiteral("-e") << QStringLiteral(".");
            plan.setup.append(QStringLiteral(".venv/bin/python -m pip install %1")
                                  .arg(install.join(QLatin1Char(' '))));
            plan.reason =
                requirements.isEmpty()
                    ? QStringLiteral("pyproject.toml at the root")
                    : QStringLiteral("%1 at the root").arg(requirements.join(QStringLiteral(", ")));
            return plan;
        }
    }

    plan.kind = QStringLiteral("none");
    plan.reason = plan.notes.isEmpty() ? QStringLiteral("no lockfile or requirements at the root")
                                       : plan.notes.join(QStringLiteral("; "));
    return plan;
}

} // namespace agentdesk::tasks
