#pragma once

#include "core/Money.h"
#include "tasks/MergeGate.h"

#include <QWidget>

class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QVBoxLayout;

namespace agentdesk::ui {

// The bottom of the review page: Merge, Request revision and Reject, with the merge gate's
// answer beside them — why Merge is disabled, one reason per line, and an "Acknowledge"
// button on the blocking-findings reason — and a busy indicator for long operations.
// It only shows state and reports clicks; the page decides what is enabled.
class ActionBar : public QWidget
{
    Q_OBJECT
public:
    explicit ActionBar(QWidget *parent = nullptr);

    // `blockingTitles`: the titles of the gate's blocking findings, for the tooltip.
    void setGate(const tasks::GateAnswer &gate, const QString &baseBranch,
                 const QStringList &blockingTitles);
    void setBusy(const QString &what); // empty: not busy
    // A merged task: one calm line instead of the gate's answer (which, about a branch that
    // has landed, only says stale things), and no decisions. Empty: the gate again.
    void setMergedSummary(const QString &summary);
    void setActionsEnabled(bool merge, bool revise, bool reject);
    // The way out of a state the decisions cannot leave: more budget for a task paused for
    // its budget (`suggested` prefilled), Restore for a rejected one, nothing otherwise.
    enum class Recovery
    {
        None,
        AddBudget,
        Restore
    };
    void setRecovery(Recovery recovery, Money suggested = {});
    Recovery recovery() const { return m_recovery; }
    QDoubleSpinBox *budgetAmount() const { return m_amount; }
    QPushButton *addBudgetButton() const { return m_addBudget; }
    QPushButton *restoreButton() const { return m_restore; }

    QPushButton *mergeButton() const { return m_merge; }
    QPushButton *revisionButton() const { return m_revise; }
    QPushButton *rejectButton() const { return m_reject; }
    // The shown reasons, one per line, as the user reads them.
    QStringList reasonTexts() const;
    QPushButton *acknowledgeBlockersButton() const { return m_acknowledgeBlockers; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *busyLabel() const { return m_busyLabel; }

Q_SIGNALS:
    void mergeClicked();
    void revisionClicked();
    void rejectClicked();
    void acknowledgeBlockersClicked(const QList<qint64> &findingIds);
    void addBudgetClicked(agentdesk::Money extra);
    void restoreClicked();

protected:
    void changeEvent(QEvent *event) override;

private:
    void rebuildReasons();

    tasks::GateAnswer m_gate;
    QString m_baseBranch;
    QString m_mergedSummary;
    QStringList m_blockingTitles;
    QWidget *m_reasons = nullptr;
    QVBoxLayout *m_reasonsLayout = nullptr;
    QList<QLabel *> m_reasonLabels;
    QPushButton *m_acknowledgeBlockers = nullptr;
    QLabel *m_busyLabel = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_merge = nullptr;
    QPushButton *m_revise = nullptr;
    QPushButton *m_reject = nullptr;
    Recovery m_recovery = Recovery::None;
    QDoubleSpinBox *m_amount = nullptr;
    QPushButton *m_addBudget = nullptr;
    QPushButton *m_restore = nullptr;
};

} // namespace agentdesk::ui
