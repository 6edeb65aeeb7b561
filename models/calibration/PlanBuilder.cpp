#include "calibration/PlanBuilder.h"

#include "calibration/CalibrationBudget.h"
#include "calibration/ReviewBriefing.h"
#include "git/CommitObjects.h"

#include <QSet>

namespace agentdesk::calibration {

PlanBuilder::PlanBuilder(PlanRequest request, const std::atomic_bool *cancelled, QObject *parent)
    : QObject(parent)
    , m_request(std::move(request))
    , m_cancelled(cancelled)
{
    qRegisterMetaType<CalibrationPlan>();
    m_check = new SyntaxCheck(m_request.python, m_request.node, this);
    connect(m_check, &SyntaxCheck::finished, this, &PlanBuilder::onChecked);
}

PlanBuilder::~PlanBuilder() = default;

void PlanBuilder::start()
{
    if (VoidResult collected = collect(); !collected) {
        fail(collected.error());
        return;
    }
    tryNext();
}

void PlanBuilder::cancel()
{
    fail(makeError(QStringLiteral("cancelled"), QStringLiteral("Cancelled.")));
}

VoidResult PlanBuilder::collect()
{
    if (m_request.bugs <= 0)
        return makeError(QStringLiteral("no-bugs"),
                         QStringLiteral("Ask for at least one seeded bug."));
    auto repository = git::Repository::open(m_request.repositoryPath);
    if (!repository)
        return repository.error();
    m_repository.emplace(std::move(*repository));
    m_plan.repositoryPath = m_repository->workdir();
    if (m_request.change) {
        m_plan.changes = {*m_request.change};
    } else {
        auto changes = VariantGenerator::recentChanges(*m_repository, m_request);
        if (!changes)
            return changes.error();
        m_plan.changes = *changes;
    }
    m_plan.changesScanned = int(m_plan.changes.size());
    for (int i = 0; i < m_plan.changes.size(); ++i) {
        if (m_cancelled && m_cancelled->load())
            return makeError(QStringLiteral("cancelled"), QStringLiteral("Cancelled."));
        auto found =
            VariantGenerator::candidates(*m_repository, m_plan.changes.at(i), i, m_request);
        if (!found)
            return found.error();
        m_candidates.append(*found);
    }
    m_plan.candidates = int(m_candidates.size());
    if (m_candidates.isEmpty())
        return makeError(
            QStringLiteral("nothing-to-seed"),
            QStringLiteral("None of the %1 recent changes adds C/C++, Python, JavaScript or "
                           "TypeScript code (outside tests) where a defect can be seeded.")
                .arg(m_plan.changesScanned));
    // One task's diff is the only change there is: the per-change cap spreads history only.
    const int perChange = m_request.change ? m_request.bugs : m_request.maxVariantsPerChange;
    m_queue = std::make_unique<CandidateQueue>(m_candidates, perChange);
    return {};
}

QString PlanBuilder::originalKey(const Candidate &candidate) const
{
    return QString::number(candidate.change) + QLatin1Char(':') + candidate.file;
}

void PlanBuilder::tryNext()
{
    while (!m_done) {
        if (m_cancelled && m_cancelled->load()) {
            fail(makeError(QStringLiteral("cancelled"), QStringLiteral("Cancelled.")));
            return;
        }
        if (m_current < 0) {
            if (m_plan.variants.size() >= m_request.bugs) {
                finishPlan();
                return;
            }
            const std::optional<int> next = m_queue->next();
            if (!next) {
                finishPlan();
                return;
            }
            m_current = *next;
        }
        if (!advance())
            return; // a check is running; onChecked() continues
    }
}

bool PlanBuilder::advance()
{
    const Candidate &candidate = m_candidates.at(m_current);
    const QString check = SyntaxCheck::checkName(candidate.language);
    const auto acceptCurrent = [this](const QString &note) {
        const int index = m_current;
        m_current = -1;
        if (VoidResult accepted = accept(index, note); !accepted)
            fail(accepted.error());
    };
    if (check.isEmpty()) {
        acceptCurrent(
            QStringLiteral("no cheap parse check for %1").arg(languageId(candidate.language)));
        return true;
    }
    const auto original = m_originals.constFind(originalKey(candidate));
    if (original == m_originals.constEnd()) {
        m_checkingOriginal = true;
        m_check->start(candidate.language, candidate.file, candidate.original);
        return false;
    }
    if (original->status == SyntaxCheck::Status::Unavailable) {
        acceptCurrent(original->note);
        return true;
    }
    if (original->status == SyntaxCheck::Status::Failed) {
        acceptCurrent(
            QStringLiteral("not parse-checked: the original does not pass %1 either").arg(check));
        return true;
    }
    m_checkingOriginal = false;
    m_check->start(candidate.language, candidate.file, candidate.variant);
    return false;
}

void PlanBuilder::onChecked(const SyntaxCheck::Outcome &outcome)
{
    if (m_done || m_current < 0)
        return;
    if (m_checkingOriginal) {
        m_originals.insert(originalKey(m_candidates.at(m_current)), outcome);
    } else if (outcome.status == SyntaxCheck::Status::Failed) {
        ++m_plan.failedChecks;
        m_queue->reject();
        m_current = -1;
    } else {
        const int index = m_current;
        m_current = -1;
        const QString note = outcome.status == SyntaxCheck::Status::Passed
                                 ? QStringLiteral("passes %1").arg(outcome.note)
                                 : outcome.note;
        if (VoidResult accepted = accept(index, note); !accepted) {
            fail(accepted.error());
            return;
        }
    }
    tryNext();
}

VoidResult PlanBuilder::accept(int index, const QString &check)
{
    const Candidate &candidate = m_candidates.at(index);
    const Change &change = m_plan.changes.at(candidate.change);
    Result<QString> commit = git::CommitObjects::writeWithFileReplaced(
        *m_repository, change.commit, change.parent, candidate.file, candidate.variant);
    if (!commit)
        return commit.error();
    Result<agents::ReviewRequest> review =
        detail::reviewRequestFor(*m_repository, change, *commit, QString());
    if (!review)
        return review.error();
    m_queue->accept(index);
    Variant variant;
    variant.change = candidate.change;
    variant.file = candidate.file;
    variant.language = candidate.language;
    variant.line = candidate.seededLine;
    variant.bugClass = candidate.mutation.bugClass;
    variant.description = candidate.mutation.description;
    variant.originalText = candidate.originalText;
    variant.seededText = candidate.seededText;
    variant.variantCommit = *commit;
    variant.check = check;
    variant.reviewBytes = CalibrationBudget::firstRequestBytes(*review);
    m_plan.variants.append(variant);
    return {};
}

void PlanBuilder::finishPlan()
{
    if (m_done)
        return;
    QSet<QString> notes;
    for (const Variant &variant : std::as_const(m_plan.variants)) {
        if (variant.check.startsWith(QLatin1String("not parse-checked: ")) &&
            variant.check.contains(QLatin1String("installed")))
            notes.insert(variant.check);
    }
    m_plan.notes = QStringList(notes.begin(), notes.end());
    m_plan.notes.sort();
    if (m_plan.variants.isEmpty()) {
        fail(makeError(QStringLiteral("nothing-to-seed"),
                       QStringLiteral("No seeded variant of the %1 candidates still parses.")
                           .arg(m_plan.candidates)));
        return;
    }
    for (int changeIndex : m_plan.usedChanges()) {
        Change &change = m_plan.changes[changeIndex];
        Result<agents::ReviewRequest> review =
            detail::reviewRequestFor(*m_repository, change, change.commit, QString());
        if (!review) {
            fail(review.error());
            return;
        }
        change.reviewBytes = CalibrationBudget::firstRequestBytes(*review);
    }
    m_done = true;
    Q_EMIT planned(m_plan);
}

void PlanBuilder::fail(const Error &error)
{
    if (m_done)
        return;
    m_done = true;
    m_check->cancel();
    Q_EMIT failed(error);
}

QList<int> CalibrationPlan::usedChanges() const
{
    QList<int> used;
    for (const Variant &variant : variants) {
        if (!used.contains(variant.change))
            used.append(variant.change);
    }
    return used;
}

} // namespace agentdesk::calibration
