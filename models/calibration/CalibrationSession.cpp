#include "calibration/CalibrationSession.h"

#include "calibration/PlanBuilder.h"
#include "calibration/ReviewRunner.h"

namespace agentdesk::calibration {

CalibrationSession::CalibrationSession(CalibrationServices services, QObject *parent)
    : QObject(parent)
    , m_services(std::move(services))
{
    qRegisterMetaType<CalibrationPlan>();
    qRegisterMetaType<CalibrationProgress>();
    qRegisterMetaType<ReviewResult>();
    qRegisterMetaType<CalibrationReport>();
    m_thread.setObjectName(QStringLiteral("agentdesk-calibration"));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start();
}

CalibrationSession::~CalibrationSession()
{
    cancel();
    m_thread.quit();
    m_thread.wait();
}

void CalibrationSession::plan(const PlanRequest &request)
{
    if (m_busy) {
        Q_EMIT planFailed(
            makeError(QStringLiteral("busy"), QStringLiteral("A calibration is already running.")));
        return;
    }
    m_busy = true;
    m_cancelled = false;
    QObject *context = m_context;
    const std::atomic_bool *cancelled = &m_cancelled;
    QMetaObject::invokeMethod(m_context, [this, context, cancelled, request] {
        auto *builder = new PlanBuilder(request, cancelled, context);
        connect(builder, &PlanBuilder::planned, this, [this](const CalibrationPlan &plan) {
            m_busy = false;
            Q_EMIT planned(plan);
        });
        connect(builder, &PlanBuilder::failed, this, [this](const Error &error) {
            m_busy = false;
            Q_EMIT planFailed(error);
        });
        connect(builder, &PlanBuilder::planned, builder, &QObject::deleteLater);
        connect(builder, &PlanBuilder::failed, builder, &QObject::deleteLater);
        builder->setObjectName(QStringLiteral("calibration-job"));
        builder->start();
    });
}

Result<RunEstimate> CalibrationSession::run(const RunRequest &request)
{
    if (m_busy)
        return makeError(QStringLiteral("busy"),
                         QStringLiteral("A calibration is already running."));
    Result<RunEstimate> estimate = estimateRun(request, m_services);
    if (!estimate)
        return estimate;
    m_busy = true;
    m_cancelled = false;
    QObject *context = m_context;
    const std::atomic_bool *cancelled = &m_cancelled;
    const CalibrationServices services = m_services;
    const RunEstimate planned = *estimate;
    QMetaObject::invokeMethod(m_context, [this, context, cancelled, services, request, planned] {
        auto *runner = new ReviewRunner(services, request, planned, cancelled, context);
        connect(runner, &ReviewRunner::progress, this, &CalibrationSession::progress);
        connect(runner, &ReviewRunner::reviewed, this, &CalibrationSession::reviewed);
        connect(runner, &ReviewRunner::finished, this, [this](const CalibrationReport &report) {
            m_busy = false;
            Q_EMIT finished(report);
        });
        connect(runner, &ReviewRunner::finished, runner, &QObject::deleteLater);
        runner->setObjectName(QStringLiteral("calibration-job"));
        runner->start();
    });
    return estimate;
}

void CalibrationSession::cancel()
{
    m_cancelled = true;
    QObject *context = m_context;
    QMetaObject::invokeMethod(m_context, [context] {
        const auto jobs = context->findChildren<QObject *>(QStringLiteral("calibration-job"),
                                                           Qt::FindDirectChildrenOnly);
        for (QObject *job : jobs) {
            if (auto *runner = qobject_cast<ReviewRunner *>(job))
                runner->cancel();
            else if (auto *builder = qobject_cast<PlanBuilder *>(job))
                builder->cancel();
        }
    });
}

} // namespace agentdesk::calibration
