#include "forge/PullRequestFollower.h"

#include <QPointer>

namespace agentdesk::forge {

namespace {

bool sameChecks(const ChecksSnapshot &a, const ChecksSnapshot &b)
{
    if (a.sha != b.sha || a.state != b.state || a.items.size() != b.items.size())
        return false;
    for (qsizetype i = 0; i < a.items.size(); ++i) {
        const CheckItem &x = a.items.at(i);
        const CheckItem &y = b.items.at(i);
        if (x.name != y.name || x.status != y.status || x.conclusion != y.conclusion ||
            x.state != y.state)
            return false;
    }
    return true;
}

bool samePullRequest(const PullRequest &a, const PullRequest &b)
{
    return a.number == b.number && a.state == b.state && a.draft == b.draft &&
           a.headSha == b.headSha && a.title == b.title && a.url == b.url;
}

} // namespace

PullRequestFollower::PullRequestFollower(std::unique_ptr<ForgeClient> client, int number,
                                         QObject *parent)
    : QObject(parent)
    , m_client(std::move(client))
    , m_number(number)
{
    m_client->setParent(nullptr);
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &PullRequestFollower::pollNow);
}

PullRequestFollower::~PullRequestFollower() = default;

void PullRequestFollower::start()
{
    m_running = true;
    pollNow();
}

void PullRequestFollower::stop()
{
    m_running = false;
    m_timer.stop();
}

void PullRequestFollower::pollNow()
{
    if (m_inFlight)
        return;
    m_inFlight = true;
    QPointer<PullRequestFollower> self(this);
    m_client->pullRequest(m_number, [self](Result<PullRequest> pr) {
        if (!self)
            return;
        if (!pr) {
            self->m_inFlight = false;
            Q_EMIT self->pollFailed(pr.error());
            self->scheduleNext();
            return;
        }
        self->onPullRequest(*pr);
    });
}

void PullRequestFollower::onPullRequest(const PullRequest &pr)
{
    const QString sha = m_headSha.isEmpty() ? pr.headSha : m_headSha;
    if (sha.isEmpty()) {
        ChecksSnapshot none;
        onChecks(pr, none);
        return;
    }
    QPointer<PullRequestFollower> self(this);
    m_client->checks(sha, [self, pr](Result<ChecksSnapshot> checks) {
        if (!self)
            return;
        if (!checks) {
            Q_EMIT self->pollFailed(checks.error());
            // The state is news on its own: report it with the checks known so far.
            self->onChecks(pr, self->m_lastChecks.value_or(ChecksSnapshot()));
            return;
        }
        self->onChecks(pr, *checks);
    });
}

void PullRequestFollower::onChecks(const PullRequest &pr, const ChecksSnapshot &checks)
{
    m_inFlight = false;
    const bool wasOpen = !m_last || m_last->state == PullRequestState::Open;
    const bool changed = !m_last || !m_lastChecks || !samePullRequest(*m_last, pr) ||
                         !sameChecks(*m_lastChecks, checks);
    m_last = pr;
    m_lastChecks = checks;
    if (changed)
        Q_EMIT updated(pr, checks);
    if (wasOpen && pr.state != PullRequestState::Open)
        Q_EMIT leftOpen(pr);
    scheduleNext();
}

void PullRequestFollower::scheduleNext()
{
    if (!m_running)
        return;
    qint64 wait = m_intervalMs;
    const QDateTime notBefore = m_client->notBefore();
    if (notBefore.isValid())
        wait = std::max(wait, QDateTime::currentDateTimeUtc().msecsTo(notBefore) + 1000);
    m_timer.start(int(std::min<qint64>(wait, 24LL * 3600 * 1000)));
}

} // namespace agentdesk::forge
