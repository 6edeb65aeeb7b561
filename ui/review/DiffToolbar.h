#pragma once

#include "tasks/Iteration.h"

#include <QList>
#include <QWidget>

class QCheckBox;
class QLabel;
class QTabBar;
class QToolButton;

namespace agentdesk::ui {

// The bar above the diff: one tab per iteration, "changes since the previous iteration",
// a reminder of the diff's keys, the unified switch and Open Worktree.
class DiffToolbar : public QWidget
{
    Q_OBJECT
public:
    explicit DiffToolbar(QWidget *parent = nullptr);

    // `current`: the iteration whose tab is selected (shown, or asked for and loading).
    // `previous` > 0: an interdiff against that iteration is available.
    void setIterations(const QList<tasks::Iteration> &iterations, int current, int previous);
    // Steps to the neighbouring tab (-1, +1), as a click would.
    void stepIteration(int direction);

    QTabBar *tabs() const { return m_tabs; }
    QCheckBox *sinceToggle() const { return m_since; }
    QToolButton *unifiedButton() const { return m_unified; }
    QToolButton *openWorktreeButton() const { return m_openWorktree; }
    QLabel *keysHint() const { return m_hint; }

Q_SIGNALS:
    void iterationChosen(int number);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // The keys hint in full when it fits, else a pointer to the shortcuts list, else nothing:
    // never a clipped half.
    void fitHint();

    QLabel *m_hint = nullptr;
    QTabBar *m_tabs = nullptr;
    QCheckBox *m_since = nullptr;
    QToolButton *m_unified = nullptr;
    QToolButton *m_openWorktree = nullptr;
    bool m_filling = false;
};

} // namespace agentdesk::ui
