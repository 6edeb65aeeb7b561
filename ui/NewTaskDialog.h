#pragma once

#include "core/Money.h"
#include "tasks/TaskSpec.h"

#include <QDialog>
#include <QList>
#include <QMap>
#include <QSet>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QButtonGroup;

namespace agentdesk::ui {

struct BranchChoice
{
    QString name;
    QString commit;
};

// A model the user can pick, with what the dialog needs to check and estimate its cost.
struct ModelChoice
{
    tasks::ModelRef ref;
    bool priced = false;
    Money inputPerMillion; // meaningful when priced
    Money outputPerMillion;
    bool cliAgent = false; // a CLI agent (Claude Code, Codex, ...) rather than an API model
    // How a budget holds for it, when that needs saying before dispatch (issue 19: a CLI that
    // reports usage only at the end of a turn is stopped between turns).
    QString budgetNote;
};

// What the dialog offers: the repository's branches, the models of the configured providers
// and installed CLI agents, and the validation command detected in the repository.
struct NewTaskOptions
{
    QString repositoryPath;
    QList<BranchChoice> branches;
    QString currentBranch;
    QList<ModelChoice> models;
    QString detectedValidationCommand;
};

struct TaskTemplate
{
    QString id;
    QString name;
    QString title;
    QString prompt;
    tasks::RiskLevel risk = tasks::RiskLevel::Low;
};

// Task → New Task (Ctrl+N). Every field is checked as it is edited, with the reason next to
// it; Dispatch is enabled only when the spec is complete and affordable to meter.
class NewTaskDialog : public QDialog
{
    Q_OBJECT

public:
    explicit NewTaskDialog(NewTaskOptions options, QWidget *parent = nullptr);

    // The spec as the fields say now (the base commit resolved from the branch choice).
    tasks::TaskSpec spec() const;
    // Field name → the reason it is not acceptable; empty when the task can be dispatched.
    QMap<QString, QString> validationErrors() const;
    // Advice that does not block dispatch (e.g. the reviewer is the implementer's model).
    QStringList warnings() const;

    void applyRiskPreset(tasks::RiskLevel risk);
    bool applyTemplate(const QString &templateId);
    // The typical cost of a task with the chosen models, if both are priced.
    std::optional<Money> typicalCost() const;
    // The least budget accepted: one call of the chosen implementer at its worst.
    Money smallestBudget() const;

    // The templates shipped in resources/templates/task-templates.json.
    static QList<TaskTemplate> builtInTemplates();

private:
    QWidget *createField(QWidget *editor, const QString &fieldName);
    void revalidate();
    const ModelChoice *findModel(const tasks::ModelRef &ref) const;
    std::optional<tasks::ModelRef> modelFrom(const QComboBox *combo) const;
    QString modelError(const QComboBox *combo, const QString &role) const;
    tasks::RiskLevel selectedRisk() const;

    NewTaskOptions m_options;
    QList<TaskTemplate> m_templates;
    QComboBox *m_template = nullptr;
    QLineEdit *m_title = nullptr;
    QPlainTextEdit *m_prompt = nullptr;
    QComboBox *m_baseBranch = nullptr;
    QLabel *m_baseCommit = nullptr;
    QButtonGroup *m_risk = nullptr;
    QComboBox *m_implementer = nullptr;
    QComboBox *m_reviewer = nullptr;
    QLineEdit *m_budget = nullptr;
    QLabel *m_estimate = nullptr;
    QLineEdit *m_validation = nullptr;
    QLabel *m_warnings = nullptr;
    QMap<QString, QLabel *> m_errorLabels;
    // Fields the user has typed in: an empty title or prompt is not an error to show in red
    // before anything is typed (Dispatch stays disabled and its tooltip says why).
    QSet<QString> m_touched;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace agentdesk::ui
