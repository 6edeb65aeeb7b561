#pragma once

#include "agents/cli/CliAdapter.h"
#include "core/Result.h"

#include <QProcessEnvironment>
#include <QString>

namespace agentdesk::cost {
class PriceTable;
}

namespace agentdesk::agents {

// Dispatch's questions about a CLI agent and a budget, asked before a task is stored.

// Whether a budget can hold for `adapter` running `model` (empty: the CLI's default): fine when
// the CLI reports its own cost; for a CLI that reports tokens only, the model the CLI will use
// must have a price (`unpriced-model`, naming the model and how to add a price); a CLI that
// reports neither cannot be budgeted (`unmetered-budget`). `environment` locates the CLI's own
// configuration (Codex's default model).
VoidResult
checkCliBudget(const CliAdapter &adapter, const QString &model, const cost::PriceTable &prices,
               const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

// True when the CLI reports usage only as a turn ends, so a budget stops it between turns and
// a turn may spend past it.
bool budgetStopsBetweenTurns(const CliAdapter &adapter);

// The sentence the dispatch dialog shows before dispatch when the budget can only be held
// between turns; empty otherwise.
QString budgetTimingNote(const CliAdapter &adapter);

} // namespace agentdesk::agents
