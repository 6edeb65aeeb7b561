#pragma once

#include "itemmodels/TimelineModel.h"

#include <QWidget>

class QPlainTextEdit;
class QTreeView;

namespace agentdesk::ui {

// The agent's steps for the shown iteration: one row per event (time, step, summary) and
// the selected event's whole text below. Lives in a tab the page does not open by default:
// the user reviews the diff and the tests, not the intermediate steps.
class TimelinePanel : public QWidget
{
    Q_OBJECT
public:
    explicit TimelinePanel(QWidget *parent = nullptr);

    itemmodels::TimelineModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QPlainTextEdit *detailView() const { return m_detail; }

private:
    itemmodels::TimelineModel *m_model = nullptr;
    QTreeView *m_view = nullptr;
    QPlainTextEdit *m_detail = nullptr;
};

} // namespace agentdesk::ui
