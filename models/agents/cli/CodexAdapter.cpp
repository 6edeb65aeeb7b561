#include "agents/cli/CodexAdapter.h"

#include "agents/cli/CodexParser.h"
#include "agents/cli/CodexUserConfig.h"

#include <QDir>
#include <QUrl>

namespace agentdesk::agents {

namespace {
// A TOML basic string: the base URL comes from the user's settings.
QString tomlString(const QString &value)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : value) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
            out += QLatin1Char('\\') + c;
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out + QLatin1Char('"');
}

bool isInside(const QString &path, const QString &folder)
{
    const QString cleanFolder = QDir::cleanPath(folder);
    const QString cleanPath = QDir::cleanPath(path);
    return cleanPath == cleanFolder || cleanPath.startsWith(cleanFolder + QLatin1Char('/'));
}
} // namespace

CodexAdapter::CodexAdapter(CodexSettings settings)
    : CliAdapter(settings.cli)
    , m_codex(std::move(settings))
{}

QString CodexAdapter::responsesBaseUrl(const QString &baseUrl)
{
    QString url = baseUrl.trimmed();
    while (url.endsWith(QLatin1Char('/')))
        url.chop(1);
    if (!url.endsWith(QLatin1String("/v1")))
        url += QStringLiteral("/v1");
    return url;
}

QString CodexAdapter::effectiveModel(const QString &requested,
                                     const QProcessEnvironment &environment) const
{
    if (!requested.isEmpty() && requested != QLatin1String(kCodexDefaultModel))
        return requested;
    return CodexUserConfig::load(environment).model;
}

Result<CliInvocation> CodexAdapter::invocation(const AgentRequest &request,
                                               const CliRunContext &context) const
{
    if (VoidResult budget = checkBudget(request); !budget)
        return budget.error();
    const QString codexHome = CodexUserConfig::codexHome(context.parentEnvironment);
    if (context.privateTempDir.isEmpty() || isInside(codexHome, context.privateTempDir))
        return makeError(QStringLiteral("codex-temp"),
                         QStringLiteral("Codex needs a temporary folder that does not contain its "
                                        "home %1.")
                             .arg(codexHome));
    CliInvocation invocation;
    invocation.arguments = {QStringLiteral("exec"), QStringLiteral("--json"),
                            QStringLiteral("--sandbox"), m_codex.sandbox};
    if (!m_codex.baseUrl.isEmpty()) {
        const QString base = responsesBaseUrl(m_codex.baseUrl);
        const QUrl url(base, QUrl::StrictMode);
        if (!url.isValid() ||
            (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
            return makeError(QStringLiteral("codex-base-url"),
                             QStringLiteral("The OpenAI base URL \"%1\" is not an http(s) URL.")
                                 .arg(m_codex.baseUrl));
        QString table = QStringLiteral("model_providers.agentdesk={name=\"AgentDesk\",base_url=%1,"
                                       "wire_api=\"responses\"")
                            .arg(tomlString(base));
        if (!m_codex.apiKey.isEmpty())
            table += QStringLiteral(",env_key=%1").arg(tomlString(keyVariable()));
        invocation.arguments << QStringLiteral("-c") << table + QLatin1Char('}')
                             << QStringLiteral("-c") << QStringLiteral("model_provider=agentdesk");
        if (!m_codex.apiKey.isEmpty())
            invocation.environment.insert(keyVariable(), m_codex.apiKey);
    } else if (!m_codex.apiKey.isEmpty()) {
        // The built-in provider: `codex exec` reads CODEX_API_KEY (not OPENAI_API_KEY).
        invocation.environment.insert(QStringLiteral("CODEX_API_KEY"), m_codex.apiKey);
    }
    // "codex:default" (the New Task dialog's choice) is Codex's own default: no --model.
    if (!request.model.isEmpty() && request.model != QLatin1String(kCodexDefaultModel))
        invocation.arguments << QStringLiteral("--model") << request.model;
    // "-": the prompt is standard input, read to its end (no "additional input" note).
    invocation.arguments << QStringLiteral("-");
    invocation.input = request.prompt.toUtf8();
    invocation.environment.insert(QStringLiteral("TMPDIR"), context.privateTempDir);
    invocation.inheritedVariables << QStringLiteral("CODEX_HOME");
    if (m_codex.apiKey.isEmpty()) {
        // No key of ours: the user's own login and config must keep working, including a
        // provider of theirs that reads its key from a variable.
        invocation.inheritedVariables << QStringLiteral("CODEX_API_KEY")
                                      << QStringLiteral("OPENAI_*");
        const CodexUserConfig config = CodexUserConfig::load(context.parentEnvironment);
        if (!config.providerEnvKey.isEmpty() && m_codex.baseUrl.isEmpty())
            invocation.inheritedVariables << config.providerEnvKey;
    }
    return invocation;
}

std::unique_ptr<CliStreamParser> CodexAdapter::createParser(const AgentRequest &request) const
{
    // The child's environment decides where Codex finds its config.toml.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (auto it = settings().environment.cbegin(); it != settings().environment.cend(); ++it)
        environment.insert(it.key(), it.value());
    CodexParser::Options options;
    options.model = effectiveModel(request.model, environment);
    options.worktree = request.worktree;
    options.endpoint = m_codex.baseUrl.isEmpty() ? QString() : responsesBaseUrl(m_codex.baseUrl);
    options.maxReconnects = m_codex.maxReconnects;
    options.reconnectInactivityMs = m_codex.reconnectInactivityMs;
    return std::make_unique<CodexParser>(options, request.pricer);
}

} // namespace agentdesk::agents
