#include "ValidationCommand.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace agentdesk::tasks {

namespace {

QByteArray readSmall(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.read(1024 * 1024) : QByteArray();
}

bool hasNpmTestScript(const QDir &root)
{
    const QJsonObject package =
        QJsonDocument::fromJson(readSmall(root.filePath(QStringLiteral("package.json")))).object();
    const QString test = package.value(QStringLiteral("scripts"))
                             .toObject()
                             .value(QStringLiteral("test"))
                             .toString()
                             .trimmed();
    // `npm init` writes a test script that only fails; it is not a test suite.
    return !test.isEmpty() && !test.contains(QLatin1String("no test specified"));
}

bool hasPytestConfiguration(const QDir &root)
{
    if (root.exists(QStringLiteral("pytest.ini")) || root.exists(QStringLiteral("conftest.py")))
        return true;
    const auto contains = [&root](const char *file, const char *section) {
        return readSmall(root.filePath(QString::fromLatin1(file))).contains(section);
    };
    if (contains("pyproject.toml", "[tool.pytest") || contains("setup.cfg", "[tool:pytest]") ||
        contains("tox.ini", "[pytest]"))
        return true;
    const QDir tests(root.filePath(QStringLiteral("tests")));
    return tests.exists() &&
           (!tests
                 .entryList({QStringLiteral("test_*.py"), QStringLiteral("*_test.py")}, QDir::Files)
                 .isEmpty());
}

bool hasMakeTestTarget(const QDir &root)
{
    for (const char *name : {"GNUmakefile", "makefile", "Makefile"}) {
        const QByteArray text = readSmall(root.filePath(QString::fromLatin1(name)));
        static const QRegularExpression target(QStringLiteral(R"((^|\n)test\s*:(?!=))"));
        if (target.match(QString::fromUtf8(text)).hasMatch())
            return true;
    }
    return false;
}

ValidationCommand make(const char *kind, const char *command, const char *reason)
{
    return {QString::fromLatin1(kind), QString::fromLatin1(command), QString::fromLatin1(reason)};
}

} // namespace

std::optional<ValidationCommand> ValidationCommand::detect(const QString &directory)
{
    const QDir root(directory);
    if (!root.exists())
        return std::nullopt;
    if (root.exists(QStringLiteral("CMakeLists.txt"))) {
        return make("cmake",
                    "cmake -S . -B \"$VALIDATION_BUILD_DIR/cmake\" -DCMAKE_BUILD_TYPE=Debug && "
                    "cmake --build \"$VALIDATION_BUILD_DIR/cmake\" --parallel && "
                    "ctest --test-dir \"$VALIDATION_BUILD_DIR/cmake\" --output-on-failure",
                    "CMakeLists.txt at the root");
    }
    if (root.exists(QStringLiteral("package.json")) && hasNpmTestScript(root))
        return make("npm", "npm test", "a \"test\" script in package.json");
    if (hasPytestConfiguration(root)) {
        return make("pytest", "python3 -m pytest -rA -p no:cacheprovider",
                    "pytest configuration or a tests folder of test_*.py");
    }
    if (root.exists(QStringLiteral("Cargo.toml"))) {
        return make("cargo", "CARGO_TARGET_DIR=\"$VALIDATION_BUILD_DIR/cargo\" cargo test",
                    "Cargo.toml at the root");
    }
    if (root.exists(QStringLiteral("go.mod"))) {
        return make("go", "GOCACHE=\"$VALIDATION_BUILD_DIR/go-build\" go test -v ./...",
                    "go.mod at the root");
    }
    if (hasMakeTestTarget(root))
        return make("make", "make test", "a Makefile with a test target");
    return std::nullopt;
}

ValidationCommand ValidationCommand::custom(const QString &shellCommand)
{
    return {QStringLiteral("custom"), shellCommand.trimmed(), QStringLiteral("given in the task")};
}

} // namespace agentdesk::tasks
