#include "ui/review/FindingsPanel.h"

#include "diff/DiffColors.h"
#include "ui/review/FindingDelegate.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace agentdesk::ui {

using itemmodels::FindingsModel;

FindingsPanel::FindingsPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("findingsPanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("findingsSummaryLabel"));
    m_summary->setWordWrap(true);
    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    layout->addLayout(top);

    auto *filters = new QHBoxLayout;
    m_priority = new QComboBox(this);
    m_priority->setObjectName(QStringLiteral("findingsPriorityFilter"));
    m_priority->setAccessibleName(tr("Show priorities"));
    m_priority->setToolTip(tr("Show findings up to this priority (P0 = blocker, P3 = nit)"));
    m_priority->addItem(tr("All priorities"), 3);
    m_priority->addItem(tr("P0–P2"), 2);
    m_priority->addItem(tr("P0–P1"), 1);
    m_priority->addItem(tr("P0 blockers"), 0);
    // Narrow combos: the pane beside the diff must not widen the window.
    m_priority->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_priority->setMinimumContentsLength(6);
    filters->addWidget(m_priority, 1);
    m_category = new QComboBox(this);
    m_category->setObjectName(QStringLiteral("findingsCategoryFilter"));
    m_category->setAccessibleName(tr("Show category"));
    m_category->setToolTip(tr("Show one category of findings"));
    m_category->addItem(tr("All categories"), -1);
    for (int c = 0; c < review::findingCategoryCount; ++c)
        m_category->addItem(review::categoryLabel(review::FindingCategory(c)), c);
    m_category->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_category->setMinimumContentsLength(6);
    filters->addWidget(m_category, 1);
    layout->addLayout(filters);

    m_model = new FindingsModel(this);
    m_view = new QListView(this);
    m_view->setObjectName(QStringLiteral("findingsList"));
    m_view->setAccessibleName(tr("Findings"));
    m_view->setModel(m_model);
    m_view->setModelColumn(FindingsModel::TitleColumn);
    m_view->setItemDelegate(new FindingDelegate(m_view));
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setUniformItemSizes(true);
    m_view->setMouseTracking(true);
    layout->addWidget(m_view, 1);

    // Earlier iterations' findings that are closed now: a collapsed list, one line each,
    // marked resolved or outdated.
    auto *closedRow = new QHBoxLayout;
    closedRow->setSpacing(4);
    m_closedToggle = new QToolButton(this);
    m_closedToggle->setObjectName(QStringLiteral("findingsClosedToggle"));
    m_closedToggle->setAccessibleName(tr("Show the earlier iterations' findings"));
    m_closedToggle->setCheckable(true);
    m_closedToggle->setAutoRaise(true);
    m_closedToggle->setArrowType(Qt::RightArrow);
    m_closedToggle->setVisible(false);
    closedRow->addWidget(m_closedToggle, 0, Qt::AlignTop);
    m_closed = new QLabel(this);
    m_closed->setObjectName(QStringLiteral("findingsClosedLabel"));
    m_closed->setWordWrap(true);
    m_closed->setVisible(false);
    closedRow->addWidget(m_closed, 1);
    layout->addLayout(closedRow);
    m_closedList = new QLabel(this);
    m_closedList->setObjectName(QStringLiteral("findingsClosedList"));
    m_closedList->setWordWrap(true);
    m_closedList->setTextFormat(Qt::PlainText);
    m_closedList->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_closedList->setContentsMargins(18, 0, 0, 0);
    m_closedList->setVisible(false);
    layout->addWidget(m_closedList);
    connect(m_closedToggle, &QToolButton::toggled, this, [this](bool open) {
        m_closedToggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        m_closedList->setVisible(open && !m_closedList->text().isEmpty());
    });

    auto *bottom = new QHBoxLayout;
    m_showAcknowledged = new QCheckBox(tr("Show acknowledged"), this);
    m_showAcknowledged->setObjectName(QStringLiteral("findingsShowAcknowledged"));
    m_showAcknowledged->setChecked(true);
    bottom->addWidget(m_showAcknowledged);
    bottom->addStretch(1);
    m_acknowledge = new QPushButton(tr("Acknowledge"), this);
    m_acknowledge->setObjectName(QStringLiteral("acknowledgeFindingButton"));
    m_acknowledge->setAccessibleName(tr("Acknowledge the selected finding"));
    m_acknowledge->setEnabled(false);
    top->addWidget(m_acknowledge, 0, Qt::AlignTop);
    layout->addLayout(bottom);

    connect(m_priority, &QComboBox::currentIndexChanged, this, &FindingsPanel::applyFilters);
    connect(m_category, &QComboBox::currentIndexChanged, this, &FindingsPanel::applyFilters);
    connect(m_showAcknowledged, &QCheckBox::toggled, this, &FindingsPanel::applyFilters);
    connect(m_acknowledge, &QPushButton::clicked, this, &FindingsPanel::toggleAcknowledged);
    connect(m_model, &FindingsModel::acknowledgedChanged, this, [this](int finding, bool ack) {
        updateSummary();
        updateAcknowledgeButton();
        Q_EMIT acknowledgeToggled(finding, ack);
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                updateAcknowledgeButton();
                if (!m_selecting && current.isValid())
                    Q_EMIT findingSelected(m_model->findingIndex(current.row()));
            });
    updateSummary();
}

void FindingsPanel::setFindings(std::vector<review::Finding> findings, const QString &closedSummary,
                                const QString &closedDetail)
{
    const int selected = selectedFinding();
    m_model->setFindings(std::move(findings));
    m_closed->setText(closedSummary);
    m_closed->setVisible(!closedSummary.isEmpty());
    m_closedList->setText(closedDetail);
    m_closedToggle->setVisible(!closedSummary.isEmpty() && !closedDetail.isEmpty());
    m_closedList->setVisible(m_closedToggle->isVisible() && m_closedToggle->isChecked());
    updateSummary();
    if (selected >= 0 && selected < int(m_model->findings().size())) {
        const int row = m_model->rowOfFinding(selected);
        if (row >= 0) {
            m_selecting = true;
            m_view->setCurrentIndex(m_model->index(row, FindingsModel::TitleColumn));
            m_selecting = false;
        }
    }
    updateAcknowledgeButton();
}

int FindingsPanel::selectedFinding() const
{
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() && m_view->selectionModel()->isSelected(current)
               ? m_model->findingIndex(current.row())
               : -1;
}

void FindingsPanel::selectFinding(int findingIndex)
{
    if (findingIndex < 0 || findingIndex >= int(m_model->findings().size()))
        return;
    if (m_model->rowOfFinding(findingIndex) < 0) {
        // Filtered out: show everything again rather than select nothing.
        const QSignalBlocker priority(m_priority);
        const QSignalBlocker category(m_category);
        const QSignalBlocker acknowledged(m_showAcknowledged);
        m_priority->setCurrentIndex(0);
        m_category->setCurrentIndex(0);
        m_showAcknowledged->setChecked(true);
        applyFilters();
    }
    const int row = m_model->rowOfFinding(findingIndex);
    if (row < 0)
        return;
    m_selecting = true;
    const QModelIndex index = m_model->index(row, FindingsModel::TitleColumn);
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    m_selecting = false;
}

void FindingsPanel::setMaximumPriority(int priority)
{
    const int item = m_priority->findData(priority);
    if (item >= 0)
        m_priority->setCurrentIndex(item);
}

void FindingsPanel::setCategory(std::optional<review::FindingCategory> category)
{
    const int item = m_category->findData(category ? int(*category) : -1);
    if (item >= 0)
        m_category->setCurrentIndex(item);
}

void FindingsPanel::setAcknowledged(int findingIndex, bool acknowledged)
{
    m_model->setAcknowledged(findingIndex, acknowledged);
}

void FindingsPanel::setBlocking(const QSet<int> &findingIndexes)
{
    m_blocking = findingIndexes;
    updateSummary();
}

void FindingsPanel::applyFilters()
{
    const int selected = selectedFinding();
    m_model->setMaximumPriority(m_priority->currentData().toInt());
    const int category = m_category->currentData().toInt();
    m_model->setCategories(category < 0
                               ? QSet<review::FindingCategory>{}
                               : QSet<review::FindingCategory>{review::FindingCategory(category)});
    m_model->setShowAcknowledged(m_showAcknowledged->isChecked());
    if (selected >= 0) {
        const int row = m_model->rowOfFinding(selected);
        if (row >= 0) {
            m_selecting = true;
            m_view->setCurrentIndex(m_model->index(row, FindingsModel::TitleColumn));
            m_selecting = false;
        }
    }
    updateSummary();
    updateAcknowledgeButton();
}

void FindingsPanel::updateSummary()
{
    const auto &findings = m_model->findings();
    int open = 0;
    int blocking = 0;
    for (int i = 0; i < int(findings.size()); ++i) {
        if (findings[size_t(i)].acknowledged)
            continue;
        ++open;
        if (m_blocking.contains(i))
            ++blocking;
    }
    QString text = findings.empty() ? tr("<b>Findings</b> — none")
                                    : tr("<b>Findings</b> — %n to look at", nullptr, open);
    if (blocking > 0)
        text += tr(", <span style=\"color:%1\">%n blocking</span>", nullptr, blocking)
                    .arg(diffview::DiffColors::fromPalette(palette()).priorityColor(0).name());
    const int hidden = int(findings.size()) - m_model->rowCount();
    if (hidden > 0)
        text += tr(" (%n hidden by filters)", nullptr, hidden);
    m_summary->setText(text);
}

void FindingsPanel::updateAcknowledgeButton()
{
    const int finding = selectedFinding();
    m_acknowledge->setEnabled(finding >= 0);
    const bool acknowledged = finding >= 0 && m_model->findings()[size_t(finding)].acknowledged;
    m_acknowledge->setText(acknowledged ? tr("Unacknowledge") : tr("Acknowledge"));
}

void FindingsPanel::toggleAcknowledged()
{
    const int finding = selectedFinding();
    if (finding < 0)
        return;
    m_model->setAcknowledged(finding, !m_model->findings()[size_t(finding)].acknowledged);
}

void FindingsPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        updateSummary();
    QWidget::changeEvent(event);
}

} // namespace agentdesk::ui
