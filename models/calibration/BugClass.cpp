#include "calibration/BugClass.h"

namespace agentdesk::calibration {

QString bugClassId(BugClass bugClass)
{
    switch (bugClass) {
    case BugClass::NullCheck:
        return QStringLiteral("null-check");
    case BugClass::OffByOne:
        return QStringLiteral("off-by-one");
    case BugClass::FlippedCondition:
        return QStringLiteral("flipped-condition");
    case BugClass::WrongOperator:
        return QStringLiteral("wrong-operator");
    case BugClass::IgnoredError:
        return QStringLiteral("ignored-error");
    case BugClass::SwappedArguments:
        return QStringLiteral("swapped-arguments");
    case BugClass::TypeConfusion:
        break;
    }
    return QStringLiteral("type-confusion");
}

std::optional<BugClass> bugClassFromId(const QString &id)
{
    for (BugClass bugClass : allBugClasses()) {
        if (bugClassId(bugClass) == id)
            return bugClass;
    }
    return std::nullopt;
}

QString bugClassLabel(BugClass bugClass)
{
    switch (bugClass) {
    case BugClass::NullCheck:
        return QStringLiteral("removed null check");
    case BugClass::OffByOne:
        return QStringLiteral("off by one");
    case BugClass::FlippedCondition:
        return QStringLiteral("flipped condition");
    case BugClass::WrongOperator:
        return QStringLiteral("wrong operator");
    case BugClass::IgnoredError:
        return QStringLiteral("ignored error or dropped result");
    case BugClass::SwappedArguments:
        return QStringLiteral("swapped arguments");
    case BugClass::TypeConfusion:
        break;
    }
    return QStringLiteral("type confusion");
}

const QList<BugClass> &allBugClasses()
{
    static const QList<BugClass> classes = {
        BugClass::NullCheck,     BugClass::OffByOne,     BugClass::FlippedCondition,
        BugClass::WrongOperator, BugClass::IgnoredError, BugClass::SwappedArguments,
        BugClass::TypeConfusion,
    };
    return classes;
}

} // namespace agentdesk::calibration
