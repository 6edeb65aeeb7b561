#pragma once

#include "core/Result.h"
#include "tasks/engine/steps/RunnerStep.h"
#include "tasks/validation/ValidationResult.h"

namespace agentdesk::tasks {

class ValidationRunner;
struct ValidationRequest;

// Validating: our own run of the repository's tests on a clean checkout of the committed head,
// then the same command on the base commit, which tells new failures from old ones. The
// result is saved whatever it says; only a head that cannot be checked out fails the task.
class ValidateStep : public RunnerStep
{
    Q_OBJECT

public:
    using RunnerStep::RunnerStep;
    void start() override;
    bool cancel() override;

private:
    ValidationRequest request(const QString &directory, const QString &commit) const;
    void onHeadCheckout(const Result<QString> &head);
    void onHeadValidated(const ValidationResult &result);
    void startBaseValidation();
    void onBaseCheckout(const Result<QString> &path);
    void onBaseValidated(const ValidationResult &result);
    void saveValidation();

    ValidationRunner *m_validation = nullptr;
    QString m_basePath;
};

} // namespace agentdesk::tasks
