#include "llm/HttpErrors.h"

#include "llm/RetryPolicy.h"

namespace agentdesk::llm {

namespace {
QString detail(const QString &providerMessage)
{
    const QString trimmed = providerMessage.trimmed().left(300);
    return trimmed.isEmpty() ? QString() : QStringLiteral(": ") + trimmed;
}
} // namespace

ChatError describeHttpStatus(const QString &providerName, int status, const QString &providerType,
                             const QString &providerMessage, const QString &model)
{
    ChatError error;
    error.httpStatus = status;
    error.retryable = RetryPolicy::isRetryableStatus(status);
    const QString &name = providerName;
    if (status == 401 || providerType == QLatin1String("authentication_error") ||
        providerType == QLatin1String("invalid_api_key")) {
        error.code = QStringLiteral("auth");
        error.message = QStringLiteral("invalid API key for %1: check the key in Settings → "
                                       "Providers or the environment variable")
                            .arg(name);
    } else if (status == 403) {
        error.code = QStringLiteral("permission");
        error.message = QStringLiteral("%1 refused access with this API key%2")
                            .arg(name, detail(providerMessage));
    } else if (status == 404) {
        error.code = QStringLiteral("not-found");
        error.message = QStringLiteral("model not found: %1 (on %2)").arg(model, name);
    } else if (status == 413) {
        error.code = QStringLiteral("too-large");
        error.message = QStringLiteral("the request is too large for %1 (32 MB limit): shorten "
                                       "the conversation or the files attached")
                            .arg(name);
    } else if (status == 429 && RetryPolicy::isQuotaError(providerType)) {
        error.code = QStringLiteral("quota");
        error.retryable = false;
        error.message = QStringLiteral("%1 quota exhausted: check the plan and billing of this "
                                       "API key")
                            .arg(name);
    } else if (status == 429) {
        error.code = QStringLiteral("rate-limited");
        error.message = QStringLiteral("rate limited by %1: try again later or lower the "
                                       "concurrency")
                            .arg(name);
    } else if (status == 529 || providerType == QLatin1String("overloaded_error")) {
        error.code = QStringLiteral("overloaded");
        error.message = QStringLiteral("%1 is overloaded: try again in a few minutes").arg(name);
    } else if (status >= 500) {
        error.code = QStringLiteral("server-error");
        error.message = QStringLiteral("%1 had a server error (HTTP %2)%3")
                            .arg(name)
                            .arg(status)
                            .arg(detail(providerMessage));
    } else {
        error.code = QStringLiteral("bad-request");
        error.message = QStringLiteral("%1 rejected the request (HTTP %2)%3")
                            .arg(name)
                            .arg(status)
                            .arg(detail(providerMessage));
    }
    return error;
}

QString withRequestId(const QString &message, const QString &requestId)
{
    if (requestId.isEmpty())
        return message;
    return message + QStringLiteral(" (request %1)").arg(requestId);
}

} // namespace agentdesk::llm
