#include "PathRules.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace agentdesk::tasks::report {

namespace {

QSet<QString> setOf(std::initializer_list<const char *> items)
{
    QSet<QString> set;
    for (const char *item : items)
        set.insert(QString::fromLatin1(item));
    return set;
}

// The folders of a path, without the file name.
QStringList foldersOf(const QString &path)
{
    QStringList parts = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (!parts.isEmpty())
        parts.removeLast();
    return parts;
}

bool matches(const QRegularExpression &expression, const QString &text)
{
    return expression.match(text).hasMatch();
}

// Extensions of source and configuration files, for prompt words without a '/'.
const QSet<QString> &sourceExtensions()
{
    static const QSet<QString> extensions = setOf(
        {"c",     "cc",   "cpp",    "cxx",  "h",     "hh",      "hpp",  "hxx",    "ipp",  "inl",
         "py",    "pyi",  "js",     "jsx",  "ts",    "tsx",     "mjs",  "cjs",    "mts",  "cts",
         "go",    "rs",   "java",   "kt",   "kts",   "swift",   "rb",   "php",    "cs",   "fs",
         "m",     "mm",   "scala",  "sh",   "bash",  "zsh",     "ps1",  "sql",    "json", "yaml",
         "yml",   "toml", "xml",    "html", "css",   "scss",    "less", "md",     "rst",  "txt",
         "cmake", "qml",  "gradle", "lock", "proto", "graphql", "vue",  "svelte", "lua",  "pl",
         "r",     "dart", "ex",     "exs",  "erl",   "hs",      "ml",   "clj",    "ini",  "cfg",
         "conf",  "mod",  "sum",    "ui",   "qrc",   "prisma",  "tf",   "zig",    "nim",  "jl"});
    return extensions;
}

// Product names that end like a file ("Node.js") and words with a slash that are not paths.
const QSet<QString> &notPaths()
{
    static const QSet<QString> words = setOf({"node.js",
                                              "vue.js",
                                              "next.js",
                                              "nuxt.js",
                                              "react.js",
                                              "three.js",
                                              "d3.js",
                                              "express.js",
                                              "chart.js",
                                              "ember.js",
                                              "angular.js",
                                              "backbone.js",
                                              "alpine.js",
                                              "solid.js",
                                              "p5.js",
                                              "socket.io",
                                              "and/or",
                                              "either/or",
                                              "input/output",
                                              "read/write",
                                              "i/o",
                                              "on/off",
                                              "yes/no",
                                              "true/false",
                                              "client/server",
                                              "pros/cons",
                                              "he/she",
                                              "his/her",
                                              "s/he",
                                              "w/o",
                                              "n/a",
                                              "tcp/ip",
                                              "ci/cd",
                                              "ui/ux",
                                              "a/b",
                                              "r/w",
                                              "get/set",
                                              "open/close",
                                              "start/stop",
                                              "before/after",
                                              "frontend/backend",
                                              "front-end/back-end",
                                              "dev/prod",
                                              "x/y",
                                              "load/save",
                                              "import/export",
                                              "encode/decode",
                                              "add/remove",
                                              "show/hide",
                                              "enable/disable"});
    return words;
}

// Files named without an extension that a prompt may name.
const QSet<QString> &extensionlessFileNames()
{
    static const QSet<QString> names =
        setOf({"Makefile", "Dockerfile", "Containerfile", "Gemfile", "Pipfile", "Rakefile",
               "Jenkinsfile", "Procfile", "Vagrantfile", "CMakeLists.txt", "LICENSE"});
    return names;
}

QString stripWord(QString word)
{
    static const QString leading = QStringLiteral("\"'`([{<");
    static const QString trailing = QStringLiteral("\"'`)]}>.,:;!?");
    QString previous;
    while (previous != word) {
        previous = word;
        while (!word.isEmpty() && leading.contains(word.front()))
            word.remove(0, 1);
        while (!word.isEmpty() && trailing.contains(word.back()))
            word.chop(1);
        if (word.size() > 4 && word.startsWith(QLatin1String("**")) &&
            word.endsWith(QLatin1String("**")))
            word = word.mid(2, word.size() - 4); // Markdown bold
    }
    while (word.startsWith(QLatin1String("./")))
        word.remove(0, 2);
    return word;
}

bool isPathLike(const QString &word)
{
    if (word.isEmpty() || notPaths().contains(word.toLower()))
        return false;
    // Absolute and home paths are outside the repository; URLs, e-mail addresses and scoped
    // package names ("@types/node") are not files of it.
    if (word.startsWith(QLatin1Char('/')) || word.startsWith(QLatin1Char('~')) ||
        word.contains(QLatin1String("://")) || word.contains(QLatin1Char('@')) ||
        word.startsWith(QLatin1String("www.")))
        return false;
    static const QRegularExpression pathCharacters(QStringLiteral("^[A-Za-z0-9_.\\-/*+$]+$"));
    static const QRegularExpression letter(QStringLiteral("[A-Za-z]"));
    if (!matches(pathCharacters, word) || !matches(letter, word))
        return false;
    if (word.contains(QLatin1Char('/')))
        return !word.contains(QLatin1String("//"));
    if (extensionlessFileNames().contains(word))
        return true;
    const qsizetype dot = word.lastIndexOf(QLatin1Char('.'));
    return dot > 0 && sourceExtensions().contains(word.mid(dot + 1).toLower());
}

// A prompt path as a regular expression over whole path components: '*' and '?' stay in one
// component, '**' crosses them.
QRegularExpression namedPathExpression(const QString &named)
{
    QString pattern;
    for (qsizetype i = 0; i < named.size(); ++i) {
        const QChar c = named.at(i);
        if (c == QLatin1Char('*') && i + 1 < named.size() && named.at(i + 1) == QLatin1Char('*')) {
            pattern += QLatin1String(".*");
            ++i;
            if (i + 1 < named.size() && named.at(i + 1) == QLatin1Char('/'))
                ++i; // "**/x" also matches "x"
        } else if (c == QLatin1Char('*')) {
            pattern += QLatin1String("[^/]*");
        } else if (c == QLatin1Char('?')) {
            pattern += QLatin1String("[^/]");
        } else {
            pattern += QRegularExpression::escape(QString(c));
        }
    }
    return QRegularExpression(QLatin1String("(?:^|/)") + pattern + QLatin1String("(?:/|$)"));
}

} // namespace

QString fileNameOf(const QString &path)
{
    return path.section(QLatin1Char('/'), -1);
}

QString extensionOf(const QString &path)
{
    const QString name = fileNameOf(path);
    const qsizetype dot = name.lastIndexOf(QLatin1Char('.'));
    return dot > 0 ? name.mid(dot + 1).toLower() : QString();
}

ManifestKind manifestKind(const QString &path)
{
    static const QSet<QString> manifests = setOf({"package.json",
                                                  "Cargo.toml",
                                                  "go.mod",
                                                  "go.work",
                                                  "pyproject.toml",
                                                  "Pipfile",
                                                  "Gemfile",
                                                  "pom.xml",
                                                  "build.gradle",
                                                  "build.gradle.kts",
                                                  "libs.versions.toml",
                                                  "vcpkg.json",
                                                  "composer.json",
                                                  "Package.swift",
                                                  "pubspec.yaml",
                                                  "mix.exs",
                                                  "setup.py",
                                                  "setup.cfg",
                                                  "environment.yml",
                                                  "Directory.Packages.props"});
    static const QSet<QString> lockFiles = setOf({"package-lock.json",  "npm-shrinkwrap.json",
                                                  "yarn.lock",          "pnpm-lock.yaml",
                                                  "bun.lockb",          "bun.lock",
                                                  "Cargo.lock",         "go.sum",
                                                  "go.work.sum",        "Pipfile.lock",
                                                  "poetry.lock",        "uv.lock",
                                                  "pdm.lock",           "Gemfile.lock",
                                                  "composer.lock",      "conan.lock",
                                                  "gradle.lockfile",    "Package.resolved",
                                                  "pubspec.lock",       "mix.lock",
                                                  "packages.lock.json", "flake.lock"});
    const QString name = fileNameOf(path);
    if (lockFiles.contains(name))
        return ManifestKind::LockFile;
    if (manifests.contains(name) || name.endsWith(QLatin1String(".gemspec")) ||
        name.startsWith(QLatin1String("conanfile.")))
        return ManifestKind::Manifest;
    const bool requirementsFolder = foldersOf(path).contains(QLatin1String("requirements"));
    if (name.endsWith(QLatin1String(".txt")) &&
        (name.startsWith(QLatin1String("requirements")) ||
         name.startsWith(QLatin1String("constraints")) || requirementsFolder))
        return ManifestKind::Manifest;
    return ManifestKind::None;
}

bool isTestFileName(const QString &path)
{
    static const QRegularExpression testName(QStringLiteral(
        "^test_.*\\.py$|_tests?\\.py$|^tests\\.py$|_test\\.go$|\\.(test|spec)\\.[cm]?[jt]sx?$|"
        "_(spec|test)\\.rb$|^tst_.*\\.(cpp|cc|cxx|c|h|hpp)$|_(test|unittest)\\.(cpp|cc|cxx|c)$|"
        "Tests?\\.(java|kt|cs|swift|php|scala|groovy)$|^test_.*\\.(cpp|cc|cxx|c|rs)$"));
    return matches(testName, fileNameOf(path));
}

bool isTestPath(const QString &path)
{
    static const QSet<QString> testFolders =
        setOf({"test", "tests", "__tests__", "spec", "specs", "testing", "e2e"});
    for (const QString &folder : foldersOf(path)) {
        if (testFolders.contains(folder.toLower()) ||
            (folder.size() > 5 && folder.endsWith(QLatin1String("Tests"))))
            return true;
    }
    return isTestFileName(path);
}

bool isHeaderPath(const QString &path)
{
    static const QSet<QString> extensions = setOf({"h", "hh", "hpp", "hxx", "h++"});
    return extensions.contains(extensionOf(path));
}

bool isInIncludeDir(const QString &path)
{
    return foldersOf(path).contains(QLatin1String("include"));
}

bool isInterfaceDefinitionPath(const QString &path)
{
    static const QRegularExpression interfaceName(QStringLiteral(
        "\\.d\\.[cm]?ts$|\\.(proto|graphql|gql)$|^(openapi|swagger)\\.(ya?ml|json)$"));
    return matches(interfaceName, fileNameOf(path).toLower());
}

bool isModuleIndexPath(const QString &path)
{
    static const QSet<QString> names = setOf({"index.ts", "index.tsx", "index.js", "index.mjs",
                                              "index.cjs", "__init__.py", "lib.rs", "mod.rs"});
    return names.contains(fileNameOf(path));
}

bool isMigrationPath(const QString &path)
{
    static const QSet<QString> folders = setOf({"migrations", "migration", "migrate"});
    const QStringList pathFolders = foldersOf(path);
    for (const QString &folder : pathFolders) {
        if (folders.contains(folder.toLower()))
            return true;
    }
    const QString lower = path.toLower();
    const QString name = fileNameOf(lower);
    if (lower.contains(QLatin1String("alembic/versions/")))
        return true;
    if (name.contains(QLatin1String("migration")) && !isTestPath(path) && !isProsePath(path))
        return true;
    return name.endsWith(QLatin1String(".prisma")) ||
           lower.endsWith(QLatin1String("db/schema.rb")) || name == QLatin1String("schema.sql") ||
           name == QLatin1String("structure.sql");
}

bool isProsePath(const QString &path)
{
    static const QSet<QString> extensions =
        setOf({"md", "markdown", "rst", "txt", "adoc", "asciidoc", "org", "html", "htm"});
    return extensions.contains(extensionOf(path));
}

QStringList pathsNamedIn(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[\\s,;]+"));
    QStringList named;
    for (const QString &raw : text.split(separators, Qt::SkipEmptyParts)) {
        QString word = stripWord(raw);
        if (!isPathLike(word))
            continue;
        while (word.endsWith(QLatin1Char('/')))
            word.chop(1); // "tests/" names the folder "tests"
        if (!word.isEmpty())
            named << word;
    }
    std::sort(named.begin(), named.end());
    named.erase(std::unique(named.begin(), named.end()), named.end());
    return named;
}

bool isWithinNamedPath(const QString &path, const QStringList &named)
{
    return std::any_of(named.cbegin(), named.cend(), [&path](const QString &name) {
        return namedPathExpression(name).match(path).hasMatch();
    });
}

} // namespace agentdesk::tasks::report
