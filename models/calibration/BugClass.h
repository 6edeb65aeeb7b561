#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace agentdesk::calibration {

// The kinds of defect a calibration seeds: the classes the reviewer is asked to catch.
enum class BugClass
{
    NullCheck,        // a removed null / None / empty check
    OffByOne,         // < for <=, a bound or index moved by one
    FlippedCondition, // == for !=, a dropped or added negation
    WrongOperator,    // + for -, && for ||, * for /
    IgnoredError,     // an error check removed, a result or return value dropped
    SwappedArguments, // f(a, b) became f(b, a)
    TypeConfusion,    // int for float, a string left unconverted, a missing await
};

// Stable ids for storage, JSON and tables ("null-check"); never renamed.
QString bugClassId(BugClass bugClass);
std::optional<BugClass> bugClassFromId(const QString &id);
// Words for people ("removed null check").
QString bugClassLabel(BugClass bugClass);
const QList<BugClass> &allBugClasses();

} // namespace agentdesk::calibration
