#include "tasks/MergeGate.h"

namespace agentdesk::tasks {

QString gateReasonKindName(GateReason::Kind kind)
{
    switch (kind) {
    case GateReason::Kind::NotReady:
        return QStringLiteral("not-ready");
    case GateReason::Kind::NotValidated:
        return QStringLiteral("not-validated");
    case GateReason::Kind::ValidationFailed:
        return QStringLiteral("validation-failed");
    case GateReason::Kind::ValidationStale:
        return QStringLiteral("validation-stale");
    case GateReason::Kind::BlockingFindings:
        return QStringLiteral("blocking-findings");
    case GateReason::Kind::WouldConflict:
        return QStringLiteral("would-conflict");
    case GateReason::Kind::DirtyBaseCheckout:
        return QStringLiteral("dirty-base-checkout");
    case GateReason::Kind::BaseMissing:
        return QStringLiteral("base-missing");
    case GateReason::Kind::LinkLeavesRepository:
        return QStringLiteral("link-leaves-repository");
    }
    return QStringLiteral("unknown");
}

} // namespace agentdesk::tasks
