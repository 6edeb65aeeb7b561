#pragma once

#include "store/StoreTypes.h"
#include "tasks/MergeGate.h"
#include "ui/review/RevisionDialog.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QAction;
class QMessageBox;
class QWidget;

namespace agentdesk::ui {

class ActionBar;

// The three decisions of the review page — merge, request a revision, reject — as actions
// with shortcuts, bound to the action bar's buttons: what is enabled (the gate, the task's
// state, a running operation), the tooltips, the revision dialog and the reject
// confirmation. Dialogs are window-modal and opened with open(), never exec(): the page
// keeps running behind them.
class ReviewDecisions : public QObject
{
    Q_OBJECT
public:
    // `page` owns the actions (their shortcuts act inside it) and parents the dialogs.
    ReviewDecisions(QWidget *page, ActionBar *bar);

    // `blocked`: a reason the page cannot take a decision now ("Loading iteration 2…", a
    // running merge); empty when it can.
    void setState(const store::TaskRecord &task, const tasks::GateAnswer &gate,
                  const QString &blocked);
    // What the revision dialog starts from (the finding selected when it opens).
    void setPrefillSource(std::function<RevisionPrefill()> source);

    QAction *mergeAction() const { return m_merge; }
    QAction *revisionAction() const { return m_revise; }
    QAction *rejectAction() const { return m_reject; }
    RevisionDialog *revisionDialog() const { return m_revisionDialog; }
    QMessageBox *rejectConfirmation() const;

    // "Merge into main (Ctrl+Shift+M)": a tooltip naming the action's shortcut.
    static QString withShortcut(const QString &text, const QAction *action);

Q_SIGNALS:
    void mergeRequested(agentdesk::tasks::TaskId task);
    void revisionRequested(agentdesk::tasks::TaskId task, const QString &request,
                           qint64 fromFindingId);
    void rejectRequested(agentdesk::tasks::TaskId task);

private:
    void openRevisionDialog();
    void confirmReject();

    QWidget *m_page = nullptr;
    ActionBar *m_bar = nullptr;
    store::TaskRecord m_task;
    std::function<RevisionPrefill()> m_prefill;
    QAction *m_merge = nullptr;
    QAction *m_revise = nullptr;
    QAction *m_reject = nullptr;
    QPointer<RevisionDialog> m_revisionDialog;
    QPointer<QMessageBox> m_rejectBox;
};

} // namespace agentdesk::ui
