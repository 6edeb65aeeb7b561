#include "CalibrationHarness.h"

#include "../apiagents/ApiAgentHarness.h"
#include "agents/api/DiffRenderer.h"
#include "cost/PriceTable.h"
#include "git/DiffEngine.h"
#include "git/Repository.h"

#include <QDirIterator>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

#include <limits>

namespace agentdesk::test {

using namespace calibration;

namespace {

QString dataDir(const QString &version)
{
    return qEnvironmentVariable("AGENTDESK_TEST_SOURCE_DIR") +
           QStringLiteral("/tests/calibration/data/") + version;
}

bool copyTree(const QString &from, TempRepository &repo)
{
    QDirIterator it(from, QDir::Files, QDirIterator::Subdirectories);
    bool ok = it.hasNext();
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        ok = ok && file.open(QIODevice::ReadOnly) &&
             repo.writeFile(QDir(from).relativeFilePath(path), file.readAll());
    }
    return ok;
}

QString firstUserText(const QJsonObject &body)
{
    const QJsonValue content = body.value(QStringLiteral("messages"))
                                   .toArray()
                                   .first()
                                   .toObject()
                                   .value(QStringLiteral("content"));
    if (content.isString())
        return content.toString();
    QString text;
    for (const QJsonValue &block : content.toArray())
        text += block.toObject().value(QStringLiteral("text")).toString();
    return text;
}

QString rendered(const git::Repository &repository, const QString &from, const QString &to)
{
    auto diff = git::DiffEngine::diffCommits(repository, from, to);
    return diff ? agents::DiffRenderer::render(diff->files) : QString();
}

} // namespace

SampleRepository SampleRepository::make()
{
    SampleRepository sample;
    sample.repo = std::make_unique<TempRepository>();
    if (!sample.repo->isValid())
        return sample;
    sample.repo->writeFile(QStringLiteral("README.md"), "# Warehouse\n");
    sample.base = sample.repo->commitAll(QStringLiteral("Start the warehouse service"));
    if (copyTree(dataDir(QStringLiteral("v1")), *sample.repo))
        sample.added = sample.repo->commitAll(
            QStringLiteral("Add stock, cart, pricing and the sample buffer\n\nThe first cut of "
                           "each module, with the checks they need."));
    if (copyTree(dataDir(QStringLiteral("v2")), *sample.repo))
        sample.modified =
            sample.repo->commitAll(QStringLiteral("Guard restock and average against bad counts"));
    return sample;
}

CalibrationServices servicesFor(const FakeProviderServer &server)
{
    CalibrationServices services;
    auto prices = cost::PriceTable::loadBundled();
    if (prices)
        services.prices = std::make_shared<const cost::PriceTable>(*prices);
    const QUrl url = server.baseUrl();
    services.providers = [url](const QString &id) -> Result<agents::ProviderSettings> {
        if (id != QLatin1String("anthropic"))
            return makeError(QStringLiteral("unknown-provider"),
                             QStringLiteral("No provider %1.").arg(id));
        agents::ProviderSettings provider;
        provider.id = id;
        provider.client.providerName = QStringLiteral("Anthropic");
        provider.client.baseUrl = url;
        provider.client.apiKey = QStringLiteral("sk-ant-calibration-test");
        provider.client.retry.delayScale = 0.001;
        provider.client.retry.random = [] { return 0.5; };
        return provider;
    };
    return services;
}

std::optional<CalibrationPlan> planOf(CalibrationSession &session, const PlanRequest &request,
                                      QString *error)
{
    QSignalSpy planned(&session, &CalibrationSession::planned);
    QSignalSpy failed(&session, &CalibrationSession::planFailed);
    session.plan(request);
    if (!QTest::qWaitFor([&] { return planned.count() + failed.count() > 0; }, 120000))
        return std::nullopt;
    if (!failed.isEmpty()) {
        if (error)
            *error = failed.first().first().value<Error>().message;
        return std::nullopt;
    }
    return planned.first().first().value<CalibrationPlan>();
}

QJsonObject finding(const QString &file, int start, int end, int priority, const QString &category)
{
    return {{QStringLiteral("title"), QStringLiteral("Suspicious line %1").arg(start)},
            {QStringLiteral("body"), QStringLiteral("This looks wrong.")},
            {QStringLiteral("category"), category},
            {QStringLiteral("priority"), priority},
            {QStringLiteral("confidence"), 0.7},
            {QStringLiteral("file"), file},
            {QStringLiteral("side"), QStringLiteral("new")},
            {QStringLiteral("start_line"), start},
            {QStringLiteral("end_line"), end},
            {QStringLiteral("suggested_fix"), QString()}};
}

ScriptedReviewer::ScriptedReviewer(FakeProviderServer &server, const QString &repositoryPath,
                                   const CalibrationPlan &plan, FindingsPolicy policy)
    : m_plan(plan)
    , m_policy(std::move(policy))
{
    auto repository = git::Repository::open(repositoryPath);
    if (repository) {
        for (int v = 0; v < plan.variants.size(); ++v) {
            const Variant &variant = plan.variants.at(v);
            m_items.insert(rendered(*repository, plan.changes.at(variant.change).parent,
                                    variant.variantCommit),
                           v);
        }
        for (int c : plan.usedChanges())
            m_items.insert(
                rendered(*repository, plan.changes.at(c).parent, plan.changes.at(c).commit),
                -1 - c);
    }
    server.setResponder([this](const RecordedRequest &request) { return answer(request); });
}

ScriptedResponse ScriptedReviewer::answer(const RecordedRequest &request)
{
    const QJsonObject body = request.json();
    const QString text = firstUserText(body);
    // The briefing ends with the numbered diff; the longest rendering it ends with is it.
    int item = std::numeric_limits<int>::min();
    qsizetype matched = 0;
    for (auto it = m_items.constBegin(); it != m_items.constEnd(); ++it) {
        if (it.key().size() > matched && text.endsWith(it.key())) {
            item = it.value();
            matched = it.key().size();
        }
    }
    if (item == std::numeric_limits<int>::min()) {
        ++unrecognised;
        return anthropic::httpError(400, QStringLiteral("invalid_request_error"),
                                    QStringLiteral("unrecognised review"));
    }
    served.append(item);
    if (stallOn.contains(int(served.size()))) {
        ScriptedResponse stalled = ScriptedResponse::eventStream(
            {anthropic::messageStart(body.value(QStringLiteral("model")).toString(), inputTokens)});
        stalled.ending = ScriptedResponse::Ending::Stall;
        return stalled;
    }
    const Variant *variant = item >= 0 ? &m_plan.variants.at(item) : nullptr;
    const QJsonArray findings = m_policy(variant, body.value(QStringLiteral("model")).toString());
    const QJsonObject input{{QStringLiteral("findings"), findings},
                            {QStringLiteral("verdict"), findings.isEmpty()
                                                            ? QStringLiteral("correct")
                                                            : QStringLiteral("incorrect")},
                            {QStringLiteral("explanation"), QStringLiteral("Scripted review.")},
                            {QStringLiteral("confidence"), 0.6},
                            {QStringLiteral("decisions_to_review"), QJsonArray()}};
    return anthropicTool(QStringLiteral("tu_review_%1").arg(served.size()),
                         QStringLiteral("submit_review"), input, inputTokens, outputTokens);
}

std::optional<CalibrationReport> runToEnd(CalibrationSession &session, const RunRequest &request,
                                          QString *error)
{
    QSignalSpy finished(&session, &CalibrationSession::finished);
    Result<RunEstimate> started = session.run(request);
    if (!started) {
        if (error)
            *error = started.errorCode() + QStringLiteral(": ") + started.errorMessage();
        return std::nullopt;
    }
    if (!QTest::qWaitFor([&] { return finished.count() > 0; }, 240000))
        return std::nullopt;
    return finished.first().first().value<CalibrationReport>();
}

} // namespace agentdesk::test
