#pragma once

#include "itemmodels/ReviewSnapshot.h"

#include <QWidget>

class QLabel;

namespace agentdesk::ui {

// The top of the review page: title, state (and why), base → branch with the exact base
// commit, ahead/behind, stale and conflict badges, the two models, cost and duration.
class ReviewHeader : public QWidget
{
    Q_OBJECT
public:
    explicit ReviewHeader(QWidget *parent = nullptr);

    void setSnapshot(const itemmodels::ReviewSnapshot &snapshot);

    QLabel *titleLabel() const { return m_title; }
    QLabel *stateBadge() const { return m_state; }
    QLabel *staleBadge() const { return m_stale; }
    QLabel *conflictBadge() const { return m_conflict; }
    QLabel *branchLabel() const { return m_branch; }
    QLabel *modelsLabel() const { return m_models; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();

    itemmodels::ReviewSnapshot m_snapshot;
    QLabel *m_title = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_reason = nullptr;
    QLabel *m_stale = nullptr;
    QLabel *m_conflict = nullptr;
    QLabel *m_branch = nullptr;
    QLabel *m_models = nullptr;
};

} // namespace agentdesk::ui
