#include "ui/review/DiffToolbar.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QTabBar>
#include <QToolButton>

namespace agentdesk::ui {

DiffToolbar::DiffToolbar(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("diffToolbar"));
    auto *bar = new QHBoxLayout(this);
    bar->setContentsMargins(6, 4, 6, 2);
    bar->setSpacing(8);
    m_tabs = new QTabBar(this);
    m_tabs->setObjectName(QStringLiteral("iterationTabs"));
    m_tabs->setAccessibleName(tr("Iterations"));
    m_tabs->setDocumentMode(true);
    m_tabs->setDrawBase(false);
    m_tabs->setExpanding(false);
    // Many iterations scroll and elide instead of widening the window.
    m_tabs->setUsesScrollButtons(true);
    m_tabs->setElideMode(Qt::ElideRight);
    bar->addWidget(m_tabs);
    m_since = new QCheckBox(tr("Since last iteration"), this);
    m_since->setObjectName(QStringLiteral("sinceLastIterationToggle"));
    m_since->setAccessibleName(tr("Show only the changes since the last iteration"));
    bar->addWidget(m_since);
    auto *hint = m_hint = new QLabel(this);
    hint->setObjectName(QStringLiteral("diffKeysHint"));
    hint->setEnabled(false); // drawn dimmed: a hint, not a control
    hint->setToolTip(tr("N / Shift+N findings · Alt+↑↓ changes · Ctrl+↑↓ files\n"
                        "All keys: Help → Keyboard Shortcuts (Ctrl+/)"));
    hint->installEventFilter(this);
    hint->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    hint->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // the first to give way
    bar->addWidget(hint, 1);
    m_unified = new QToolButton(this);
    m_unified->setObjectName(QStringLiteral("unifiedToggle"));
    m_unified->setText(tr("Unified"));
    m_unified->setCheckable(true);
    m_unified->setAccessibleName(tr("Unified diff"));
    m_unified->setToolTip(tr("One column instead of old and new side by side"));
    bar->addWidget(m_unified);
    m_openWorktree = new QToolButton(this);
    m_openWorktree->setObjectName(QStringLiteral("openWorktreeButton"));
    m_openWorktree->setText(tr("Open Worktree"));
    m_openWorktree->setAccessibleName(tr("Open the task's worktree"));
    bar->addWidget(m_openWorktree);

    connect(m_tabs, &QTabBar::currentChanged, this, [this](int index) {
        if (!m_filling && index >= 0)
            Q_EMIT iterationChosen(m_tabs->tabData(index).toInt());
    });
}

bool DiffToolbar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_hint && event->type() == QEvent::Resize)
        fitHint();
    return QWidget::eventFilter(watched, event);
}

void DiffToolbar::fitHint()
{
    const QStringList texts{tr("N / Shift+N findings · Alt+↑↓ changes · Ctrl+↑↓ files"),
                            tr("N / Shift+N findings · Ctrl+/ keys"), tr("Ctrl+/ keys")};
    const int room = m_hint->contentsRect().width();
    for (const QString &text : texts) {
        if (m_hint->fontMetrics().horizontalAdvance(text) <= room) {
            m_hint->setText(text);
            return;
        }
    }
    m_hint->clear();
}

void DiffToolbar::setIterations(const QList<tasks::Iteration> &iterations, int current,
                                int previous)
{
    m_filling = true;
    while (m_tabs->count() > 0)
        m_tabs->removeTab(0);
    for (const tasks::Iteration &iteration : iterations) {
        const int tab = m_tabs->addTab(iteration.requestText.isEmpty()
                                           ? tr("Iteration %1").arg(iteration.number)
                                           : tr("Iteration %1 · revision").arg(iteration.number));
        m_tabs->setTabData(tab, iteration.number);
        m_tabs->setTabToolTip(tab, iteration.requestText.isEmpty()
                                       ? tr("The first attempt")
                                       : tr("Revision: %1").arg(iteration.requestText));
        if (iteration.number == current)
            m_tabs->setCurrentIndex(tab);
    }
    m_filling = false;
    // A hidden QTabBar does not announce its new size when tabs are added; the layout would
    // keep the empty bar's zero height.
    m_tabs->updateGeometry();
    m_since->setEnabled(previous > 0);
    m_since->setText(previous > 0 ? tr("Since iteration %1").arg(previous)
                                  : tr("Since last iteration"));
}

void DiffToolbar::stepIteration(int direction)
{
    const int target = m_tabs->currentIndex() + direction;
    if (target >= 0 && target < m_tabs->count())
        m_tabs->setCurrentIndex(target);
}

} // namespace agentdesk::ui
