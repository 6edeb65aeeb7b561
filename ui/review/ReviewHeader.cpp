#include "ui/review/ReviewHeader.h"

#include "ui/review/ReviewFormat.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace agentdesk::ui {

using reviewformat::html;
using reviewformat::shortCommit;
using reviewformat::Tone;
using tasks::TaskState;

namespace {

Tone stateTone(TaskState state)
{
    switch (state) {
    case TaskState::ReadyForReview:
    case TaskState::Merged:
        return Tone::Good;
    case TaskState::Failed:
    case TaskState::Rejected:
        return Tone::Bad;
    case TaskState::Paused:
    case TaskState::Interrupted:
        return Tone::Warning;
    default:
        return Tone::Neutral;
    }
}

QLabel *badge(QWidget *parent, const char *name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setSizePolicy(QSizePolicy::Maximum, QSizePolicy::Fixed);
    label->setVisible(false);
    return label;
}

} // namespace

ReviewHeader::ReviewHeader(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("reviewHeader"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 6);
    layout->setSpacing(3);

    auto *top = new QHBoxLayout;
    top->setSpacing(8);
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("reviewTitleLabel"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.35);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    // Long titles, reasons and standings wrap: the header never widens the window.
    m_title->setWordWrap(true);
    top->addWidget(m_title, 1);
    m_state = badge(this, "reviewStateBadge");
    m_state->setVisible(true);
    top->addWidget(m_state);
    m_stale = badge(this, "reviewStaleBadge");
    top->addWidget(m_stale);
    m_conflict = badge(this, "reviewConflictBadge");
    top->addWidget(m_conflict);
    m_reason = new QLabel(this);
    m_reason->setObjectName(QStringLiteral("reviewStateReasonLabel"));
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reason->setWordWrap(true);
    top->addWidget(m_reason, 1);
    layout->addLayout(top);

    m_branch = new QLabel(this);
    m_branch->setObjectName(QStringLiteral("reviewBranchLabel"));
    m_branch->setTextFormat(Qt::RichText);
    m_branch->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_branch->setWordWrap(true);
    layout->addWidget(m_branch);
    m_models = new QLabel(this);
    m_models->setObjectName(QStringLiteral("reviewModelsLabel"));
    m_models->setTextFormat(Qt::RichText);
    m_models->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_models->setWordWrap(true);
    layout->addWidget(m_models);
}

void ReviewHeader::setSnapshot(const itemmodels::ReviewSnapshot &snapshot)
{
    m_snapshot = snapshot;
    refresh();
}

void ReviewHeader::refresh()
{
    const itemmodels::ReviewSnapshot &s = m_snapshot;
    const tasks::TaskSpec &spec = s.task.spec;
    const QPalette &p = palette();
    m_title->setText(spec.title.isEmpty() ? tr("Untitled task") : spec.title);
    m_title->setToolTip(spec.prompt);

    m_state->setText(tasks::taskStateDisplayName(s.task.state));
    m_state->setStyleSheet(reviewformat::badgeStyle(stateTone(s.task.state), p));
    m_state->setAccessibleName(tr("State: %1").arg(m_state->text()));
    m_reason->setText(s.task.stateReason);
    m_reason->setToolTip(s.task.stateReason);
    m_reason->setVisible(!s.task.stateReason.isEmpty());

    const tasks::GateAnswer &gate = s.gate;
    // A closed task is not behind anything: a merged one's base moved by its own squash.
    const bool closed = tasks::isTerminalState(s.task.state);
    const bool behind = gate.baseMoved() && !closed;
    m_stale->setVisible(behind);
    if (behind) {
        m_stale->setText(tr("Base moved +%1").arg(gate.behind));
        m_stale->setStyleSheet(reviewformat::badgeStyle(Tone::Warning, p));
        m_stale->setToolTip(
            (gate.behind == 1
                 ? tr("1 commit landed on %1 since this branch left it.").arg(spec.baseBranch)
                 : tr("%1 commits landed on %2 since this branch left it.")
                       .arg(gate.behind)
                       .arg(spec.baseBranch)) +
            QLatin1Char(' ') +
            tr("The diff shows only this task's changes; the merge will combine both."));
    }
    QStringList conflictPaths;
    for (const tasks::GateReason &reason : gate.reasons) {
        if (reason.kind == tasks::GateReason::Kind::WouldConflict)
            conflictPaths += reason.paths;
    }
    const bool conflicts = !closed && (!conflictPaths.isEmpty() || !s.conflictsWith.isEmpty());
    m_conflict->setVisible(conflicts);
    if (conflicts) {
        QStringList tip;
        if (!conflictPaths.isEmpty()) {
            m_conflict->setText(tr("Conflicts with %1").arg(spec.baseBranch));
            tip << tr("Merging into %1 would conflict in:\n%2")
                       .arg(spec.baseBranch, conflictPaths.join(u'\n'));
        } else {
            m_conflict->setText(s.conflictsWith.size() == 1
                                    ? tr("Overlaps a waiting task")
                                    : tr("Overlaps %1 waiting tasks").arg(s.conflictsWith.size()));
        }
        if (!s.conflictsWith.isEmpty())
            tip << tr("Would conflict with waiting tasks:\n%1").arg(s.conflictsWith.join(u'\n'));
        m_conflict->setToolTip(tip.join(QStringLiteral("\n\n")));
        m_conflict->setStyleSheet(
            reviewformat::badgeStyle(conflictPaths.isEmpty() ? Tone::Warning : Tone::Bad, p));
    }

    // base @ exact commit → branch · ahead / behind
    QString branch =
        tr("<tt>%1</tt> @ <tt title=\"%2\">%3</tt> → <tt>%4</tt>")
            .arg(html(spec.baseBranch), spec.baseCommit, shortCommit(spec.baseCommit),
                 html(s.task.branch.isEmpty() ? tr("(no branch yet)") : s.task.branch));
    QStringList standing;
    if (!closed && (gate.ahead > 0 || !gate.headCommit.isEmpty()))
        standing << (gate.ahead == 1 ? tr("1 commit ahead")
                                     : tr("%1 commits ahead").arg(gate.ahead));
    if (gate.behind > 0 && !closed)
        standing << reviewformat::coloured(
            tr("%n behind: %1 is now at <tt>%2</tt>", nullptr, gate.behind)
                .arg(html(spec.baseBranch), shortCommit(gate.baseHeadCommit)),
            Tone::Warning, p);
    if (!standing.isEmpty())
        branch += QStringLiteral(" · ") + standing.join(QStringLiteral(" · "));
    m_branch->setText(branch);
    m_branch->setToolTip(
        tr("Base commit %1, branch head %2")
            .arg(spec.baseCommit, gate.headCommit.isEmpty() ? tr("unknown") : gate.headCommit));

    QStringList parts;
    parts << tr("Implementer <b>%1</b>").arg(html(spec.implementer.toString()));
    parts << tr("Reviewer <b>%1</b>").arg(html(spec.reviewer.toString()));
    QString cost = tr("Cost <b>%1</b>").arg(s.totalCost.format());
    if (!spec.budget.isZero())
        cost += tr(" of %1").arg(spec.budget.format(2));
    parts << cost;
    if (s.durationMs > 0)
        parts << tr("took %1").arg(reviewformat::duration(s.durationMs));
    m_models->setText(parts.join(QStringLiteral(" · ")));
    QStringList costTip;
    for (const store::CostLine &line : s.costs)
        costTip << tr("%1 · %2: %3 (%6 calls, %4 in / %5 out)")
                       .arg(store::ledgerRoleStorageName(line.role),
                            line.provider + QLatin1Char(':') + line.model, line.cost.format(),
                            QLocale().toString(line.inputTokens),
                            QLocale().toString(line.outputTokens))
                       .arg(line.calls);
    m_models->setToolTip(costTip.join(u'\n'));
}

void ReviewHeader::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        refresh();
    QWidget::changeEvent(event);
}

} // namespace agentdesk::ui
