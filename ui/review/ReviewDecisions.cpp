#include "ui/review/ReviewDecisions.h"

#include "ui/review/ActionBar.h"

#include <QAction>
#include <QMessageBox>
#include <QPushButton>

namespace agentdesk::ui {

ReviewDecisions::ReviewDecisions(QWidget *page, ActionBar *bar)
    : QObject(page)
    , m_page(page)
    , m_bar(bar)
{
    const auto make = [page](const QString &text, QKeySequence keys, const char *name) {
        auto *action = new QAction(text, page);
        action->setObjectName(QLatin1String(name));
        action->setShortcut(keys);
        // The page may sit in a window with other pages: its keys act only inside it.
        // Anywhere in the window while the page shows (a hidden page's keys never match), so
        // the keys work with the focus in the queue or on a button that has just gone.
        action->setShortcutContext(Qt::WindowShortcut);
        page->addAction(action);
        return action;
    };
    m_merge = make(tr("Merge"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M), "mergeAction");
    m_revise = make(tr("Request Revision…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R),
                    "revisionAction");
    m_reject = make(tr("Reject…"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_X), "rejectAction");

    connect(m_merge, &QAction::triggered, this, [this] {
        if (m_merge->isEnabled())
            Q_EMIT mergeRequested(m_task.id);
    });
    connect(m_revise, &QAction::triggered, this, &ReviewDecisions::openRevisionDialog);
    connect(m_reject, &QAction::triggered, this, &ReviewDecisions::confirmReject);
    connect(bar, &ActionBar::mergeClicked, m_merge, &QAction::trigger);
    connect(bar, &ActionBar::revisionClicked, m_revise, &QAction::trigger);
    connect(bar, &ActionBar::rejectClicked, m_reject, &QAction::trigger);
    setState({}, {}, {});
}

QString ReviewDecisions::withShortcut(const QString &text, const QAction *action)
{
    const QString keys = action->shortcut().toString(QKeySequence::NativeText);
    return keys.isEmpty() ? text : QStringLiteral("%1 (%2)").arg(text, keys);
}

QMessageBox *ReviewDecisions::rejectConfirmation() const
{
    return m_rejectBox;
}

void ReviewDecisions::setPrefillSource(std::function<RevisionPrefill()> source)
{
    m_prefill = std::move(source);
}

void ReviewDecisions::setState(const store::TaskRecord &task, const tasks::GateAnswer &gate,
                               const QString &blocked)
{
    m_task = task;
    const bool idle = blocked.isEmpty() && task.id != 0;
    // Only a computed gate that says yes: an empty answer (the gate could not be worked out,
    // or the task has no branch yet) must not read as "no reason against".
    const bool merge = idle && task.state == tasks::TaskState::ReadyForReview &&
                       !gate.headCommit.isEmpty() && gate.allowed();
    // What the engine accepts: a revision of a task waiting for review; a reject of a task
    // that is not running and not closed.
    const bool revise = idle && task.state == tasks::TaskState::ReadyForReview;
    const bool reject = idle && !tasks::isRunningState(task.state) &&
                        tasks::canTransition(task.state, tasks::TaskState::Rejected);
    m_merge->setEnabled(merge);
    m_revise->setEnabled(revise);
    m_reject->setEnabled(reject);
    m_bar->setActionsEnabled(merge, revise, reject);
    m_bar->setBusy(blocked);

    const QString base = task.spec.baseBranch.isEmpty() ? tr("the base") : task.spec.baseBranch;
    QString mergeTip = tr("Merge this branch into %1").arg(base);
    if (!blocked.isEmpty())
        mergeTip = tr("Wait: %1").arg(blocked);
    else if (!gate.allowed() && !gate.reasons.isEmpty())
        mergeTip = tr("Merging is blocked: %1").arg(gate.reasons.constFirst().text);
    m_bar->mergeButton()->setToolTip(withShortcut(mergeTip, m_merge));
    m_bar->revisionButton()->setToolTip(
        withShortcut(tr("Ask the agent for one specific change in a new iteration (prefilled "
                        "from the selected finding)"),
                     m_revise));
    m_bar->rejectButton()->setToolTip(withShortcut(
        tr("Discard the task without merging; its work is archived and can be restored"),
        m_reject));
}

void ReviewDecisions::openRevisionDialog()
{
    if (!m_revise->isEnabled())
        return;
    if (m_revisionDialog) {
        m_revisionDialog->raise();
        return;
    }
    RevisionPrefill prefill = m_prefill ? m_prefill() : RevisionPrefill{};
    prefill.taskTitle = m_task.spec.title;
    auto *dialog = new RevisionDialog(prefill, m_page);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    const tasks::TaskId task = m_task.id;
    connect(dialog, &QDialog::accepted, this, [this, dialog, task] {
        Q_EMIT revisionRequested(task, dialog->request(), dialog->fromFindingId());
    });
    m_revisionDialog = dialog;
    dialog->open();
}

void ReviewDecisions::confirmReject()
{
    if (!m_reject->isEnabled())
        return;
    if (QMessageBox *open = rejectConfirmation()) {
        open->raise();
        return;
    }
    auto *box =
        new QMessageBox(QMessageBox::Question, tr("Reject Task"),
                        tr("Reject “%1”?").arg(m_task.spec.title), QMessageBox::NoButton, m_page);
    box->setObjectName(QStringLiteral("rejectConfirmation"));
    box->setInformativeText(
        tr("Nothing is merged. The branch %1 is kept and the worktree's uncommitted work is "
           "archived under refs/agentdesk/archive/%2/, so the work can be restored later.")
            .arg(m_task.branch.isEmpty() ? tr("(none)") : m_task.branch)
            .arg(m_task.id));
    QPushButton *reject = box->addButton(tr("Reject"), QMessageBox::DestructiveRole);
    reject->setObjectName(QStringLiteral("confirmRejectButton"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    const tasks::TaskId id = m_task.id;
    connect(box, &QMessageBox::finished, this, [this, box, reject, id] {
        if (box->clickedButton() == reject)
            Q_EMIT rejectRequested(id);
    });
    m_rejectBox = box;
    box->open();
}

} // namespace agentdesk::ui
