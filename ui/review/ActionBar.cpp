#include "ui/review/ActionBar.h"

#include "ui/review/ReviewFormat.h"

#include <QDoubleSpinBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>
#include <algorithm>

namespace agentdesk::ui {

using reviewformat::Tone;

ActionBar::ActionBar(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("reviewActionBar"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 8);
    layout->setSpacing(8);

    m_reasons = new QWidget(this);
    m_reasons->setObjectName(QStringLiteral("mergeGateReasons"));
    m_reasons->setAccessibleName(tr("Why the task can or cannot be merged"));
    m_reasonsLayout = new QVBoxLayout(m_reasons);
    m_reasonsLayout->setContentsMargins(0, 0, 0, 0);
    m_reasonsLayout->setSpacing(2);
    layout->addWidget(m_reasons, 1);

    m_busyLabel = new QLabel(this);
    m_busyLabel->setObjectName(QStringLiteral("reviewBusyLabel"));
    m_busyLabel->setVisible(false);
    layout->addWidget(m_busyLabel);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("reviewBusyProgress"));
    m_progress->setAccessibleName(tr("Operation in progress"));
    m_progress->setRange(0, 0); // indeterminate: the engine reports no fraction
    m_progress->setTextVisible(false);
    m_progress->setFixedWidth(120);
    m_progress->setVisible(false);
    layout->addWidget(m_progress);

    m_amount = new QDoubleSpinBox(this);
    m_amount->setObjectName(QStringLiteral("addBudgetAmount"));
    m_amount->setAccessibleName(tr("Budget to add, in dollars"));
    m_amount->setPrefix(QStringLiteral("+$"));
    m_amount->setDecimals(2);
    m_amount->setRange(0.01, 10000.0);
    m_amount->setSingleStep(0.25);
    m_amount->setVisible(false);
    layout->addWidget(m_amount, 0, Qt::AlignBottom);
    m_addBudget = new QPushButton(tr("Add and Continue"), this);
    m_addBudget->setObjectName(QStringLiteral("addBudgetButton"));
    m_addBudget->setAccessibleName(tr("Raise the budget and continue the task"));
    m_addBudget->setToolTip(tr("Raise the task's budget by this amount and continue from its "
                               "committed work (prefilled with what an iteration has cost)"));
    m_addBudget->setVisible(false);
    layout->addWidget(m_addBudget, 0, Qt::AlignBottom);
    m_restore = new QPushButton(tr("Restore"), this);
    m_restore->setObjectName(QStringLiteral("restoreButton"));
    m_restore->setAccessibleName(tr("Restore the rejected task"));
    m_restore->setToolTip(tr("Bring the archived work back as a new task, paused: resume it "
                             "from the queue"));
    m_restore->setVisible(false);
    layout->addWidget(m_restore, 0, Qt::AlignBottom);
    connect(m_addBudget, &QPushButton::clicked, this,
            [this] { Q_EMIT addBudgetClicked(Money::fromDollarsRounded(m_amount->value())); });
    connect(m_restore, &QPushButton::clicked, this, &ActionBar::restoreClicked);

    m_reject = new QPushButton(tr("Reject…"), this);
    m_reject->setObjectName(QStringLiteral("rejectButton"));
    m_reject->setAccessibleName(tr("Reject the task"));
    m_revise = new QPushButton(tr("Request Revision…"), this);
    m_revise->setObjectName(QStringLiteral("requestRevisionButton"));
    m_revise->setAccessibleName(tr("Request a revision"));
    m_merge = new QPushButton(tr("Merge"), this);
    m_merge->setObjectName(QStringLiteral("mergeButton"));
    m_merge->setAccessibleName(tr("Merge into the base branch"));
    m_merge->setDefault(true);
    for (QPushButton *button : {m_reject, m_revise, m_merge}) {
        button->setAutoDefault(false);
        button->setMinimumHeight(30);
        layout->addWidget(button, 0, Qt::AlignBottom);
    }
    QFont bold = m_merge->font();
    bold.setBold(true);
    m_merge->setFont(bold);

    connect(m_merge, &QPushButton::clicked, this, &ActionBar::mergeClicked);
    connect(m_revise, &QPushButton::clicked, this, &ActionBar::revisionClicked);
    connect(m_reject, &QPushButton::clicked, this, &ActionBar::rejectClicked);
    rebuildReasons();
}

void ActionBar::setGate(const tasks::GateAnswer &gate, const QString &baseBranch,
                        const QStringList &blockingTitles)
{
    m_gate = gate;
    m_baseBranch = baseBranch;
    m_blockingTitles = blockingTitles;
    rebuildReasons();
}

void ActionBar::setMergedSummary(const QString &summary)
{
    m_mergedSummary = summary;
    const bool merged = !summary.isEmpty();
    m_merge->setVisible(!merged);
    m_revise->setVisible(!merged && m_recovery == Recovery::None);
    m_reject->setVisible(!merged && m_recovery != Recovery::Restore);
    rebuildReasons();
}

void ActionBar::setBusy(const QString &what)
{
    m_busyLabel->setText(what);
    m_busyLabel->setVisible(!what.isEmpty());
    m_progress->setVisible(!what.isEmpty());
}

void ActionBar::setActionsEnabled(bool merge, bool revise, bool reject)
{
    m_merge->setEnabled(merge);
    m_revise->setEnabled(revise);
    m_reject->setEnabled(reject);
    if (m_acknowledgeBlockers)
        m_acknowledgeBlockers->setEnabled(revise || reject);
}

void ActionBar::setRecovery(Recovery recovery, Money suggested)
{
    if (recovery == Recovery::AddBudget && (recovery != m_recovery || !m_amount->isVisible()))
        m_amount->setValue(std::max(0.25, suggested.toDollars()));
    m_recovery = recovery;
    m_amount->setVisible(recovery == Recovery::AddBudget);
    m_addBudget->setVisible(recovery == Recovery::AddBudget);
    m_restore->setVisible(recovery == Recovery::Restore);
    // A paused or rejected task cannot be revised (and a rejected one not rejected again):
    // the recovery takes their room, so the bar still fits a small window.
    m_revise->setVisible(recovery == Recovery::None && m_mergedSummary.isEmpty());
    m_reject->setVisible(recovery != Recovery::Restore && m_mergedSummary.isEmpty());
}

QStringList ActionBar::reasonTexts() const
{
    QStringList texts;
    for (const QLabel *label : m_reasonLabels)
        texts << label->accessibleDescription();
    return texts;
}

void ActionBar::rebuildReasons()
{
    while (QLayoutItem *item = m_reasonsLayout->takeAt(0)) {
        // Deferred: the Acknowledge button being replaced may be the one whose click led
        // here. Hidden at once so the old and new rows never show together.
        const auto retire = [](QWidget *widget) {
            widget->hide();
            widget->deleteLater();
        };
        if (QWidget *widget = item->widget())
            retire(widget);
        else if (QLayout *row = item->layout()) {
            while (QLayoutItem *inner = row->takeAt(0)) {
                if (inner->widget())
                    retire(inner->widget());
                delete inner;
            }
        }
        delete item;
    }
    m_reasonLabels.clear();
    m_acknowledgeBlockers = nullptr;
    const QPalette &p = palette();
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);

    const auto addLine = [&](const QString &text, Tone tone, QStyle::StandardPixmap icon) {
        auto *row = new QHBoxLayout;
        row->setSpacing(6);
        auto *iconLabel = new QLabel(m_reasons);
        iconLabel->setPixmap(style()->standardIcon(icon, nullptr, this).pixmap(iconSize));
        row->addWidget(iconLabel, 0, Qt::AlignTop);
        auto *label = new QLabel(m_reasons);
        label->setWordWrap(true);
        label->setTextFormat(Qt::RichText);
        label->setText(reviewformat::coloured(reviewformat::html(text), tone, p));
        label->setAccessibleDescription(text);
        // Wrap only when the line would be long: a word-wrapped label otherwise asks for a
        // narrow column and a short reason breaks over four lines. Never so wide that the
        // reasons push the window past a small screen: a long one wraps.
        label->setMinimumWidth(std::min(label->fontMetrics().horizontalAdvance(text) + 4,
                                        label->fontMetrics().averageCharWidth() * 28));
        row->addWidget(label, 1); // takes the row's room: wraps only when it must
        m_reasonsLayout->addLayout(row);
        m_reasonLabels << label;
        return row;
    };

    if (!m_mergedSummary.isEmpty()) {
        addLine(m_mergedSummary, Tone::Good, QStyle::SP_DialogApplyButton);
        return;
    }
    if (m_gate.reasons.isEmpty() && m_gate.headCommit.isEmpty()) {
        // No answer yet (or none could be worked out): never "ready".
        addLine(tr("The merge gate has not been worked out for this task."), Tone::Bad,
                QStyle::SP_MessageBoxInformation);
        return;
    }
    if (m_gate.allowed()) {
        addLine(tr("Ready to merge into %1: validated at %2, no blocking findings.")
                    .arg(m_baseBranch.isEmpty() ? tr("the base") : m_baseBranch,
                         reviewformat::shortCommit(m_gate.validatedCommit.isEmpty()
                                                       ? m_gate.headCommit
                                                       : m_gate.validatedCommit)),
                Tone::Good, QStyle::SP_DialogApplyButton);
        return;
    }
    for (const tasks::GateReason &reason : m_gate.reasons) {
        QString text = reason.text;
        if (text.isEmpty())
            text = tasks::gateReasonKindName(reason.kind);
        if (!reason.paths.isEmpty() && !text.contains(reason.paths.constFirst()))
            text += QStringLiteral(" (%1)").arg(
                reason.paths.size() <= 3
                    ? reason.paths.join(QStringLiteral(", "))
                    : tr("%1 and %n more", nullptr, int(reason.paths.size() - 3))
                          .arg(reason.paths.mid(0, 3).join(QStringLiteral(", "))));
        QHBoxLayout *row = addLine(text, Tone::Bad, QStyle::SP_MessageBoxWarning);
        if (reason.kind == tasks::GateReason::Kind::BlockingFindings &&
            !reason.findingIds.isEmpty() && !m_acknowledgeBlockers) {
            m_acknowledgeBlockers =
                new QPushButton(reason.findingIds.size() == 1
                                    ? tr("Acknowledge It")
                                    : tr("Acknowledge All %1").arg(reason.findingIds.size()),
                                m_reasons);
            m_acknowledgeBlockers->setObjectName(QStringLiteral("acknowledgeBlockersButton"));
            m_acknowledgeBlockers->setAccessibleName(tr("Acknowledge the blocking findings"));
            m_acknowledgeBlockers->setToolTip(
                tr("Mark these findings as seen and accepted, so they no longer block the "
                   "merge:\n%1")
                    .arg(m_blockingTitles.join(u'\n')));
            const QList<qint64> ids = reason.findingIds;
            connect(m_acknowledgeBlockers, &QPushButton::clicked, this,
                    [this, ids] { Q_EMIT acknowledgeBlockersClicked(ids); });
            row->insertWidget(2, m_acknowledgeBlockers, 0, Qt::AlignVCenter);
        }
    }
}

void ActionBar::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        rebuildReasons();
    QWidget::changeEvent(event);
}

} // namespace agentdesk::ui
