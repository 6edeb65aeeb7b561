#include "agents/cli/CodexUserConfig.h"

#include <QDir>
#include <QFile>

#include <string_view>

#include <toml++/toml.h>

namespace agentdesk::agents {

namespace {
// config.toml is small; anything bigger is not a Codex configuration.
constexpr qint64 maxConfigBytes = 1024 * 1024;

QString text(const toml::node_view<const toml::node> &node)
{
    const std::optional<std::string_view> value = node.value<std::string_view>();
    return value ? QString::fromUtf8(value->data(), qsizetype(value->size())) : QString();
}
} // namespace

QString CodexUserConfig::codexHome(const QProcessEnvironment &environment)
{
    const QString explicitHome = environment.value(QStringLiteral("CODEX_HOME"));
    if (!explicitHome.isEmpty())
        return QDir::cleanPath(explicitHome);
    return QDir::cleanPath(environment.value(QStringLiteral("HOME"), QDir::homePath()) +
                           QStringLiteral("/.codex"));
}

CodexUserConfig CodexUserConfig::load(const QProcessEnvironment &environment)
{
    const QString home = codexHome(environment);
    QFile file(home + QStringLiteral("/config.toml"));
    if (!file.exists()) {
        CodexUserConfig config;
        config.home = home;
        return config;
    }
    if (file.size() > maxConfigBytes || !file.open(QIODevice::ReadOnly)) {
        CodexUserConfig config;
        config.home = home;
        config.error = QStringLiteral("cannot read %1").arg(file.fileName());
        return config;
    }
    return parse(file.readAll(), home);
}

CodexUserConfig CodexUserConfig::parse(const QByteArray &tomlText, const QString &home)
{
    CodexUserConfig config;
    config.home = home;
    toml::table table;
    // toml++ reports a syntax error by exception; it stops here.
    try {
        table = toml::parse(std::string_view(tomlText.constData(), size_t(tomlText.size())));
    } catch (const toml::parse_error &error) {
        config.error = QStringLiteral("config.toml is not valid TOML: %1")
                           .arg(QString::fromUtf8(error.description().data(),
                                                  qsizetype(error.description().size())));
        return config;
    }
    const toml::table &root = table;
    config.model = text(root["model"]);
    config.provider = text(root["model_provider"]);
    const QString profile = text(root["profile"]);
    if (!profile.isEmpty()) {
        const std::string name = profile.toStdString();
        const auto selected = root["profiles"][name];
        if (const QString model = text(selected["model"]); !model.isEmpty())
            config.model = model;
        if (const QString provider = text(selected["model_provider"]); !provider.isEmpty())
            config.provider = provider;
    }
    if (!config.provider.isEmpty()) {
        const auto provider = root["model_providers"][config.provider.toStdString()];
        config.providerEnvKey = text(provider["env_key"]);
        config.providerBaseUrl = text(provider["base_url"]);
    }
    return config;
}

} // namespace agentdesk::agents
