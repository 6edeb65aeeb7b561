#pragma once

#include "itemmodels/FindingsModel.h"
#include "review/Finding.h"

#include <QSet>
#include <QWidget>

#include <optional>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QListView;
class QPushButton;
class QToolButton;

namespace agentdesk::ui {

// The findings list beside the diff: each finding on two lines (priority, title; category,
// place, confidence), filters for priority and category, a "show acknowledged" switch and
// an Acknowledge button. Finding indexes are positions in the vector given to setFindings,
// the same the diff view uses.
class FindingsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit FindingsPanel(QWidget *parent = nullptr);

    // `closedSummary`: one line about the findings of earlier iterations that are resolved
    // or outdated (not listed); empty hides it. `closedDetail` is its tooltip.
    void setFindings(std::vector<review::Finding> findings, const QString &closedSummary = {},
                     const QString &closedDetail = {});
    itemmodels::FindingsModel *model() const { return m_model; }
    QListView *view() const { return m_view; }

    int selectedFinding() const; // -1: none
    // Selects the finding's row without emitting findingSelected; shows hidden ones by
    // clearing the filters that hide it.
    void selectFinding(int findingIndex);
    void setMaximumPriority(int priority);
    void setCategory(std::optional<review::FindingCategory> category);
    // Marks the finding acknowledged in the list (the page asks the engine to store it).
    void setAcknowledged(int findingIndex, bool acknowledged);
    // The findings the merge gate says block the merge (indexes into the list), for the
    // summary line; the gate decides what blocks, not the list.
    void setBlocking(const QSet<int> &findingIndexes);
    // Flips the selected finding's acknowledgement (the Acknowledge button).
    void toggleAcknowledged();
    QPushButton *acknowledgeButton() const { return m_acknowledge; }

Q_SIGNALS:
    void findingSelected(int findingIndex);
    void acknowledgeToggled(int findingIndex, bool acknowledged);

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyFilters();
    void updateSummary();
    void updateAcknowledgeButton();

    itemmodels::FindingsModel *m_model = nullptr;
    QListView *m_view = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_closed = nullptr;
    QToolButton *m_closedToggle = nullptr; // shows the earlier findings, collapsed at first
    QLabel *m_closedList = nullptr;
    QComboBox *m_priority = nullptr;
    QComboBox *m_category = nullptr;
    QCheckBox *m_showAcknowledged = nullptr;
    QPushButton *m_acknowledge = nullptr;
    QSet<int> m_blocking;
    bool m_selecting = false;
};

} // namespace agentdesk::ui
