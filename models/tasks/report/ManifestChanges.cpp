#include "ManifestChanges.h"

#include "PathRules.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace agentdesk::tasks::report {

namespace {

// What one changed line of a manifest touches.
struct LineVerdict
{
    bool dependency = false;
    bool unknown = false; // its section is not visible in the diff
    QString section;
};

QSet<QString> setOf(std::initializer_list<const char *> items)
{
    QSet<QString> set;
    for (const char *item : items)
        set.insert(QString::fromLatin1(item));
    return set;
}

bool isPunctuationOnly(const QString &trimmed)
{
    static const QRegularExpression punctuation(QStringLiteral("^[\\[\\]{},]*$"));
    return punctuation.match(trimmed).hasMatch();
}

// ---- package.json ----------------------------------------------------------------------

const QSet<QString> &jsonDependencySections()
{
    static const QSet<QString> sections =
        setOf({"dependencies", "devDependencies", "peerDependencies", "optionalDependencies",
               "bundledDependencies", "bundleDependencies", "peerDependenciesMeta",
               "dependenciesMeta", "overrides", "resolutions", "engines", "packageManager"});
    return sections;
}

// Top-level keys that never sit inside a dependency section, so a change under one of them
// is known not to touch dependencies even when the file's root is not in the diff.
const QSet<QString> &jsonOtherSections()
{
    static const QSet<QString> sections =
        setOf({"scripts",     "config",       "jest",          "eslintConfig", "prettier",
               "babel",       "browserslist", "publishConfig", "repository",   "bugs",
               "directories", "exports",      "imports",       "husky",        "lint-staged",
               "files",       "keywords",     "contributors",  "funding",      "workspaces",
               "bin",         "man",          "author"});
    return sections;
}

QString jsonKey(const QString &text)
{
    static const QRegularExpression key(QStringLiteral("^\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*:"));
    return key.match(text).captured(1);
}

// An entry whose value reads like a version range or a package source: "^1.2.0", ">=18",
// "workspace:*", "npm:other@1", "git+https://...", "file:../x".
bool looksLikeDependencyEntry(const QString &text)
{
    static const QRegularExpression entry(QStringLiteral("^\\s*\"([^\"]+)\"\\s*:\\s*\"([^\"]*)\""));
    static const QRegularExpression versionish(QStringLiteral(
        "^(?:[\\^~]|[<>]=?|=)?\\s*v?\\d+(?:\\.(?:\\d+|x|\\*))*(?:[-+][\\w.]+)?(?:\\s.*)?$|"
        "^(?:\\*|latest|next|(?:workspace|npm|file|link|portal|github|git(?:\\+\\w+)?):.*|"
        "https?://.*\\.(?:tgz|tar\\.gz))$"));
    static const QSet<QString> notDependencies =
        setOf({"name", "version", "description", "main", "module", "types", "typings", "license",
               "homepage", "type"});
    const QRegularExpressionMatch match = entry.match(text);
    return match.hasMatch() && !notDependencies.contains(match.captured(1)) &&
           versionish.match(match.captured(2)).hasMatch();
}

LineVerdict classifyJsonLine(const git::FileDelta &delta, const git::DiffHunk &hunk, int index)
{
    static const QRegularExpression sectionKey(
        QStringLiteral("\"(dependencies|devDependencies|peerDependencies|optionalDependencies|"
                       "bundledDependencies|bundleDependencies|peerDependenciesMeta|"
                       "dependenciesMeta|overrides|resolutions|engines|packageManager)\"\\s*:"));
    const git::DiffLine &changed = delta.lines[index];
    const QString text = lineString(delta, changed);
    if (const QRegularExpressionMatch match = sectionKey.match(text); match.hasMatch())
        return {true, false, match.captured(1)};
    // Walk back to the enclosing keys: each earlier line on this side that is less indented.
    QStringList chain;
    int threshold = indentationOf(text);
    for (int j = index - 1; j >= hunk.firstLine && threshold > 0; --j) {
        const git::DiffLine &line = delta.lines[j];
        if (!sameSide(line, changed))
            continue;
        const QString other = lineString(delta, line);
        const QString trimmed = other.trimmed();
        const int indentation = indentationOf(other);
        if (trimmed.isEmpty() || indentation >= threshold)
            continue;
        threshold = indentation;
        if (trimmed == QLatin1String("{") && indentation == 0) {
            // The file's root: the outermost key seen (or the line's own) is top-level.
            const QString topLevel = chain.isEmpty() ? jsonKey(text) : chain.last();
            return {false, false, topLevel};
        }
        const QString key = jsonKey(other);
        if (key.isEmpty() ||
            !(trimmed.endsWith(QLatin1Char('{')) || trimmed.endsWith(QLatin1Char('['))))
            continue;
        if (jsonDependencySections().contains(key))
            return {true, false, key};
        chain << key;
    }
    if (!chain.isEmpty() && jsonOtherSections().contains(chain.last()))
        return {false, false, chain.last()};
    return {looksLikeDependencyEntry(text), true, QString()};
}

// ---- TOML manifests ---------------------------------------------------------------------

// A table header starts its line (an indented "[...]" is an array value).
QString tomlHeader(const QString &text)
{
    static const QRegularExpression header(
        QStringLiteral("^\\[\\[?\\s*([^\\]]+?)\\s*\\]\\]?\\s*(?:#.*)?$"));
    return header.match(text).captured(1);
}

QString tomlKey(const QString &text)
{
    static const QRegularExpression key(QStringLiteral("^\\s*\"?([A-Za-z0-9_.\\-]+)\"?\\s*="));
    return key.match(text).captured(1);
}

// A key opening a multi-line array: `dependencies = [` with no `]` after it.
QString tomlArrayOpener(const QString &text)
{
    static const QRegularExpression opener(
        QStringLiteral("^\\s*\"?([A-Za-z0-9_.\\-]+)\"?\\s*=\\s*\\[[^\\]]*$"));
    return opener.match(text).captured(1);
}

// Keys of a package's own metadata, which no dependency table uses as a name.
const QSet<QString> &tomlMetadataKeys()
{
    static const QSet<QString> keys =
        setOf({"name", "version", "edition", "description", "authors", "license", "license-file",
               "readme", "rust-version", "requires-python", "homepage", "repository",
               "documentation", "keywords", "categories", "publish", "classifiers"});
    return keys;
}

bool isTomlDependency(const QString &fileName, const QString &section, const QString &key)
{
    static const QRegularExpression cargoSection(
        QStringLiteral("(^|\\.)(dev-|build-)?dependencies(\\.|$)|^patch(\\.|$)|^replace$"));
    static const QRegularExpression pythonSection(
        QStringLiteral("(^|\\.)(dev-|optional-)?dependencies(\\.|$)|^dependency-groups$"));
    static const QRegularExpression pythonKey(QStringLiteral("^(dev-|optional-)?dependencies$"));
    if (fileName == QLatin1String("Cargo.toml"))
        return cargoSection.match(section).hasMatch();
    if (fileName == QLatin1String("Pipfile"))
        return setOf({"packages", "dev-packages", "requires", "source"}).contains(section);
    return pythonSection.match(section).hasMatch() || pythonKey.match(key).hasMatch() ||
           (section == QLatin1String("build-system") && key == QLatin1String("requires"));
}

LineVerdict classifyTomlLine(const git::FileDelta &delta, const git::DiffHunk &hunk, int index,
                             const QString &fileName)
{
    const git::DiffLine &changed = delta.lines[index];
    const QString text = lineString(delta, changed);
    QString section = tomlHeader(text);
    bool found = !section.isEmpty();
    QString key = tomlKey(text);
    bool arrayClosed = false;
    for (int j = index - 1; j >= hunk.firstLine && !found; --j) {
        const git::DiffLine &line = delta.lines[j];
        if (!sameSide(line, changed))
            continue;
        const QString other = lineString(delta, line);
        section = tomlHeader(other);
        found = !section.isEmpty();
        if (found || !key.isEmpty() || arrayClosed)
            continue;
        if (other.trimmed().startsWith(QLatin1Char(']')))
            arrayClosed = true;
        else
            key = tomlArrayOpener(other);
    }
    const int sideStart = changed.origin == '-' ? hunk.oldStart : hunk.newStart;
    if (!found && sideStart > 1) {
        // The section is not in the diff. Package metadata keys are never dependencies;
        // anything else is counted, to be safe.
        if (tomlMetadataKeys().contains(key) && !isTomlDependency(fileName, QString(), key))
            return {false, false, QString()};
        return {true, true, QString()};
    }
    if (!isTomlDependency(fileName, section, key))
        return {false, false, section};
    const bool keyLevel = !isTomlDependency(fileName, section, QString());
    const QString label = keyLevel && !section.isEmpty() ? section + QLatin1Char('.') + key
                          : keyLevel                     ? key
                                                         : section;
    return {true, false, label};
}

bool isCommentOrBlank(const QString &trimmed, bool toml)
{
    return trimmed.isEmpty() || (toml && trimmed.startsWith(QLatin1Char('#')));
}

ManifestChange analyzeBySection(const git::FileDelta &delta, bool toml)
{
    const QString fileName = fileNameOf(delta.displayPath());
    ManifestChange change;
    QSet<QString> sections;
    for (const git::DiffHunk &hunk : delta.hunks) {
        for (int i = hunk.firstLine; i < hunk.firstLine + hunk.lineCount; ++i) {
            const git::DiffLine &line = delta.lines[i];
            if (line.origin == ' ')
                continue;
            const QString trimmed = lineString(delta, line).trimmed();
            if (isCommentOrBlank(trimmed, toml) || isPunctuationOnly(trimmed))
                continue;
            const LineVerdict verdict = toml ? classifyTomlLine(delta, hunk, i, fileName)
                                             : classifyJsonLine(delta, hunk, i);
            if (!verdict.dependency)
                continue;
            if (!change.dependencies || (change.at.oldSide && line.origin == '+'))
                change.at = refOf(line);
            change.dependencies = true;
            change.sectionUnknown = change.sectionUnknown || verdict.unknown;
            if (!verdict.section.isEmpty())
                sections.insert(verdict.section);
        }
    }
    change.sections = QStringList(sections.cbegin(), sections.cend());
    std::sort(change.sections.begin(), change.sections.end());
    return change;
}

} // namespace

ManifestChange analyzeManifestChange(const git::FileDelta &delta)
{
    ManifestChange change;
    const QString path = delta.displayPath();
    const ManifestKind kind = std::max(manifestKind(delta.oldPath), manifestKind(delta.newPath));
    if (kind == ManifestKind::None || !changesContent(delta))
        return change;
    const QString fileName = fileNameOf(path);
    const bool json = fileName == QLatin1String("package.json");
    const bool toml = fileName == QLatin1String("Cargo.toml") ||
                      fileName == QLatin1String("pyproject.toml") ||
                      fileName == QLatin1String("Pipfile");
    const bool readable = !delta.binary && !delta.tooLarge && !delta.lines.empty();
    const bool edited =
        delta.status == git::DeltaStatus::Modified || delta.status == git::DeltaStatus::Renamed;
    if ((json || toml) && readable && edited)
        return analyzeBySection(delta, toml);
    // Lock files and other manifests, and a section-read manifest that appeared, disappeared,
    // moved without edits or cannot be read: any change is a dependency change.
    change.dependencies = true;
    const bool wholeFile =
        delta.status == git::DeltaStatus::Added || delta.status == git::DeltaStatus::Deleted;
    change.at = wholeFile ? LineRef{} : firstChangedLine(delta);
    if ((json || toml) && readable) {
        const ManifestChange sections = analyzeBySection(delta, toml);
        change.sections = sections.sections;
    }
    return change;
}

} // namespace agentdesk::tasks::report
