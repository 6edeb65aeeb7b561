#include "itemmodels/TimelineModel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include <algorithm>

namespace agentdesk::itemmodels {

namespace {

constexpr int summaryLength = 200;

// The first non-empty string among `keys` in the payload.
QString firstString(const QJsonObject &payload, std::initializer_list<const char *> keys)
{
    for (const char *key : keys) {
        const QJsonValue value = payload.value(QLatin1String(key));
        if (value.isString() && !value.toString().isEmpty())
            return value.toString();
    }
    return {};
}

QString compactJson(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isString())
        return value.toString();
    return value.toVariant().toString();
}

// One line of at most summaryLength characters: the first non-blank line, cut with an ellipsis.
QString oneLine(const QString &text)
{
    QString line;
    for (QStringView candidate : QStringView(text).split(u'\n')) {
        if (!candidate.trimmed().isEmpty()) {
            line = candidate.trimmed().toString();
            break;
        }
    }
    const bool more = line.size() > summaryLength || text.trimmed().contains(u'\n');
    if (line.size() > summaryLength)
        line = line.left(summaryLength - 1);
    return more ? line + QChar(0x2026) : line;
}

// What a tool call is about: the argument a person would look for first.
QString toolArgument(const QJsonValue &input)
{
    if (!input.isObject())
        return compactJson(input);
    const QJsonObject object = input.toObject();
    const QString main = firstString(object, {"path", "command", "pattern", "file", "query"});
    return main.isEmpty() ? compactJson(input) : main;
}

QString tokens(qint64 count)
{
    return QLocale().toString(count);
}

} // namespace

TimelineModel::TimelineModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void TimelineModel::setEvents(QList<store::StoredEvent> events)
{
    beginResetModel();
    m_events = std::move(events);
    endResetModel();
}

int TimelineModel::appendEvents(const QList<store::StoredEvent> &events)
{
    const qint64 lastId = m_events.isEmpty() ? 0 : m_events.constLast().id;
    QList<store::StoredEvent> fresh;
    for (const store::StoredEvent &event : events) {
        if (event.id > lastId)
            fresh.append(event);
    }
    if (fresh.isEmpty())
        return 0;
    const int first = int(m_events.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    m_events.append(fresh);
    endInsertRows();
    return int(fresh.size());
}

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int TimelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TimelineModel::kindLabel(tasks::TaskEventKind kind)
{
    switch (kind) {
    case tasks::TaskEventKind::ModelText:
        return tr("Model");
    case tasks::TaskEventKind::ToolCall:
        return tr("Tool call");
    case tasks::TaskEventKind::ToolResult:
        return tr("Tool result");
    case tasks::TaskEventKind::Usage:
        return tr("Usage");
    case tasks::TaskEventKind::ValidationOutput:
        return tr("Validation");
    case tasks::TaskEventKind::StateChange:
        return tr("State");
    case tasks::TaskEventKind::Note:
        return tr("Note");
    }
    return tr("Note");
}

bool TimelineModel::isError(const tasks::TaskEvent &event)
{
    const QJsonObject &p = event.payload;
    if (event.kind == tasks::TaskEventKind::ToolResult)
        return p.value(QLatin1String("is_error")).toBool() ||
               p.value(QLatin1String("isError")).toBool();
    if (event.kind == tasks::TaskEventKind::StateChange)
        return p.value(QLatin1String("to")).toString() == QLatin1String("failed");
    return false;
}

QString TimelineModel::summary(const tasks::TaskEvent &event)
{
    const QJsonObject &p = event.payload;
    switch (event.kind) {
    case tasks::TaskEventKind::ModelText:
    case tasks::TaskEventKind::ValidationOutput:
    case tasks::TaskEventKind::Note: {
        const QString text = firstString(p, {"text", "line", "output", "message", "content"});
        if (!text.isEmpty())
            return oneLine(text);
        break;
    }
    case tasks::TaskEventKind::ToolCall: {
        const QString name = firstString(p, {"name", "tool"});
        const QJsonValue input = p.contains(QLatin1String("input"))
                                     ? p.value(QLatin1String("input"))
                                     : p.value(QLatin1String("arguments"));
        if (!name.isEmpty())
            return oneLine(input.isUndefined() ? name : tr("%1 %2").arg(name, toolArgument(input)));
        break;
    }
    case tasks::TaskEventKind::ToolResult: {
        const QJsonValue content = p.contains(QLatin1String("content"))
                                       ? p.value(QLatin1String("content"))
                                       : p.value(QLatin1String("output"));
        if (!content.isUndefined()) {
            const QString text = oneLine(compactJson(content));
            return isError(event) ? tr("Error: %1").arg(text) : text;
        }
        break;
    }
    case tasks::TaskEventKind::Usage: {
        const QString model = firstString(p, {"model"});
        const qint64 input = p.value(QLatin1String("input_tokens")).toInteger();
        const qint64 output = p.value(QLatin1String("output_tokens")).toInteger();
        if (p.contains(QLatin1String("input_tokens")) ||
            p.contains(QLatin1String("output_tokens"))) {
            const QString counts = tr("%1 in · %2 out").arg(tokens(input), tokens(output));
            return model.isEmpty() ? counts : tr("%1: %2").arg(model, counts);
        }
        break;
    }
    case tasks::TaskEventKind::StateChange: {
        const auto from = tasks::taskStateFromStorageName(firstString(p, {"from"}));
        const auto to = tasks::taskStateFromStorageName(firstString(p, {"to"}));
        if (to) {
            QString text = from ? tr("%1 → %2").arg(tasks::taskStateDisplayName(*from),
                                                    tasks::taskStateDisplayName(*to))
                                : tasks::taskStateDisplayName(*to);
            const QString reason = firstString(p, {"reason"});
            if (!reason.isEmpty())
                text = tr("%1: %2").arg(text, reason);
            return oneLine(text);
        }
        break;
    }
    }
    return oneLine(compactJson(p));
}

QString TimelineModel::detail(const tasks::TaskEvent &event)
{
    const QJsonObject &p = event.payload;
    switch (event.kind) {
    case tasks::TaskEventKind::ModelText:
    case tasks::TaskEventKind::ValidationOutput:
    case tasks::TaskEventKind::Note: {
        const QString text = firstString(p, {"text", "line", "output", "message", "content"});
        if (!text.isEmpty() && p.size() == 1)
            return text;
        break;
    }
    default:
        break;
    }
    return QString::fromUtf8(QJsonDocument(p).toJson(QJsonDocument::Indented)).trimmed();
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const store::StoredEvent &stored = m_events[index.row()];
    const tasks::TaskEvent &event = stored.event;
    switch (role) {
    case EventIdRole:
        return stored.id;
    case KindRole:
        return tasks::taskEventKindStorageName(event.kind);
    case TimeRole:
        return event.at;
    case DetailRole:
        return detail(event);
    case IsErrorRole:
        return isError(event);
    case Qt::ToolTipRole:
        return index.column() == TimeColumn
                   ? QLocale().toString(event.at.toLocalTime(), QLocale::LongFormat)
                   : detail(event).left(2000);
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case TimeColumn:
        return event.at.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    case KindColumn:
        return kindLabel(event.kind);
    case SummaryColumn:
        return summary(event);
    default:
        return {};
    }
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case KindColumn:
        return tr("Step");
    case SummaryColumn:
        return tr("What happened");
    default:
        return {};
    }
}

} // namespace agentdesk::itemmodels
