#pragma once

// Private to models/git: lets the layer's other classes reach the libgit2 handle inside a
// Repository without putting a libgit2 type in Repository.h.

#include "git/GitHandles.h"
#include "git/Repository.h"

namespace agentdesk::git::detail {

class RepositoryAccess
{
public:
    static git_repository *native(const Repository &repository);
    static Repository adopt(RepositoryHandle handle);
};

// Parses a hex id; false when it is not a full object id.
bool parseOid(const QString &hex, git_oid *out);
QString oidToHex(const git_oid &oid);
// Peels a revision to a commit; error code "unknown-revision".
Result<CommitHandle> lookupCommit(git_repository *repo, const QString &revision);

} // namespace agentdesk::git::detail
