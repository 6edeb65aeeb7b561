#include "TempRepository.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace agentdesk::test {

TempRepository::TempRepository(const QString &initialBranch)
{
    if (!m_dir.isValid() || !QDir().mkpath(path()))
        return;
    m_valid =
        git({QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"), initialBranch})
            .ok();
    const QList<QStringList> settings = {
        {QStringLiteral("user.name"), QStringLiteral("AgentDesk Test")},
        {QStringLiteral("user.email"), QStringLiteral("test@agentdesk.invalid")},
        {QStringLiteral("core.autocrlf"), QStringLiteral("false")},
        {QStringLiteral("commit.gpgsign"), QStringLiteral("false")},
        {QStringLiteral("protocol.file.allow"), QStringLiteral("always")},
    };
    for (const QStringList &setting : settings)
        m_valid = m_valid && git(QStringList{QStringLiteral("config")} + setting).ok();
}

QString TempRepository::scratchPath(const QString &name) const
{
    return m_dir.path() + QLatin1Char('/') + name;
}

QString TempRepository::filePath(const QString &relative) const
{
    return path() + QLatin1Char('/') + relative;
}

bool TempRepository::writeFile(const QString &relative, const QByteArray &content, bool executable)
{
    const QString file = filePath(relative);
    QDir().mkpath(QFileInfo(file).absolutePath());
    QFile out(file);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    if (out.write(content) != content.size())
        return false;
    out.close();
    return setExecutable(relative, executable);
}

bool TempRepository::setExecutable(const QString &relative, bool executable)
{
    QFile file(filePath(relative));
    QFileDevice::Permissions permissions = QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                           QFileDevice::ReadGroup | QFileDevice::ReadOther;
    if (executable)
        permissions |= QFileDevice::ExeOwner | QFileDevice::ExeGroup | QFileDevice::ExeOther;
    return file.setPermissions(permissions);
}

bool TempRepository::removeFile(const QString &relative)
{
    return QFile::remove(filePath(relative));
}

bool TempRepository::makeSymlink(const QString &relative, const QString &target)
{
    QFile::remove(filePath(relative));
    return QFile::link(target, filePath(relative));
}

QString TempRepository::commitAll(const QString &message)
{
    if (!git({QStringLiteral("add"), QStringLiteral("-A")}).ok())
        return QString();
    if (!git({QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("--allow-empty"),
              QStringLiteral("-m"), message})
             .ok())
        return QString();
    return revParse(QStringLiteral("HEAD"));
}

ProcessOutput TempRepository::git(const QStringList &arguments, const QString &workdir) const
{
    return runGit(workdir.isEmpty() ? path() : workdir, arguments);
}

QString TempRepository::revParse(const QString &revision) const
{
    const ProcessOutput out = git({QStringLiteral("rev-parse"), QStringLiteral("--verify"),
                                   QStringLiteral("-q"), revision + QStringLiteral("^{commit}")});
    return out.ok() ? QString::fromUtf8(out.out).trimmed() : QString();
}

} // namespace agentdesk::test
