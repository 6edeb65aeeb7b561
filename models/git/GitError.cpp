#include "git/GitError.h"

#include "git/GitHandles.h"

namespace agentdesk::git::detail {

QString lastGitMessage()
{
    const git_error *error = git_error_last();
    if (error == nullptr || error->message == nullptr)
        return QString();
    return QString::fromUtf8(error->message).trimmed();
}

Error gitError(int errorCode, const QString &code, const QString &what)
{
    QString detail = lastGitMessage();
    if (detail.isEmpty())
        detail = QStringLiteral("libgit2 error %1").arg(errorCode);
    return makeError(code, what + QStringLiteral(": ") + detail);
}

} // namespace agentdesk::git::detail
