#include "cost/DailyAllowance.h"

namespace agentdesk::cost {

DailyAllowance::DailyAllowance(std::optional<Money> budget, Money spentToday)
    : m_budget(budget)
    , m_spent(spentToday)
    , m_day(QDate::currentDate())
{}

void DailyAllowance::rollOver() const
{
    const QDate today = QDate::currentDate();
    if (today != m_day) {
        m_day = today;
        m_spent = Money(); // reservations in flight stay held: those calls are still running
    }
}

void DailyAllowance::setBudget(std::optional<Money> budget)
{
    QMutexLocker locker(&m_mutex);
    m_budget = budget;
}

std::optional<Money> DailyAllowance::budget() const
{
    QMutexLocker locker(&m_mutex);
    return m_budget;
}

std::optional<Money> DailyAllowance::available() const
{
    QMutexLocker locker(&m_mutex);
    rollOver();
    if (!m_budget)
        return std::nullopt;
    const qint64 left = m_budget->nanodollars() - m_spent.nanodollars() - m_reserved.nanodollars();
    return Money::fromNanodollars(qMax<qint64>(0, left));
}

Money DailyAllowance::spentToday() const
{
    QMutexLocker locker(&m_mutex);
    rollOver();
    return m_spent;
}

bool DailyAllowance::reserve(Money worstCase)
{
    QMutexLocker locker(&m_mutex);
    rollOver();
    if (m_budget && m_spent.nanodollars() + m_reserved.nanodollars() + worstCase.nanodollars() >
                        m_budget->nanodollars())
        return false;
    m_reserved += worstCase;
    return true;
}

void DailyAllowance::settle(Money reserved, Money actual)
{
    QMutexLocker locker(&m_mutex);
    rollOver();
    m_reserved =
        Money::fromNanodollars(qMax<qint64>(0, m_reserved.nanodollars() - reserved.nanodollars()));
    m_spent += actual;
}

void DailyAllowance::addSpent(Money actual)
{
    QMutexLocker locker(&m_mutex);
    rollOver();
    m_spent += actual;
}

} // namespace agentdesk::cost
