#include "ui/NewTaskDialog.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QVBoxLayout>

#include <algorithm>

namespace agentdesk::ui {

using tasks::ModelRef;
using tasks::RiskLevel;

namespace {

// What a typical low-risk task uses, for the estimate next to the budget: a few turns of the
// implementer reading and editing files, and one review of the diff. Rough on purpose; the
// meter shows the real figure as the task runs.
constexpr qint64 typicalImplementerInput = 150'000;
constexpr qint64 typicalImplementerOutput = 15'000;
constexpr qint64 typicalReviewerInput = 40'000;
constexpr qint64 typicalReviewerOutput = 4'000;
// One call at its worst: a full context read and a long answer. A budget below it cannot pay
// for the task's first step.
constexpr qint64 worstCallInput = 30'000;
constexpr qint64 worstCallOutput = 8'000;

Money priceOf(const ModelChoice &model, qint64 input, qint64 output)
{
    return Money::fromNanodollars((model.inputPerMillion.nanodollars() * input +
                                   model.outputPerMillion.nanodollars() * output) /
                                  1'000'000);
}

// Template markers such as <path> that the user has not replaced yet.
QString firstPlaceholder(const QString &text)
{
    static const QRegularExpression marker(QStringLiteral("<[a-z][a-z -]{0,30}>"));
    return marker.match(text).captured(0);
}

QLabel *makeErrorLabel(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    QPalette pal = label->palette();
    pal.setColor(QPalette::WindowText, QColor(0xc9, 0x2a, 0x2a));
    label->setPalette(pal);
    label->hide();
    return label;
}

} // namespace

QList<TaskTemplate> NewTaskDialog::builtInTemplates()
{
    QList<TaskTemplate> templates;
    QFile file(QStringLiteral(":/agentdesk/templates/task-templates.json"));
    if (!file.open(QIODevice::ReadOnly))
        return templates;
    const QJsonArray list = QJsonDocument::fromJson(file.readAll())
                                .object()
                                .value(QStringLiteral("templates"))
                                .toArray();
    for (const QJsonValue &value : list) {
        const QJsonObject object = value.toObject();
        TaskTemplate entry;
        entry.id = object.value(QStringLiteral("id")).toString();
        entry.name = object.value(QStringLiteral("name")).toString();
        entry.title = object.value(QStringLiteral("title")).toString();
        entry.prompt = object.value(QStringLiteral("prompt")).toString();
        entry.risk =
            tasks::riskLevelFromStorageName(object.value(QStringLiteral("risk")).toString())
                .value_or(RiskLevel::Low);
        templates.append(entry);
    }
    return templates;
}

NewTaskDialog::NewTaskDialog(NewTaskOptions options, QWidget *parent)
    : QDialog(parent)
    , m_options(std::move(options))
    , m_templates(builtInTemplates())
{
    setWindowTitle(tr("New Task"));
    setObjectName(QStringLiteral("newTaskDialog"));

    m_template = new QComboBox(this);
    m_template->setObjectName(QStringLiteral("templateCombo"));
    m_template->setAccessibleName(tr("Template"));
    m_template->addItem(tr("Blank task"), QString());
    for (const TaskTemplate &entry : std::as_const(m_templates))
        m_template->addItem(entry.name, entry.id);
    connect(m_template, &QComboBox::activated, this,
            [this](int index) { applyTemplate(m_template->itemData(index).toString()); });

    m_title = new QLineEdit(this);
    m_title->setObjectName(QStringLiteral("titleEdit"));
    m_title->setAccessibleName(tr("Title"));
    m_title->setPlaceholderText(tr("What should be done, in a few words"));

    m_prompt = new QPlainTextEdit(this);
    m_prompt->setObjectName(QStringLiteral("promptEdit"));
    m_prompt->setAccessibleName(tr("Instructions"));
    m_prompt->setPlaceholderText(tr("The instructions for the agent: what to change, where, and "
                                    "how to tell it is done."));
    m_prompt->setTabChangesFocus(true);
    m_prompt->setMinimumHeight(110);

    m_baseBranch = new QComboBox(this);
    m_baseBranch->setObjectName(QStringLiteral("baseBranchCombo"));
    m_baseBranch->setAccessibleName(tr("Base branch"));
    for (const BranchChoice &branch : std::as_const(m_options.branches))
        m_baseBranch->addItem(branch.name, branch.commit);
    const int current = m_baseBranch->findText(m_options.currentBranch);
    if (current >= 0)
        m_baseBranch->setCurrentIndex(current);
    m_baseCommit = new QLabel(this);
    m_baseCommit->setObjectName(QStringLiteral("baseCommitLabel"));
    m_baseCommit->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *baseRow = new QWidget(this);
    auto *baseLayout = new QHBoxLayout(baseRow);
    baseLayout->setContentsMargins(0, 0, 0, 0);
    baseLayout->addWidget(m_baseBranch, 1);
    baseLayout->addWidget(m_baseCommit);

    m_risk = new QButtonGroup(this);
    auto *riskRow = new QWidget(this);
    auto *riskLayout = new QHBoxLayout(riskRow);
    riskLayout->setContentsMargins(0, 0, 0, 0);
    const QList<QPair<RiskLevel, QString>> risks = {{RiskLevel::Low, tr("&Low")},
                                                    {RiskLevel::Medium, tr("&Medium")},
                                                    {RiskLevel::High, tr("&High")}};
    for (const auto &[risk, label] : risks) {
        auto *button = new QRadioButton(label, riskRow);
        button->setObjectName(QStringLiteral("risk_") + tasks::riskLevelStorageName(risk));
        m_risk->addButton(button, int(risk));
        riskLayout->addWidget(button);
    }
    riskLayout->addStretch();
    connect(m_risk, &QButtonGroup::idClicked, this,
            [this](int id) { applyRiskPreset(RiskLevel(id)); });

    auto makeModelCombo = [this](const QString &name, const QString &accessible) {
        auto *combo = new QComboBox(this);
        combo->setObjectName(name);
        combo->setAccessibleName(accessible);
        combo->setEditable(true);
        combo->setInsertPolicy(QComboBox::NoInsert);
        combo->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        for (const ModelChoice &model : std::as_const(m_options.models)) {
            QString label = model.ref.toString();
            if (model.cliAgent)
                label += tr("  (CLI agent)");
            else if (!model.priced)
                label += tr("  (no price)");
            combo->addItem(label, model.ref.toString());
        }
        return combo;
    };
    m_implementer = makeModelCombo(QStringLiteral("implementerCombo"), tr("Implementer model"));
    m_reviewer = makeModelCombo(QStringLiteral("reviewerCombo"), tr("Reviewer model"));

    m_budget = new QLineEdit(this);
    m_budget->setObjectName(QStringLiteral("budgetEdit"));
    m_budget->setAccessibleName(tr("Budget in dollars"));
    m_budget->setPlaceholderText(tr("e.g. 1.00"));
    m_estimate = new QLabel(this);
    m_estimate->setObjectName(QStringLiteral("estimateLabel"));
    m_estimate->setForegroundRole(QPalette::PlaceholderText);
    auto *budgetRow = new QWidget(this);
    auto *budgetLayout = new QHBoxLayout(budgetRow);
    budgetLayout->setContentsMargins(0, 0, 0, 0);
    budgetLayout->addWidget(new QLabel(QStringLiteral("$"), budgetRow));
    budgetLayout->addWidget(m_budget);
    budgetLayout->addWidget(m_estimate, 1);

    m_validation = new QLineEdit(this);
    m_validation->setObjectName(QStringLiteral("validationEdit"));
    m_validation->setAccessibleName(tr("Validation command"));
    m_validation->setText(m_options.detectedValidationCommand);
    m_validation->setPlaceholderText(tr("The command that runs the repository's tests"));

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("Template:"), m_template);
    form->addRow(tr("&Title:"), createField(m_title, QStringLiteral("title")));
    form->addRow(tr("&Instructions:"), createField(m_prompt, QStringLiteral("prompt")));
    form->addRow(tr("&Base branch:"), createField(baseRow, QStringLiteral("baseBranch")));
    form->addRow(tr("Risk:"), riskRow);
    form->addRow(tr("I&mplementer:"), createField(m_implementer, QStringLiteral("implementer")));
    form->addRow(tr("&Reviewer:"), createField(m_reviewer, QStringLiteral("reviewer")));
    form->addRow(tr("B&udget:"), createField(budgetRow, QStringLiteral("budget")));
    form->addRow(tr("&Validation:"), createField(m_validation, QStringLiteral("validation")));

    m_warnings = new QLabel(this);
    m_warnings->setObjectName(QStringLiteral("warningsLabel"));
    m_warnings->setWordWrap(true);
    m_warnings->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    auto *dispatch = m_buttons->addButton(tr("&Dispatch"), QDialogButtonBox::AcceptRole);
    dispatch->setObjectName(QStringLiteral("dispatchButton"));
    dispatch->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_warnings);
    layout->addWidget(m_buttons);
    setMinimumWidth(620);

    connect(m_title, &QLineEdit::textChanged, this, [this] {
        m_touched.insert(QStringLiteral("title"));
        revalidate();
    });
    connect(m_prompt, &QPlainTextEdit::textChanged, this, [this] {
        m_touched.insert(QStringLiteral("prompt"));
        revalidate();
    });
    connect(m_baseBranch, &QComboBox::currentIndexChanged, this, &NewTaskDialog::revalidate);
    connect(m_implementer, &QComboBox::currentTextChanged, this, &NewTaskDialog::revalidate);
    connect(m_reviewer, &QComboBox::currentTextChanged, this, &NewTaskDialog::revalidate);
    connect(m_budget, &QLineEdit::textChanged, this, &NewTaskDialog::revalidate);
    connect(m_validation, &QLineEdit::textChanged, this, &NewTaskDialog::revalidate);

    applyRiskPreset(RiskLevel::Low);
    m_title->setFocus();
}

QWidget *NewTaskDialog::createField(QWidget *editor, const QString &fieldName)
{
    auto *host = new QWidget(this);
    auto *layout = new QVBoxLayout(host);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(editor);
    QLabel *error = makeErrorLabel(host);
    error->setObjectName(fieldName + QStringLiteral("Error"));
    layout->addWidget(error);
    m_errorLabels.insert(fieldName, error);
    return host;
}

void NewTaskDialog::applyRiskPreset(RiskLevel risk)
{
    if (QAbstractButton *button = m_risk->button(int(risk)))
        button->setChecked(true);
    const tasks::RiskDefaults defaults = tasks::riskDefaults(risk);
    auto select = [](QComboBox *combo, const ModelRef &ref) {
        const int index = combo->findData(ref.toString());
        if (index >= 0)
            combo->setCurrentIndex(index);
        else
            combo->setEditText(ref.toString());
    };
    select(m_implementer, defaults.implementer);
    select(m_reviewer, defaults.reviewer);
    m_budget->setText(defaults.budget.format(2).remove(QLatin1Char('$')));
    revalidate();
}

bool NewTaskDialog::applyTemplate(const QString &templateId)
{
    for (const TaskTemplate &entry : std::as_const(m_templates)) {
        if (entry.id != templateId)
            continue;
        m_template->setCurrentIndex(m_template->findData(entry.id));
        m_title->setText(entry.title);
        m_prompt->setPlainText(entry.prompt);
        applyRiskPreset(entry.risk);
        // Put the cursor on the first thing to fill in.
        const QString marker = firstPlaceholder(entry.title);
        if (!marker.isEmpty()) {
            m_title->setFocus();
            m_title->setSelection(int(entry.title.indexOf(marker)), int(marker.size()));
        }
        return true;
    }
    return false;
}

const ModelChoice *NewTaskDialog::findModel(const ModelRef &ref) const
{
    for (const ModelChoice &model : m_options.models) {
        if (model.ref == ref)
            return &model;
    }
    return nullptr;
}

std::optional<ModelRef> NewTaskDialog::modelFrom(const QComboBox *combo) const
{
    // The item's data when the text is an item's label, else what the user typed.
    const int index = combo->findText(combo->currentText());
    const QString text =
        index >= 0 ? combo->itemData(index).toString() : combo->currentText().trimmed();
    return ModelRef::parse(text);
}

tasks::RiskLevel NewTaskDialog::selectedRisk() const
{
    const int id = m_risk->checkedId();
    return id < 0 ? RiskLevel::Low : RiskLevel(id);
}

QString NewTaskDialog::modelError(const QComboBox *combo, const QString &role) const
{
    const std::optional<ModelRef> ref = modelFrom(combo);
    if (!ref || ref->isEmpty())
        return tr("Choose the %1 as provider:model, e.g. anthropic:claude-sonnet-4-5.").arg(role);
    const ModelChoice *model = findModel(*ref);
    // A model of a keyed provider none of whose models is offered: its key is what is missing.
    const auto offersProvider = [this](const QString &provider) {
        return std::any_of(
            m_options.models.cbegin(), m_options.models.cend(),
            [&](const ModelChoice &choice) { return choice.ref.provider == provider; });
    };
    const QString keyVariable =
        ref->provider == QLatin1String("anthropic") ? QStringLiteral("ANTHROPIC_API_KEY")
        : ref->provider == QLatin1String("openai")  ? QStringLiteral("OPENAI_API_KEY")
                                                    : QString();
    if (!model && !keyVariable.isEmpty() && !offersProvider(ref->provider))
        return tr("%1 needs an API key for %2, and none is set: add one in File → Settings → "
                  "Providers, or set %3 in the environment.")
            .arg(ref->toString(), ref->provider, keyVariable);
    if (!model)
        return tr("%1 is not a model of a configured provider or an installed CLI agent.")
            .arg(ref->toString());
    const auto budget = Money::parseDollars(m_budget->text());
    if (!model->priced && !model->cliAgent && budget && budget->nanodollars() > 0)
        return tr("%1 has no price, so a budget cannot be enforced: set its price in Settings, "
                  "or clear the budget.")
            .arg(ref->model);
    return QString();
}

QMap<QString, QString> NewTaskDialog::validationErrors() const
{
    QMap<QString, QString> errors;
    const QString title = m_title->text().trimmed();
    if (title.isEmpty())
        errors.insert(QStringLiteral("title"), tr("Give the task a title."));
    else if (title.size() > 120)
        errors.insert(QStringLiteral("title"), tr("Keep the title under 120 characters."));
    else if (const QString marker = firstPlaceholder(title); !marker.isEmpty())
        errors.insert(QStringLiteral("title"), tr("Replace %1 in the title.").arg(marker));

    const QString prompt = m_prompt->toPlainText().trimmed();
    if (prompt.isEmpty())
        errors.insert(QStringLiteral("prompt"), tr("Say what the agent should do."));
    else if (const QString marker = firstPlaceholder(prompt); !marker.isEmpty())
        errors.insert(QStringLiteral("prompt"), tr("Replace %1 in the instructions.").arg(marker));

    if (m_baseBranch->currentIndex() < 0)
        errors.insert(QStringLiteral("baseBranch"),
                      tr("The repository has no branch to start the task from."));

    if (const QString error = modelError(m_implementer, tr("implementer")); !error.isEmpty())
        errors.insert(QStringLiteral("implementer"), error);
    if (const QString error = modelError(m_reviewer, tr("reviewer")); !error.isEmpty())
        errors.insert(QStringLiteral("reviewer"), error);

    const QString budgetText = m_budget->text().trimmed();
    const auto budget = Money::parseDollars(budgetText);
    if (budgetText.isEmpty() || !budget)
        errors.insert(QStringLiteral("budget"), tr("Enter the most this run may spend, in dollars "
                                                   "(e.g. 1.50)."));
    else if (budget->nanodollars() <= 0)
        errors.insert(QStringLiteral("budget"), tr("The budget must be more than $0."));
    else if (const Money floor = smallestBudget(); *budget < floor)
        errors.insert(QStringLiteral("budget"),
                      tr("%1 cannot pay for one call of the implementer (up to %2): give it at "
                         "least that.")
                          .arg(budget->format(4), floor.format(2)));
    else if (*budget > Money::parseDollars(QStringLiteral("1000")).value())
        errors.insert(QStringLiteral("budget"), tr("A budget over $1,000 for one task is almost "
                                                   "certainly a typo."));
    return errors;
}

QStringList NewTaskDialog::warnings() const
{
    QStringList result;
    const auto implementer = modelFrom(m_implementer);
    const auto reviewer = modelFrom(m_reviewer);
    if (implementer && reviewer && *implementer == *reviewer)
        result << tr("The reviewer is the implementer's own model: a different model catches "
                     "different mistakes.");
    if (m_validation->text().trimmed().isEmpty())
        result << tr("No validation command: the task cannot pass the merge gate until one is "
                     "set.");
    if (const ModelChoice *model = implementer ? findModel(*implementer) : nullptr;
        model && !model->budgetNote.isEmpty() && !m_budget->text().trimmed().isEmpty())
        result << model->budgetNote;
    return result;
}

Money NewTaskDialog::smallestBudget() const
{
    // At least a cent (the meter shows cents), and one call of the implementer at its worst.
    Money floor = Money::fromCents(1);
    const auto implementer = modelFrom(m_implementer);
    const ModelChoice *model = implementer ? findModel(*implementer) : nullptr;
    if (model && model->priced) {
        const Money call = priceOf(*model, worstCallInput, worstCallOutput);
        // Rounded up to the cent, so the message's figure is the one that passes.
        const qint64 cent = Money::fromCents(1).nanodollars();
        const Money rounded = Money::fromNanodollars((call.nanodollars() + cent - 1) / cent * cent);
        if (floor < rounded)
            floor = rounded;
    }
    return floor;
}

std::optional<Money> NewTaskDialog::typicalCost() const
{
    const auto implementer = modelFrom(m_implementer);
    const auto reviewer = modelFrom(m_reviewer);
    const ModelChoice *implementerModel = implementer ? findModel(*implementer) : nullptr;
    const ModelChoice *reviewerModel = reviewer ? findModel(*reviewer) : nullptr;
    if (!implementerModel || !reviewerModel || !implementerModel->priced || !reviewerModel->priced)
        return std::nullopt;
    return priceOf(*implementerModel, typicalImplementerInput, typicalImplementerOutput) +
           priceOf(*reviewerModel, typicalReviewerInput, typicalReviewerOutput);
}

void NewTaskDialog::revalidate()
{
    const int branchIndex = m_baseBranch->currentIndex();
    m_baseCommit->setText(
        branchIndex < 0 ? QString()
                        : tr("at %1").arg(m_baseBranch->itemData(branchIndex).toString().left(10)));

    const std::optional<Money> typical = typicalCost();
    m_estimate->setText(typical ? tr("typical task: about %1").arg(typical->format(2))
                                : tr("no estimate: a model has no price"));

    const QMap<QString, QString> errors = validationErrors();
    for (auto it = m_errorLabels.cbegin(); it != m_errorLabels.cend(); ++it) {
        const bool untouched =
            (it.key() == QLatin1String("title") || it.key() == QLatin1String("prompt")) &&
            !m_touched.contains(it.key());
        const QString message = untouched ? QString() : errors.value(it.key());
        it.value()->setText(message);
        it.value()->setVisible(!message.isEmpty());
    }
    const QStringList advice = warnings();
    m_warnings->setText(advice.join(QLatin1Char('\n')));
    m_warnings->setVisible(!advice.isEmpty());
    if (QPushButton *dispatch =
            m_buttons->findChild<QPushButton *>(QStringLiteral("dispatchButton"))) {
        dispatch->setEnabled(errors.isEmpty());
        dispatch->setToolTip(errors.isEmpty() ? tr("Start the task in the background")
                                              : errors.first());
    }
}

tasks::TaskSpec NewTaskDialog::spec() const
{
    tasks::TaskSpec spec = tasks::TaskSpec::withDefaults(selectedRisk());
    spec.repositoryPath = m_options.repositoryPath;
    spec.title = m_title->text().trimmed();
    spec.prompt = m_prompt->toPlainText().trimmed();
    if (m_baseBranch->currentIndex() >= 0) {
        spec.baseBranch = m_baseBranch->currentText();
        spec.baseCommit = m_baseBranch->currentData().toString();
    }
    if (const auto implementer = modelFrom(m_implementer))
        spec.implementer = *implementer;
    if (const auto reviewer = modelFrom(m_reviewer))
        spec.reviewer = *reviewer;
    if (const auto budget = Money::parseDollars(m_budget->text()))
        spec.budget = *budget;
    spec.validationCommand = m_validation->text().trimmed();
    return spec;
}

} // namespace agentdesk::ui
