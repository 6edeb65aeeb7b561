#include "calibration/SyntaxCheck.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace agentdesk::calibration {

SyntaxCheck::SyntaxCheck(QString python, QString node, QObject *parent)
    : QObject(parent)
    , m_python(python.isEmpty() ? QStandardPaths::findExecutable(QStringLiteral("python3"))
                                : std::move(python))
    , m_node(node.isEmpty() ? QStandardPaths::findExecutable(QStringLiteral("node"))
                            : std::move(node))
{
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(timeoutMs);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (m_process)
            m_process->kill();
        finish(Status::Unavailable, QStringLiteral("%1 timed out").arg(m_name));
    });
}

SyntaxCheck::~SyntaxCheck()
{
    cancel();
}

QString SyntaxCheck::checkName(Language language)
{
    switch (language) {
    case Language::Python:
        return QStringLiteral("python3 -m py_compile");
    case Language::JavaScript:
        return QStringLiteral("node --check");
    case Language::Cpp:
    case Language::TypeScript:
        break;
    }
    return QString();
}

void SyntaxCheck::start(Language language, const QString &fileName, const QByteArray &bytes)
{
    cancel();
    m_name = checkName(language);
    const QString program = language == Language::Python ? m_python : m_node;
    const auto later = [this](Status status, const QString &note) {
        QMetaObject::invokeMethod(
            this, [this, status, note] { finish(status, note); }, Qt::QueuedConnection);
    };
    if (m_name.isEmpty()) {
        later(Status::Unavailable,
              QStringLiteral("no cheap parse check for %1").arg(languageId(language)));
        return;
    }
    if (program.isEmpty() || !QFileInfo(program).isExecutable()) {
        later(Status::Unavailable, QStringLiteral("not parse-checked: %1 is not installed")
                                       .arg(language == Language::Python ? QStringLiteral("python3")
                                                                         : QStringLiteral("node")));
        return;
    }
    m_dir = std::make_unique<QTemporaryDir>();
    const QString path = m_dir->filePath(QFileInfo(fileName).fileName());
    QFile file(path);
    if (!m_dir->isValid() || !file.open(QIODevice::WriteOnly) ||
        file.write(bytes) != bytes.size()) {
        later(Status::Unavailable, QStringLiteral("not parse-checked: no temporary folder"));
        return;
    }
    file.close();
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setWorkingDirectory(m_dir->path());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    // py_compile writes a .pyc; keep it inside the temporary folder.
    environment.insert(QStringLiteral("PYTHONPYCACHEPREFIX"),
                       m_dir->filePath(QStringLiteral("pyc")));
    m_process->setProcessEnvironment(environment);
    connect(m_process, &QProcess::finished, this,
            [this](int exitCode, QProcess::ExitStatus status) {
                const bool passed = status == QProcess::NormalExit && exitCode == 0;
                finish(passed ? Status::Passed : Status::Failed, m_name);
            });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            finish(Status::Unavailable,
                   QStringLiteral("not parse-checked: %1 did not start").arg(m_process->program()));
    });
    const QStringList arguments =
        language == Language::Python
            ? QStringList{QStringLiteral("-m"), QStringLiteral("py_compile"), path}
            : QStringList{QStringLiteral("--check"), path};
    m_timeout.start();
    m_process->start(program, arguments);
}

void SyntaxCheck::cancel()
{
    m_timeout.stop();
    if (m_process) {
        m_process->disconnect(this);
        // Killed first, so deleting it (which reaps the child) does not wait for a check.
        m_process->kill();
        m_process->deleteLater();
        m_process = nullptr;
    }
    m_dir.reset();
}

void SyntaxCheck::finish(Status status, const QString &note)
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->deleteLater();
        m_process = nullptr;
    }
    m_timeout.stop();
    m_dir.reset();
    Q_EMIT finished({status, note});
}

} // namespace agentdesk::calibration
