#include "git/IgnoredFiles.h"

#include "git/GitHandles.h"

#include <QFile>

namespace agentdesk::git {

using namespace detail;

Result<QStringList> ignoredPaths(const QString &workdir)
{
    git_repository *raw = nullptr;
    if (git_repository_open_ext(&raw, QFile::encodeName(workdir).constData(),
                                GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr) < 0)
        return Error{QStringLiteral("status-failed"),
                     QStringLiteral("%1 is not a git work tree").arg(workdir)};
    RepositoryHandle repository(raw);
    git_status_options options = GIT_STATUS_OPTIONS_INIT;
    options.show = GIT_STATUS_SHOW_WORKDIR_ONLY;
    options.flags = GIT_STATUS_OPT_INCLUDE_IGNORED | GIT_STATUS_OPT_INCLUDE_UNTRACKED |
                    GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
    git_status_list *rawList = nullptr;
    if (git_status_list_new(&rawList, repository.get(), &options) < 0) {
        const git_error *error = git_error_last();
        return Error{QStringLiteral("status-failed"),
                     QStringLiteral("cannot read the status of %1: %2")
                         .arg(workdir, error ? QString::fromUtf8(error->message) : QString())};
    }
    StatusListHandle list(rawList);
    QStringList paths;
    const size_t count = git_status_list_entrycount(list.get());
    for (size_t i = 0; i < count; ++i) {
        const git_status_entry *entry = git_status_byindex(list.get(), i);
        if (!entry || !(entry->status & GIT_STATUS_IGNORED) || !entry->index_to_workdir)
            continue;
        paths.append(QString::fromUtf8(entry->index_to_workdir->new_file.path));
    }
    paths.sort();
    return paths;
}

} // namespace agentdesk::git
