#include "calibration/ReviewRunner.h"

#include "calibration/ReviewBriefing.h"
#include "git/CommitObjects.h"
#include "store/StoreWriter.h"

#include <QFile>
#include <QNetworkAccessManager>

namespace agentdesk::calibration {

namespace {

// Errors that every further review would meet too: stop instead of paying for them.
bool stopsTheRun(const agents::ReviewOutcome &outcome)
{
    static const QStringList codes = {
        QStringLiteral("quota"),          QStringLiteral("not-found"),
        QStringLiteral("bad-request"),    QStringLiteral("permission"),
        QStringLiteral("unpriced-model"), QStringLiteral("no-model"),
    };
    return outcome.kind == agents::OutcomeKind::AuthFailed || codes.contains(outcome.errorCode);
}

qint64 allInputTokens(const llm::Usage &usage)
{
    return usage.inputTokens + usage.cacheWrite5mTokens + usage.cacheWrite1hTokens +
           usage.cacheReadTokens;
}

} // namespace

ReviewRunner::ReviewRunner(CalibrationServices services, RunRequest request, RunEstimate estimate,
                           const std::atomic_bool *cancelled, QObject *parent)
    : QObject(parent)
    , m_services(std::move(services))
    , m_cancelled(cancelled)
{
    qRegisterMetaType<CalibrationProgress>();
    qRegisterMetaType<ReviewResult>();
    qRegisterMetaType<CalibrationReport>();
    m_report.request = std::move(request);
    m_report.estimate = std::move(estimate);
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(std::max(1, m_report.request.reviewTimeoutSeconds) * 1000);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (m_reviewer && m_reviewer->isRunning()) {
            m_timedOut = true;
            m_reviewer->cancel();
        }
    });
}

ReviewRunner::~ReviewRunner()
{
    if (m_reviewer && m_reviewer->isRunning())
        m_reviewer->cancel();
    restoreCheckout();
}

VoidResult ReviewRunner::open()
{
    auto repository = git::Repository::open(m_report.request.plan.repositoryPath);
    if (!repository)
        return repository.error();
    m_repository.emplace(std::move(*repository));
    if (!m_checkouts.isValid())
        return makeError(
            QStringLiteral("no-temporary-folder"),
            QStringLiteral("Cannot create a temporary folder for the reviewed files."));
    m_network = new QNetworkAccessManager(this);
    m_ledger = new cost::Ledger(this);
    if (m_report.request.databasePath.isEmpty())
        return {};
    auto writer = store::StoreWriter::open(m_report.request.databasePath);
    if (!writer)
        return writer.error();
    m_writer = std::move(*writer);
    store::CalibrationRunRecord run;
    run.repositoryPath = m_report.request.plan.repositoryPath;
    run.startedAt = QDateTime::currentDateTimeUtc();
    run.budget = m_report.request.budget;
    run.note = QStringLiteral("%1 variants of %2 changes, %3 reviewer(s)")
                   .arg(m_report.request.plan.variants.size())
                   .arg(m_report.request.plan.usedChanges().size())
                   .arg(m_report.request.reviewers.size());
    Result<qint64> id = m_writer->createCalibrationRun(run);
    if (!id)
        return id.error();
    m_report.runId = *id;
    return {};
}

void ReviewRunner::start()
{
    if (VoidResult opened = open(); !opened) {
        end(QStringLiteral("failed"), opened.errorMessage());
        return;
    }
    nextReview();
}

void ReviewRunner::cancel()
{
    if (m_reviewer && m_reviewer->isRunning())
        m_reviewer->cancel(); // onReviewFinished() follows and ends the run
    else if (!m_ended && !m_reviewer)
        QMetaObject::invokeMethod(this, &ReviewRunner::nextReview, Qt::QueuedConnection);
}

QString ReviewRunner::ledgerTask(int slot) const
{
    return QStringLiteral("calibration-%1-%2").arg(m_report.runId).arg(slot);
}

QString ReviewRunner::activity(const ReviewSlot &slot) const
{
    const CalibrationPlan &plan = m_report.request.plan;
    const QString who = m_report.request.reviewers.at(slot.reviewer).toString();
    const QString change = plan.changes.at(slot.change).commit.left(10);
    if (slot.variant < 0)
        return QStringLiteral("Review %1 of %2: %3 on the untouched change %4")
            .arg(m_next + 1)
            .arg(m_report.estimate.slots.size())
            .arg(who, change);
    const Variant &variant = plan.variants.at(slot.variant);
    return QStringLiteral("Review %1 of %2: %3 on a %4 variant of %5 (%6:%7)")
        .arg(m_next + 1)
        .arg(m_report.estimate.slots.size())
        .arg(who, bugClassId(variant.bugClass), change, variant.file)
        .arg(variant.line);
}

void ReviewRunner::nextReview()
{
    if (m_ended || m_reviewer)
        return;
    const QList<ReviewSlot> &slots = m_report.estimate.slots;
    if (m_cancelled && m_cancelled->load()) {
        end(QStringLiteral("cancelled"),
            QStringLiteral("Cancelled after %1 of %2 reviews.").arg(m_next).arg(slots.size()));
        return;
    }
    if (m_next >= slots.size()) {
        end(QStringLiteral("finished"), QString());
        return;
    }
    const ReviewSlot &slot = slots.at(m_next);
    if (const std::optional<Money> &budget = m_report.request.budget) {
        const Money left = *budget - m_report.spent;
        if (slot.cost.allowance > left) {
            end(QStringLiteral("budget-reached"),
                QStringLiteral("Stopped before review %1 of %2: it may cost up to %3, and %4 of "
                               "the %5 budget is left.")
                    .arg(m_next + 1)
                    .arg(slots.size())
                    .arg(slot.cost.allowance.format(), left.format(), budget->format()));
            return;
        }
    }
    Q_EMIT progress({m_next, int(slots.size()), m_report.spent, activity(slot)});
    if (VoidResult started = startReview(slot); !started) {
        restoreCheckout();
        agents::ReviewOutcome outcome;
        outcome.kind = agents::OutcomeKind::Failed;
        outcome.errorCode = started.errorCode();
        outcome.reason = started.errorMessage();
        onReviewFinished(outcome);
    }
}

Result<QString> ReviewRunner::checkoutFor(const ReviewSlot &slot)
{
    const CalibrationPlan &plan = m_report.request.plan;
    const Change &change = plan.changes.at(slot.change);
    QString folder = m_exported.value(slot.change);
    if (folder.isEmpty()) {
        folder = m_checkouts.filePath(QStringLiteral("change-%1").arg(slot.change));
        if (VoidResult exported =
                git::CommitObjects::exportTree(*m_repository, change.commit, folder, m_cancelled);
            !exported)
            return exported.error();
        m_exported.insert(slot.change, folder);
    }
    if (slot.variant < 0)
        return folder;
    // The variant differs from its change in one file: swap that file in for this review.
    const Variant &variant = plan.variants.at(slot.variant);
    auto original = git::CommitObjects::readFile(*m_repository, change.commit, variant.file);
    if (!original)
        return original.error();
    auto seeded = git::CommitObjects::readFile(*m_repository, variant.variantCommit, variant.file);
    if (!seeded)
        return seeded.error();
    const QString path = folder + QLatin1Char('/') + variant.file;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(*seeded) != seeded->size())
        return makeError(QStringLiteral("export-failed"),
                         QStringLiteral("Cannot write %1 for the review.").arg(path));
    m_restorePath = path;
    m_restoreBytes = *original;
    return folder;
}

void ReviewRunner::restoreCheckout()
{
    if (m_restorePath.isEmpty())
        return;
    QFile file(m_restorePath);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(m_restoreBytes);
    m_restorePath.clear();
    m_restoreBytes.clear();
}

VoidResult ReviewRunner::startReview(const ReviewSlot &slot)
{
    const tasks::ModelRef &reviewer = m_report.request.reviewers.at(slot.reviewer);
    if (!m_providers.contains(slot.reviewer)) {
        Result<agents::ProviderSettings> provider = m_services.providers(reviewer.provider);
        if (!provider)
            return provider.error();
        m_providers.insert(slot.reviewer, *provider);
    }
    Result<QString> checkout = checkoutFor(slot);
    if (!checkout)
        return checkout.error();
    const CalibrationPlan &plan = m_report.request.plan;
    const Change &change = plan.changes.at(slot.change);
    const QString head =
        slot.variant < 0 ? change.commit : plan.variants.at(slot.variant).variantCommit;
    Result<agents::ReviewRequest> request =
        detail::reviewRequestFor(*m_repository, change, head, *checkout);
    if (!request)
        return request.error();
    request->model = reviewer.model;
    if (m_report.request.budget)
        request->remainingBudget = slot.cost.allowance;
    agents::ApiAgentConfig config;
    config.provider = m_providers.value(slot.reviewer);
    config.prices = m_services.prices;
    config.ledger = m_ledger;
    config.taskId = ledgerTask(m_next);
    config.network = m_network;
    m_reviewer = new agents::ReviewerAgent(config, this);
    connect(m_reviewer, &agents::ReviewerAgent::finished, this, &ReviewRunner::onReviewFinished);
    m_timedOut = false;
    if (VoidResult started = m_reviewer->start(std::move(*request)); !started) {
        m_reviewer->deleteLater();
        m_reviewer = nullptr;
        return started;
    }
    m_timeout.start();
    return {};
}

void ReviewRunner::onReviewFinished(const agents::ReviewOutcome &outcome)
{
    m_timeout.stop();
    restoreCheckout();
    if (m_reviewer) {
        m_reviewer->deleteLater();
        m_reviewer = nullptr;
    }
    const ReviewSlot &slot = m_report.estimate.slots.at(m_next);
    ReviewResult result;
    result.slot = m_next;
    result.review = slot;
    result.at = QDateTime::currentDateTimeUtc();
    const cost::LedgerTotals totals =
        m_ledger->totals(cost::LedgerFilter::forTask(ledgerTask(m_next)));
    result.cost = totals.cost;
    result.calls = totals.calls;
    result.inputTokens = allInputTokens(totals.usage);
    result.outputTokens = totals.usage.outputTokens;
    const bool cancelled = outcome.kind == agents::OutcomeKind::Cancelled && !m_timedOut;
    if (outcome.succeeded()) {
        if (slot.variant < 0) {
            result.score = ReviewScoring::scoreUntouched(outcome.findings);
            result.outcome = store::CalibrationOutcome::Untouched;
        } else {
            const Variant &variant = m_report.request.plan.variants.at(slot.variant);
            result.score = ReviewScoring::scoreSeeded(outcome.findings, variant.file, variant.line);
            result.outcome = result.score.caught ? store::CalibrationOutcome::Caught
                                                 : store::CalibrationOutcome::Missed;
        }
    } else {
        result.outcome =
            cancelled ? store::CalibrationOutcome::Cancelled : store::CalibrationOutcome::Failed;
        result.error =
            m_timedOut
                ? QStringLiteral("timed out after %1 s").arg(m_report.request.reviewTimeoutSeconds)
                : QStringLiteral("%1: %2").arg(outcome.errorCode, outcome.reason);
    }
    record(result);
    if (!outcome.succeeded() && stopsTheRun(outcome)) {
        end(QStringLiteral("failed"),
            QStringLiteral("Review %1 failed, and every further one would: %2")
                .arg(m_next + 1)
                .arg(result.error));
        return;
    }
    ++m_next;
    if (cancelled && m_cancelled && m_cancelled->load()) {
        nextReview(); // ends as cancelled
        return;
    }
    QMetaObject::invokeMethod(this, &ReviewRunner::nextReview, Qt::QueuedConnection);
}

void ReviewRunner::record(ReviewResult result)
{
    m_report.spent += result.cost;
    m_report.results.append(result);
    if (m_writer) {
        if (Result<qint64> saved = m_writer->saveCalibrationReview(reviewRecord(m_report, result));
            !saved)
            m_report.note = saved.errorMessage();
    }
    Q_EMIT reviewed(result);
    Q_EMIT progress({int(m_report.results.size()), int(m_report.estimate.slots.size()),
                     m_report.spent, QString()});
}

void ReviewRunner::end(const QString &status, const QString &note)
{
    if (m_ended)
        return;
    m_ended = true;
    m_timeout.stop();
    restoreCheckout();
    m_report.status = status;
    if (!note.isEmpty())
        m_report.note = m_report.note.isEmpty() ? note : note + QLatin1Char(' ') + m_report.note;
    if (m_writer && m_report.runId > 0)
        (void)m_writer->finishCalibrationRun(m_report.runId, status, m_report.note);
    m_writer.reset();
    m_exported.clear();
    m_checkouts.remove();
    Q_EMIT finished(m_report);
}

} // namespace agentdesk::calibration
