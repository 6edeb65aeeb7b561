#pragma once

#include "core/Money.h"
#include "core/Result.h"
#include "store/StoreTypes.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QTextStream>

#include <memory>

namespace agentdesk::store {
class StoreReader;
}

namespace agentdesk::app {

// What `show` prints about a task (and `dispatch --wait` and the engine verbs after their
// run): the task, its iterations and verdicts, cost by role and model, findings, validations,
// the merge gate's answer and the base's conflict radar; as JSON, or as text from that JSON.
Result<QJsonObject> showJson(store::StoreReader &reader, tasks::TaskId id);
void printShow(const QJsonObject &json, QTextStream &out);

// The pieces `list` shares with it.
QJsonValue money(Money value);
QJsonObject taskJson(const store::TaskRecord &task);

// The store's reader, after the writer has created and migrated the database.
Result<std::unique_ptr<store::StoreReader>> openReader(const QString &path);

} // namespace agentdesk::app
