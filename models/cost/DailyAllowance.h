#pragma once

#include "core/Money.h"

#include <QDate>
#include <QMutex>

#include <optional>

namespace agentdesk::cost {

// Today's budget shared by every agent running at once, so that together they never spend
// past it. Before a call, its worst-case cost is reserved (refused when it does not fit); when
// the call ends, the reservation is replaced by what the call really cost. Thread-safe: each
// task's worker holds the same instance. A new local day starts from zero spent.
class DailyAllowance
{
public:
    // `budget` nullopt: no daily limit (reservations always succeed, spend is still counted).
    DailyAllowance(std::optional<Money> budget, Money spentToday);

    void setBudget(std::optional<Money> budget);
    std::optional<Money> budget() const;
    // What can still be reserved now; nullopt without a limit.
    std::optional<Money> available() const;
    Money spentToday() const;

    // Reserves `worstCase` if it fits in what is available.
    bool reserve(Money worstCase);
    // Ends a reservation: `reserved` is released and `actual` counted as spent.
    void settle(Money reserved, Money actual);
    // Spend that was never reserved (CLI agents report cost once, at the end).
    void addSpent(Money actual);

private:
    void rollOver() const; // called with the mutex held

    mutable QMutex m_mutex;
    std::optional<Money> m_budget;
    mutable Money m_spent;
    mutable Money m_reserved;
    mutable QDate m_day;
};

} // namespace agentdesk::cost
