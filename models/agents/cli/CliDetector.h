#pragma once

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>

class QProcess;

namespace agentdesk::agents {

// One agent CLI to look for.
struct CliProbe
{
    QString backendId;   // "claude-code"
    QString displayName; // "Claude Code"
    QString executable;  // "claude", or an absolute path from the settings
};

// What was found for a probe.
struct CliInfo
{
    QString backendId;
    QString displayName;
    bool installed = false;
    QString path;    // the executable found
    QString version; // the first line of `--version`, e.g. "2.1.197 (Claude Code)"
    QString error;   // why it is not usable, in words a user can act on
};

// Finds which agent CLIs are installed and their versions without blocking the calling
// thread: the executables are located on the search path, then each `--version` runs as an
// asynchronous process, and detected() arrives once all have answered (or timed out).
class CliDetector : public QObject
{
    Q_OBJECT

public:
    explicit CliDetector(QObject *parent = nullptr);
    ~CliDetector() override;

    // Claude Code, Codex and Aider under their usual names.
    static QList<CliProbe> standardProbes();

    void setSearchPath(const QStringList &searchPath) { m_searchPath = searchPath; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    // Starts a detection; a detection already running is abandoned.
    void detect(const QList<CliProbe> &probes);

Q_SIGNALS:
    void detected(const QList<agentdesk::agents::CliInfo> &clis);

private:
    void versionFinished(int index, QProcess *process, bool timedOut);
    void finishIfDone();

    QStringList m_searchPath;
    QList<CliInfo> m_results;
    QList<QProcess *> m_processes;
    int m_pending = 0;
    int m_timeoutMs = 10000;
    quint64 m_generation = 0;
};

} // namespace agentdesk::agents

Q_DECLARE_METATYPE(agentdesk::agents::CliInfo)
