#pragma once

#include "core/Result.h"
#include "forge/ForgeClient.h"

#include <QObject>
#include <QTimer>

#include <memory>
#include <optional>

namespace agentdesk::forge {

// Follows one published pull request: its state (open, merged, closed on the forge) and the
// checks on its head commit, polled with ETags (an unchanged answer costs a 304). The next
// poll waits at least the interval and never comes before a rate limit's reset. Lives on the
// thread of the client's QNetworkAccessManager.
class PullRequestFollower : public QObject
{
    Q_OBJECT
public:
    PullRequestFollower(std::unique_ptr<ForgeClient> client, int number, QObject *parent = nullptr);
    ~PullRequestFollower() override;

    // The commit whose checks count (the one published); empty: the pull request's head.
    void setHeadSha(const QString &sha) { m_headSha = sha; }
    void setInterval(int milliseconds) { m_intervalMs = milliseconds; }
    int number() const { return m_number; }

    void start(); // polls now, then every interval
    void stop();
    void pollNow(); // one poll now (a poll in flight is not doubled)
    bool isPolling() const { return m_inFlight; }

Q_SIGNALS:
    // After a poll whose answer differs from the previous one (the first poll always).
    void updated(const agentdesk::forge::PullRequest &pullRequest,
                 const agentdesk::forge::ChecksSnapshot &checks);
    // The pull request left the open state on the forge: merged, or closed without merging.
    // Once per change. The caller decides: a merge marks the task Merged (remotely).
    void leftOpen(const agentdesk::forge::PullRequest &pullRequest);
    // A poll failed (network, token, rate limit); polling goes on at the next interval.
    void pollFailed(const agentdesk::Error &error);

private:
    void onPullRequest(const PullRequest &pr);
    void onChecks(const PullRequest &pr, const ChecksSnapshot &checks);
    void scheduleNext();

    std::unique_ptr<ForgeClient> m_client;
    int m_number = 0;
    QString m_headSha;
    int m_intervalMs = 60000;
    bool m_running = false;
    bool m_inFlight = false;
    QTimer m_timer;
    std::optional<PullRequest> m_last;
    std::optional<ChecksSnapshot> m_lastChecks;
};

} // namespace agentdesk::forge
