#pragma once

#include "core/Result.h"

#include <QString>
#include <QStringList>

namespace agentdesk::store {

class Connection;

// The schema's history: an ordered list of migrations, each a set of statements applied in
// one transaction and recorded in `PRAGMA user_version`. A released migration is never edited;
// a change is a new migration at the end.
class Migrations
{
public:
    struct Migration
    {
        int version;
        QString description;
        QStringList statements;
    };

    static const QList<Migration> &all();
    static int latestVersion();

    // The version stored in the file (0 for a new one).
    static Result<int> currentVersion(Connection &connection);
    // Brings the schema to `targetVersion` (the latest by default), one transaction per step.
    // A database from a newer AgentDesk is refused rather than touched.
    static VoidResult migrate(Connection &connection, int targetVersion = -1);
};

} // namespace agentdesk::store
