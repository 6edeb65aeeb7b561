#pragma once

#include "calibration/SourceFile.h"

#include <QObject>
#include <QTimer>

#include <memory>

class QProcess;
class QTemporaryDir;

namespace agentdesk::calibration {

// The cheap parse check a language has: `python3 -m py_compile FILE` for Python, `node
// --check FILE` for JavaScript; none for C/C++ and TypeScript (that needs a compiler and the
// project's headers or types). Asynchronous: one child process at a time, never waited for;
// finished() always follows start(), later.
class SyntaxCheck : public QObject
{
    Q_OBJECT

public:
    enum class Status
    {
        Passed,
        Failed,
        Unavailable, // no check for the language, the tool is not installed, or it timed out
    };
    struct Outcome
    {
        Status status = Status::Unavailable;
        QString note; // "python3 -m py_compile", or why there was no check
    };

    // `python` / `node`: the programs to run; empty means the one on PATH.
    SyntaxCheck(QString python, QString node, QObject *parent = nullptr);
    ~SyntaxCheck() override;

    // The check's words for a language ("node --check"), or empty when it has none.
    static QString checkName(Language language);

    // Writes `bytes` to a private temporary folder as `fileName` (its extension matters to
    // node) and checks it.
    void start(Language language, const QString &fileName, const QByteArray &bytes);
    void cancel();

    static constexpr int timeoutMs = 30000;

Q_SIGNALS:
    void finished(const agentdesk::calibration::SyntaxCheck::Outcome &outcome);

private:
    void finish(Status status, const QString &note);

    QString m_python;
    QString m_node;
    std::unique_ptr<QTemporaryDir> m_dir;
    QProcess *m_process = nullptr;
    QTimer m_timeout;
    QString m_name;
};

} // namespace agentdesk::calibration
