#include "tasks/environment/EnvironmentRecipe.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <toml++/toml.h>

namespace agentdesk::tasks {

namespace {

// A recipe is a handful of lines; anything bigger is not one.
constexpr qint64 kMaxRecipeSize = 256 * 1024;
constexpr int kMaxPorts = 100;

QString fromStd(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

Error invalid(const QString &fileName, const toml::node &node, const QString &what)
{
    const auto line = node.source().begin.line;
    return Error{QStringLiteral("recipe-invalid"),
                 line > 0 ? QStringLiteral("%1 line %2: %3").arg(fileName).arg(line).arg(what)
                          : QStringLiteral("%1: %2").arg(fileName, what)};
}

// A string or a list of strings.
Result<QStringList> strings(const QString &fileName, const toml::node &node, const QString &key)
{
    if (const auto *text = node.as_string())
        return QStringList{fromStd(text->get())};
    const auto *array = node.as_array();
    if (!array)
        return invalid(fileName, node,
                       QStringLiteral("%1 must be a string or a list of strings").arg(key));
    QStringList out;
    for (const toml::node &item : *array) {
        const auto *text = item.as_string();
        if (!text)
            return invalid(fileName, item,
                           QStringLiteral("%1 must be a string or a list of strings").arg(key));
        out.append(fromStd(text->get()));
    }
    return out;
}

} // namespace

Result<EnvironmentRecipe> EnvironmentRecipe::parse(const QByteArray &text, const QString &fileName)
{
    toml::table table;
    try {
        table = toml::parse(std::string_view(text.constData(), size_t(text.size())));
    } catch (const toml::parse_error &error) {
        const auto line = error.source().begin.line;
        return Error{QStringLiteral("recipe-invalid"),
                     QStringLiteral("%1 line %2: not valid TOML: %3")
                         .arg(fileName)
                         .arg(line)
                         .arg(fromStd(error.description()))};
    }
    EnvironmentRecipe recipe;
    static const QRegularExpression variableName(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    for (const auto &[rawKey, node] : table) {
        const QString key = fromStd(rawKey.str());
        if (key == QLatin1String("setup")) {
            Result<QStringList> commands = strings(fileName, node, key);
            if (!commands)
                return commands.error();
            QStringList kept;
            for (const QString &command : *commands)
                if (!command.trimmed().isEmpty())
                    kept.append(command);
            recipe.setup = kept;
        } else if (key == QLatin1String("test")) {
            const auto *value = node.as_string();
            if (!value || fromStd(value->get()).trimmed().isEmpty())
                return invalid(fileName, node, QStringLiteral("test must be a non-empty string"));
            recipe.test = fromStd(value->get());
        } else if (key == QLatin1String("ports")) {
            const auto *value = node.as_integer();
            if (!value || value->get() < 0 || value->get() > kMaxPorts)
                return invalid(
                    fileName, node,
                    QStringLiteral("ports must be a whole number from 0 to %1").arg(kMaxPorts));
            recipe.ports = int(value->get());
        } else if (key == QLatin1String("include")) {
            Result<QStringList> patterns = strings(fileName, node, key);
            if (!patterns)
                return patterns.error();
            recipe.include = *patterns;
        } else if (key == QLatin1String("env")) {
            const auto *env = node.as_table();
            if (!env)
                return invalid(fileName, node, QStringLiteral("env must be a table ([env])"));
            for (const auto &[rawName, valueNode] : *env) {
                const QString name = fromStd(rawName.str());
                if (!variableName.match(name).hasMatch())
                    return invalid(fileName, valueNode,
                                   QStringLiteral("env: %1 is not a variable name").arg(name));
                const auto *value = valueNode.as_string();
                if (!value)
                    return invalid(fileName, valueNode,
                                   QStringLiteral("env: %1 must be a string").arg(name));
                recipe.env.append({name, fromStd(value->get())});
            }
        } else if (key == QLatin1String("cache")) {
            const auto *cache = node.as_table();
            if (!cache)
                return invalid(fileName, node, QStringLiteral("cache must be a table ([cache])"));
            for (const auto &[rawName, valueNode] : *cache) {
                const QString name = fromStd(rawName.str());
                if (name != QLatin1String("paths") && name != QLatin1String("key"))
                    return invalid(
                        fileName, valueNode,
                        QStringLiteral("cache: unknown key %1 (known: paths, key)").arg(name));
                Result<QStringList> values =
                    strings(fileName, valueNode, QStringLiteral("cache.") + name);
                if (!values)
                    return values.error();
                for (const QString &value : *values) {
                    const QString clean = QDir::cleanPath(value);
                    if (clean.isEmpty() || clean == QLatin1String(".") ||
                        QDir::isAbsolutePath(clean) || clean == QLatin1String("..") ||
                        clean.startsWith(QLatin1String("../")) || clean == QLatin1String(".git") ||
                        clean.startsWith(QLatin1String(".git/")))
                        return invalid(fileName, valueNode,
                                       QStringLiteral("cache.%1: %2 is not a path inside the "
                                                      "checkout")
                                           .arg(name, value));
                    (name == QLatin1String("paths") ? recipe.cachePaths : recipe.cacheKey)
                        .append(clean);
                }
            }
            if (!recipe.cachePaths.isEmpty() && recipe.cacheKey.isEmpty())
                return invalid(fileName, node,
                               QStringLiteral("cache needs a key (the files whose contents name "
                                              "it, such as a lockfile)"));
        } else {
            return invalid(fileName, node,
                           QStringLiteral("unknown key %1 (known: setup, test, ports, include, "
                                          "[env], [cache])")
                               .arg(key));
        }
    }
    return recipe;
}

Result<std::optional<EnvironmentRecipe>> EnvironmentRecipe::load(const QString &directory)
{
    const QString path = QDir(directory).filePath(QString::fromLatin1(kRelativePath));
    QFile file(path);
    if (!file.exists())
        return std::optional<EnvironmentRecipe>();
    if (file.size() > kMaxRecipeSize)
        return Error{
            QStringLiteral("recipe-invalid"),
            QStringLiteral("%1 is too big to be a recipe").arg(QString::fromLatin1(kRelativePath))};
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("recipe-invalid"), QStringLiteral("cannot read %1").arg(path)};
    Result<EnvironmentRecipe> recipe = parse(file.readAll());
    if (!recipe)
        return recipe.error();
    return std::optional<EnvironmentRecipe>(std::move(recipe).value());
}

QString EnvironmentRecipe::substitute(QString value, const QString &taskId, int port)
{
    value.replace(QStringLiteral("${AGENTDESK_TASK_ID}"), taskId);
    value.replace(QStringLiteral("${AGENTDESK_PORT}"),
                  port > 0 ? QString::number(port) : QString());
    return value;
}

QList<QPair<QString, QString>> EnvironmentRecipe::environment(const QString &taskId, int port) const
{
    QList<QPair<QString, QString>> out;
    for (const auto &[name, value] : env)
        out.append({name, substitute(value, taskId, port)});
    return out;
}

} // namespace agentdesk::tasks
