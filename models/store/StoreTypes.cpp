#include "store/StoreTypes.h"

namespace agentdesk::store {

QString ledgerRoleStorageName(LedgerRole role)
{
    switch (role) {
    case LedgerRole::Implementer:
        return QStringLiteral("implementer");
    case LedgerRole::Reviewer:
        return QStringLiteral("reviewer");
    case LedgerRole::Other:
        return QStringLiteral("other");
    }
    return QStringLiteral("other");
}

LedgerRole ledgerRoleFromStorageName(const QString &name)
{
    if (name == QLatin1String("implementer"))
        return LedgerRole::Implementer;
    if (name == QLatin1String("reviewer"))
        return LedgerRole::Reviewer;
    return LedgerRole::Other;
}

QString findingStatusStorageName(FindingStatus status)
{
    switch (status) {
    case FindingStatus::Open:
        return QStringLiteral("open");
    case FindingStatus::Resolved:
        return QStringLiteral("resolved");
    case FindingStatus::Outdated:
        return QStringLiteral("outdated");
    }
    return QStringLiteral("open");
}

FindingStatus findingStatusFromStorageName(const QString &name)
{
    if (name == QLatin1String("resolved"))
        return FindingStatus::Resolved;
    if (name == QLatin1String("outdated"))
        return FindingStatus::Outdated;
    return FindingStatus::Open;
}

} // namespace agentdesk::store
