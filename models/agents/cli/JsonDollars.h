#pragma once

#include "core/Money.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace agentdesk::agents {

// Exact Money from the text of a JSON number of dollars ("0.009000000000000001", "4.5e-3"),
// rounded half away from zero to the nanodollar, with no binary floating point on the way.
// Claude Code prints JavaScript doubles; reading their text keeps our figure equal to theirs.
std::optional<Money> dollarsFromJsonNumberText(QByteArrayView text);

// The raw text of the number following `"key":` in a JSON line, or empty when absent.
// Only for flat, well-known keys: it does not parse the document.
QByteArray rawJsonNumber(const QByteArray &line, QByteArrayView key);

} // namespace agentdesk::agents
