#include "calibration/ReviewBriefing.h"

#include "git/DiffEngine.h"
#include "git/Repository.h"

namespace agentdesk::calibration::detail {

QString noValidationSummary()
{
    return QStringLiteral("No validation ran.");
}

Result<agents::ReviewRequest> reviewRequestFor(const git::Repository &repository,
                                               const Change &change, const QString &head,
                                               const QString &checkout)
{
    auto diff = git::DiffEngine::diffCommits(repository, change.parent, head);
    if (!diff)
        return diff.error();
    agents::ReviewRequest request;
    request.title = change.title;
    request.prompt = change.prompt;
    request.headWorktree = checkout;
    request.diff = std::move(diff->files);
    request.validationSummary = noValidationSummary();
    return request;
}

} // namespace agentdesk::calibration::detail
