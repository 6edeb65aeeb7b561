#pragma once

#include "store/StoreTypes.h"

#include <QAbstractTableModel>
#include <QList>

namespace agentdesk::itemmodels {

// One iteration's timeline for the review page: the agent's text, tool calls and results,
// usage, validation output and state changes, oldest first, one row per stored event. The
// summary column is one line; DetailRole has the whole text (or the payload as JSON) for a
// detail pane. Payload keys are read leniently: a kind's usual keys first, then the payload
// itself, so an event a newer agent writes still shows something.
class TimelineModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        TimeColumn,
        KindColumn,
        SummaryColumn,
        ColumnCount,
    };
    enum Role
    {
        EventIdRole = Qt::UserRole + 1,
        KindRole,   // QString storage name, e.g. "tool-call"
        TimeRole,   // QDateTime, UTC
        DetailRole, // QString: full text or indented JSON
        IsErrorRole // bool: a failed tool result, a failed state
    };

    explicit TimelineModel(QObject *parent = nullptr);

    void setEvents(QList<store::StoredEvent> events);
    // Appends the events newer than the last one held (by store id), for a live tail; events
    // already shown are skipped. Returns how many rows were added.
    int appendEvents(const QList<store::StoredEvent> &events);
    const QList<store::StoredEvent> &events() const { return m_events; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Words for people ("Tool call").
    static QString kindLabel(tasks::TaskEventKind kind);
    // The one-line summary and the full detail of an event (also used by tests).
    static QString summary(const tasks::TaskEvent &event);
    static QString detail(const tasks::TaskEvent &event);
    static bool isError(const tasks::TaskEvent &event);

private:
    QList<store::StoredEvent> m_events;
};

} // namespace agentdesk::itemmodels
