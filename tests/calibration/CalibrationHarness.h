#pragma once

#include "FakeProviderServer.h"
#include "TempRepository.h"
#include "calibration/CalibrationSession.h"
#include "core/Money.h"

#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QString>

#include <functional>
#include <memory>

namespace agentdesk::test {

// Per-token prices of claude-haiku-4-5 and claude-sonnet-4-5 in nanodollars, written out
// here from the published table so costs are checked against figures the test owns.
inline constexpr qint64 haikuIn = 1000;
inline constexpr qint64 haikuOut = 5000;
inline constexpr qint64 sonnetIn = 3000;
inline constexpr qint64 sonnetOut = 15000;

// A repository with real history: a base commit, then a change adding C++, Python,
// JavaScript and TypeScript files (tests/calibration/data/v1), then one modifying two of them
// (data/v2).
struct SampleRepository
{
    std::unique_ptr<TempRepository> repo;
    QString base;
    QString added;
    QString modified;

    static SampleRepository make();
};

// The calibration's services pointing at the scripted server as provider "anthropic".
calibration::CalibrationServices servicesFor(const FakeProviderServer &server);

// Plans on the repository through a session, waiting for the answer.
std::optional<calibration::CalibrationPlan> planOf(calibration::CalibrationSession &session,
                                                   const calibration::PlanRequest &request,
                                                   QString *error = nullptr);

// What the scripted reviewer flags: given the reviewed item (a variant, or null for an
// untouched change) and the model asked, the findings it submits.
using FindingsPolicy =
    std::function<QJsonArray(const calibration::Variant *variant, const QString &model)>;

QJsonObject finding(const QString &file, int start, int end, int priority = 1,
                    const QString &category = QStringLiteral("logic-edge-case"));

// Answers every reviewer request with one submit_review turn, after recognising which plan
// item the request is for by its numbered diff (rendered here from the same commits).
class ScriptedReviewer
{
public:
    ScriptedReviewer(FakeProviderServer &server, const QString &repositoryPath,
                     const calibration::CalibrationPlan &plan, FindingsPolicy policy);

    qint64 inputTokens = 3000;
    qint64 outputTokens = 300;
    // Requests numbered from 1 that get no answer (the connection stalls).
    QList<int> stallOn;

    // Which item each request was for, in order: a variant index, or -1 - change index.
    QList<int> served;
    int unrecognised = 0;

private:
    ScriptedResponse answer(const RecordedRequest &request);

    calibration::CalibrationPlan m_plan;
    FindingsPolicy m_policy;
    QHash<QString, int> m_items; // rendered diff → item
};

// Runs `request` to its end through the session.
std::optional<calibration::CalibrationReport> runToEnd(calibration::CalibrationSession &session,
                                                       const calibration::RunRequest &request,
                                                       QString *error = nullptr);

} // namespace agentdesk::test
