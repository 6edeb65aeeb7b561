#pragma once

#include "core/Result.h"
#include "tasks/engine/steps/RunnerStep.h"
#include "tasks/validation/ValidationResult.h"

#include <QList>
#include <QPair>

#include <functional>

namespace agentdesk::tasks {

class EnvironmentSetup;
class ValidationRunner;
struct SetupOutcome;
struct ValidationRequest;

// Validating: our own run of the repository's tests on a clean checkout of the committed head,
// then the same command on the base commit, which tells new failures from old ones. The
// result is saved whatever it says; only a head that cannot be checked out fails the task.
// Each checkout is prepared first (EnvironmentSetup); a setup that fails there is recorded as
// that validation's environment failure. The test command comes from the spec, the recipe's
// `test`, or detection, and runs with the recipe's [env] variables.
class ValidateStep : public RunnerStep
{
    Q_OBJECT

public:
    using RunnerStep::RunnerStep;
    void start() override;
    bool cancel() override;
    void abandon() override;

private:
    ValidationRequest request(const QString &directory, const QString &commit) const;
    void onHeadCheckout(const Result<QString> &head);
    void onHeadValidated(const ValidationResult &result);
    void startBaseValidation();
    void onBaseCheckout(const Result<QString> &path);
    void onBaseValidated(const ValidationResult &result);
    void saveValidation();
    // Prepares `directory`, then calls `then` with what it did (on this thread, later).
    void setUp(const QString &directory, const QString &label,
               std::function<void(const SetupOutcome &outcome)> then);
    ValidationResult environmentFailure(const QString &directory, const QString &commit,
                                        const SetupOutcome &outcome) const;

    ValidationRunner *m_validation = nullptr;
    EnvironmentSetup *m_setup = nullptr;
    QList<QPair<QString, QString>> m_variables; // the recipe's [env], substituted
    QString m_basePath;
};

} // namespace agentdesk::tasks
