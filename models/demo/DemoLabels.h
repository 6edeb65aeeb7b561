#pragma once

#include <QLatin1String>

namespace agentdesk::demo {

// Said wherever the demo shows itself (welcome page, its tasks' banner, the provider's name).
inline constexpr QLatin1String kDemoNotice{
    "These agents are scripted: no model is called and nothing leaves this machine."};

// The provider id the demo's tasks name (`demo:claude-sonnet-4-5`); the ledger's provider
// column, so demo spend can be told apart from real spend.
inline constexpr QLatin1String kDemoProviderId{"demo"};

// Every demo task's title starts with this.
inline constexpr QLatin1String kDemoTitlePrefix{"[Demo] "};

} // namespace agentdesk::demo
