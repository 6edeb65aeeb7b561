// CliBackend's half that answers the agent's questions (see CliBackend.h).
#include "agents/cli/CliBackend.h"

namespace agentdesk::agents {

namespace {
QString answerText(const PermissionRequest &question, const PermissionDecision &decision)
{
    switch (decision.answer) {
    case PermissionAnswer::AllowOnce:
        return decision.by == QLatin1String("rule")
                   ? QStringLiteral("Allowed %1 (allowed always for this task)")
                         .arg(question.summary())
                   : QStringLiteral("Allowed %1 once").arg(question.summary());
    case PermissionAnswer::AllowAlways:
        return QStringLiteral("Allowed %1, and always for this task").arg(question.summary());
    case PermissionAnswer::Deny:
        break;
    }
    if (decision.by == QLatin1String("policy"))
        return QStringLiteral("Denied %1: not allowed in advance, and nobody is asked")
            .arg(question.summary());
    if (decision.by == QLatin1String("timeout"))
        return QStringLiteral("Denied %1: no answer in time").arg(question.summary());
    return QStringLiteral("Denied %1").arg(question.summary());
}
} // namespace

void CliBackend::takeControlTraffic()
{
    for (const QByteArray &reply : m_parser->takeReplies())
        m_process.writeInput(reply);
    for (const QString &requestId : m_parser->takeWithdrawnQuestions())
        withdrawQuestion(requestId);
    for (const PermissionRequest &question : m_parser->takePermissionRequests())
        handleQuestion(question);
}

void CliBackend::handleQuestion(const PermissionRequest &question)
{
    QString text =
        QStringLiteral("%1 asks to use %2").arg(m_adapter->displayName(), question.summary());
    if (!question.reason.isEmpty())
        text += QStringLiteral(" (%1)").arg(question.reason);
    Q_EMIT eventOccurred(
        AgentEvent::make(AgentEvent::Kind::PermissionRequest, text, question.toJson()));
    for (const PermissionRule &rule : std::as_const(m_rules)) {
        if (rule.matches(question)) {
            sendAnswer(question, {PermissionAnswer::AllowOnce, {}, QStringLiteral("rule")});
            return;
        }
    }
    if (m_policy == PermissionPolicy::DenyUnlisted) {
        sendAnswer(question, {PermissionAnswer::Deny, {}, QStringLiteral("policy")});
        return;
    }
    m_pending.append(question);
    if (m_pending.size() == 1)
        beginWaiting();
}

bool CliBackend::sendAnswer(const PermissionRequest &question, const PermissionDecision &decision)
{
    const bool written =
        m_process.writeInput(m_adapter->encodePermissionAnswer(question, decision));
    QJsonObject payload{{QStringLiteral("request_id"), question.requestId},
                        {QStringLiteral("tool_name"), question.toolName},
                        {QStringLiteral("summary"), question.summary()},
                        {QStringLiteral("answer"), permissionAnswerName(decision.answer)},
                        {QStringLiteral("by"), decision.by}};
    if (!decision.message.isEmpty())
        payload.insert(QStringLiteral("message"), decision.message);
    if (decision.answer == PermissionAnswer::AllowAlways)
        payload.insert(QStringLiteral("rule"), PermissionRule::covering(question).toString());
    if (!written)
        payload.insert(QStringLiteral("delivered"), false);
    Q_EMIT eventOccurred(AgentEvent::make(AgentEvent::Kind::PermissionDecided,
                                          answerText(question, decision), payload));
    return written;
}

VoidResult CliBackend::answerPermission(const QString &requestId,
                                        const PermissionDecision &decision)
{
    const auto it =
        std::find_if(m_pending.begin(), m_pending.end(),
                     [&](const PermissionRequest &q) { return q.requestId == requestId; });
    if (it == m_pending.end())
        return AgentBackend::answerPermission(requestId, decision);
    const PermissionRequest question = *it;
    m_pending.erase(it);
    const bool written = sendAnswer(question, decision);
    if (decision.answer == PermissionAnswer::AllowAlways) {
        const PermissionRule rule = PermissionRule::covering(question);
        if (!m_rules.contains(rule))
            m_rules.append(rule);
        if (!m_granted.contains(rule))
            m_granted.append(rule);
        // Questions already waiting that the new rule covers need no second answer.
        for (qsizetype i = 0; i < m_pending.size();) {
            if (rule.matches(m_pending.at(i))) {
                sendAnswer(m_pending.takeAt(i),
                           {PermissionAnswer::AllowOnce, {}, QStringLiteral("rule")});
            } else {
                ++i;
            }
        }
    }
    if (m_pending.isEmpty())
        endWaiting();
    if (!written)
        return makeError(QStringLiteral("agent-gone"),
                         QStringLiteral("%1 has stopped reading its answers; the run is ending.")
                             .arg(m_adapter->displayName()));
    return {};
}

void CliBackend::withdrawQuestion(const QString &requestId)
{
    const auto it =
        std::find_if(m_pending.begin(), m_pending.end(),
                     [&](const PermissionRequest &q) { return q.requestId == requestId; });
    if (it == m_pending.end())
        return;
    const PermissionRequest question = *it;
    m_pending.erase(it);
    Q_EMIT eventOccurred(
        AgentEvent::make(AgentEvent::Kind::PermissionDecided,
                         QStringLiteral("%1 no longer asks to use %2")
                             .arg(m_adapter->displayName(), question.summary()),
                         QJsonObject{{QStringLiteral("request_id"), requestId},
                                     {QStringLiteral("tool_name"), question.toolName},
                                     {QStringLiteral("answer"), QStringLiteral("withdrawn")},
                                     {QStringLiteral("by"), QStringLiteral("agent")}}));
    if (m_pending.isEmpty())
        endWaiting();
}

void CliBackend::beginWaiting()
{
    m_waitClock.start();
    m_process.pauseWallClock();
    m_inactivity.stop();
    if (m_permissionTimeoutMs > 0)
        m_permissionTimer.start(m_permissionTimeoutMs);
    Q_EMIT waitingForInputChanged(true);
}

void CliBackend::endWaiting()
{
    if (m_waitClock.isValid()) {
        m_waitedMs += m_waitClock.elapsed();
        m_waitClock.invalidate();
    }
    m_permissionTimer.stop();
    m_process.resumeWallClock();
    Q_EMIT waitingForInputChanged(false);
    armInactivity();
}

void CliBackend::onPermissionTimeout()
{
    const QList<PermissionRequest> unanswered = std::exchange(m_pending, {});
    for (const PermissionRequest &question : unanswered)
        sendAnswer(question, {PermissionAnswer::Deny, {}, QStringLiteral("timeout")});
    if (!unanswered.isEmpty())
        endWaiting();
}

} // namespace agentdesk::agents
