#include "FileDeltaFactory.h"
#include "ReportTestSupport.h"
#include "git/GitLibrary.h"
#include "tasks/report/DecisionDetector.h"

#include <QtTest>

using namespace agentdesk;
using namespace agentdesk::tasks;
using namespace agentdesk::tasks::report;
using agentdesk::test::commitAndDiff;
using agentdesk::test::describe;
using agentdesk::test::TempRepository;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QStringList list(std::initializer_list<const char *> items)
{
    QStringList result;
    for (const char *item : items)
        result << s(item);
    return result;
}

// path -> content; a null `content` deletes the path.
QVariantMap files(std::initializer_list<std::pair<const char *, const char *>> entries)
{
    QVariantMap map;
    for (const auto &[path, content] : entries)
        map.insert(s(path), content ? QVariant(QByteArray(content)) : QVariant());
    return map;
}

const char *const kPackageJson = R"({
  "name": "demo",
  "version": "1.0.0",
  "scripts": {
    "build": "tsc",
    "test": "jest"
  },
  "dependencies": {
    "left-pad": "^1.3.0"
  },
  "devDependencies": {
    "jest": "^29.0.0"
  }
}
)";

QByteArray replaced(const char *text, const char *from, const char *to)
{
    return QByteArray(text).replace(from, to);
}

// A package.json whose `section` holds twelve entries, the tenth changed when `changed`.
QByteArray longSection(const char *section, bool changed, bool scripts)
{
    QByteArray text = QByteArray("{\n  \"name\": \"big\",\n  \"") + section + "\": {\n";
    for (int i = 1; i <= 12; ++i) {
        QByteArray value = QByteArray::number(i);
        value = scripts ? QByteArray("node tools/step").append(value).append(".js")
                        : QByteArray("^1.0.").append(value);
        if (changed && i == 10)
            value += scripts ? " --fast" : "-beta";
        text += "    \"entry-" + QByteArray::number(i) + "\": \"" + value + "\"" +
                (i < 12 ? "," : "") + "\n";
    }
    return text + "  }\n}\n";
}

const char *const kCargoToml = R"([package]
name = "demo"
version = "0.1.0"
edition = "2021"

[dependencies]
serde = "1"
)";

const char *const kPyproject = R"([project]
dependencies = [
    "requests>=2",
]
name = "demo"
version = "0.1.0"

[tool.pytest.ini_options]
addopts = "-q"
)";

const char *const kPythonTests = R"(import pytest


def test_a():
    assert True


def test_b():
    assert True
)";

const char *const kQtTest = R"(#include <QtTest>

class TestDemo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void first() { QVERIFY(true); }
    void second() { QVERIFY(true); }
};
)";

const char *const kRustLib = R"(pub fn add(a: i32, b: i32) -> i32 { a + b }

#[cfg(test)]
mod tests {
    #[test]
    fn adds() { assert_eq!(super::add(1, 2), 3); }

    #[test]
    fn adds_zero() { assert_eq!(super::add(0, 2), 2); }
}
)";

} // namespace

class TestReportDetection : public QObject
{
    Q_OBJECT

private:
    git::GitLibrary m_library;

    static void addColumns()
    {
        QTest::addColumn<QVariantMap>("base");
        QTest::addColumn<QVariantMap>("head");
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QStringList>("expected");
    }

    static void row(const char *name, const QVariantMap &base, const QVariantMap &head,
                    const QStringList &expected, const char *prompt = "")
    {
        QTest::newRow(name) << base << head << s(prompt) << expected;
    }

    static void dependencyRows()
    {
        const QVariantMap package = files({{"package.json", kPackageJson}});
        row("package.json: a dependency added", package,
            {{s("package.json"), replaced(kPackageJson, "    \"left-pad\"",
                                          "    \"lodash\": \"^4.17.21\",\n    \"left-pad\"")}},
            list({"dependency-manifest package.json:9"}));
        row("package.json: a devDependency's version", package,
            {{s("package.json"), replaced(kPackageJson, "^29.0.0", "^30.0.0")}},
            list({"dependency-manifest package.json:12"}));
        row("package.json: only a script changed", package,
            {{s("package.json"), replaced(kPackageJson, "\"tsc\"", "\"tsc -p .\"")}}, {});
        row("package.json: version bump", package,
            {{s("package.json"), replaced(kPackageJson, "1.0.0", "1.1.0")}}, {});
        row("package.json: deep in a long scripts block",
            {{s("package.json"), longSection("scripts", false, true)}},
            {{s("package.json"), longSection("scripts", true, true)}}, {});
        row("package.json: deep in a long dependencies block",
            {{s("package.json"), longSection("dependencies", false, false)}},
            {{s("package.json"), longSection("dependencies", true, false)}},
            list({"dependency-manifest package.json:13"}));
        row("package.json added", {}, package, list({"dependency-manifest package.json:0"}));
        row("yarn.lock changed",
            files({{"yarn.lock", "# yarn lockfile v1\n\nleft-pad@^1.3.0:\n  version \"1.3.0\"\n"}}),
            files({{"yarn.lock", "# yarn lockfile v1\n\nleft-pad@^1.3.0:\n  version \"1.3.1\"\n"}}),
            list({"dependency-manifest yarn.lock:4"}));
        row("Cargo.toml: [package] version", files({{"Cargo.toml", kCargoToml}}),
            {{s("Cargo.toml"), replaced(kCargoToml, "0.1.0", "0.2.0")}}, {});
        row("Cargo.toml: a dependency added", files({{"Cargo.toml", kCargoToml}}),
            {{s("Cargo.toml"), QByteArray(kCargoToml).append("anyhow = \"1\"\n")}},
            list({"dependency-manifest Cargo.toml:8"}));
        row("pyproject.toml: [project] dependencies", files({{"pyproject.toml", kPyproject}}),
            {{s("pyproject.toml"),
              replaced(kPyproject, "\"requests>=2\",\n", "\"requests>=2\",\n    \"rich>=13\",\n")}},
            list({"dependency-manifest pyproject.toml:4"}));
        row("pyproject.toml: pytest options", files({{"pyproject.toml", kPyproject}}),
            {{s("pyproject.toml"), replaced(kPyproject, "-q", "-x")}}, {});
        row("pyproject.toml: version, section out of sight",
            files({{"pyproject.toml", kPyproject}}),
            {{s("pyproject.toml"), replaced(kPyproject, "0.1.0", "0.2.0")}}, {});
        row("requirements-dev.txt", files({{"requirements-dev.txt", "pytest==7.0\n"}}),
            files({{"requirements-dev.txt", "pytest==8.0\n"}}),
            list({"dependency-manifest requirements-dev.txt:1"}));
        row("go.mod require added", files({{"go.mod", "module demo\n\ngo 1.21\n"}}),
            files({{"go.mod", "module demo\n\ngo 1.21\n\nrequire golang.org/x/text v0.14.0\n"}}),
            list({"dependency-manifest go.mod:5"}));
        row("README mentioning dependencies", files({{"README.md", "Install the dependencies.\n"}}),
            files({{"README.md", "Install the dependencies with npm.\n"}}), {});
    }

    static void migrationAndApiRows()
    {
        row("rails migration added", {},
            files({{"db/migrate/20240101000000_add_users.rb", "class AddUsers; end\n"}}),
            list({"migration db/migrate/20240101000000_add_users.rb:0"}));
        row("django migration edited",
            files({{"app/migrations/0001_initial.py", "a = 1\nb = 2\nc = 3\n"}}),
            files({{"app/migrations/0001_initial.py", "a = 1\nb = 20\nc = 3\n"}}),
            list({"migration app/migrations/0001_initial.py:2"}));
        row("DDL in a .sql file", files({{"sql/setup.sql", "SELECT 1;\n"}}),
            files({{"sql/setup.sql", "SELECT 1;\nALTER TABLE users ADD COLUMN age INT;\n"}}),
            list({"migration sql/setup.sql:2"}));
        row("query-only .sql file", files({{"sql/report.sql", "SELECT a FROM t;\n"}}),
            files({{"sql/report.sql", "SELECT a, b FROM t;\n"}}), {});
        row("a migration guide is prose", files({{"docs/migration-guide.md", "Step 1\n"}}),
            files({{"docs/migration-guide.md", "Step 1\nStep 2\n"}}), {});
        row("a migration test is a test", files({{"tests/test_migrations.py", "x = 1\n"}}),
            files({{"tests/test_migrations.py", "x = 2\n"}}), {});

        row("public header under include/", files({{"include/demo/api.h", "int f();\n"}}),
            files({{"include/demo/api.h", "int f();\nint g();\n"}}),
            list({"public-api include/demo/api.h:2"}));
        row("private header, additions only", files({{"src/detail.h", "int f();\n"}}),
            files({{"src/detail.h", "int f();\nint g();\n"}}), {});
        row("private header, declaration changed",
            files({{"src/detail.h", "int f();\nint g();\n"}}),
            files({{"src/detail.h", "int f();\nlong g();\n"}}),
            list({"public-api src/detail.h:2"}));
        row("header deleted", files({{"src/old.h", "int f();\n"}}), files({{"src/old.h", nullptr}}),
            list({"public-api src/old.h:0"}));
        row("header comment changed", files({{"src/detail.h", "// a\nint f();\n"}}),
            files({{"src/detail.h", "// b\nint f();\n"}}), {});
        row(".d.ts changed", files({{"types/index.d.ts", "export declare function f(): void;\n"}}),
            files({{"types/index.d.ts",
                    "export declare function f(): void;\nexport declare function g(): void;\n"}}),
            list({"public-api types/index.d.ts:2"}));
        row("index.ts export removed",
            files({{"src/index.ts", "export { a } from './a';\nexport { b } from './b';\n"}}),
            files({{"src/index.ts", "export { a } from './a';\n"}}),
            list({"public-api src/index.ts:2(old)"}));
        row("__init__.py import added", files({{"pkg/__init__.py", "from .a import a\n"}}),
            files({{"pkg/__init__.py", "from .a import a\nfrom .b import b\n"}}),
            list({"public-api pkg/__init__.py:2"}));
        row("export added outside an index", files({{"src/util.ts", "export const a = 1;\n"}}),
            files({{"src/util.ts", "export const a = 1;\nexport const b = 2;\n"}}), {});
        row("exported Go function removed",
            files({{"lib/lib.go", "package lib\n\nfunc Add(a, b int) int { return a + b }\n\n"
                                  "func Sub(a, b int) int { return a - b }\n"}}),
            files({{"lib/lib.go", "package lib\n\nfunc Add(a, b int) int { return a + b }\n"}}),
            list({"public-api lib/lib.go:5(old)"}));
    }

    static void deletedTestRows()
    {
        const QVariantMap tests = files({{"tests/test_parser.py", kPythonTests}});
        row("test file deleted", tests, files({{"tests/test_parser.py", nullptr}}),
            list({"tests-deleted tests/test_parser.py:0"}));
        row("test file modified is not deleted", tests,
            {{s("tests/test_parser.py"),
              QByteArray(kPythonTests).append("\n\ndef test_c():\n    assert True\n")}},
            {});
        row("test function removed", tests,
            {{s("tests/test_parser.py"),
              replaced(kPythonTests, "\n\ndef test_b():\n    assert True\n", "")}},
            list({"tests-deleted tests/test_parser.py:8(old)"}));
        row("test function moved to another file", tests,
            {{s("tests/test_parser.py"),
              replaced(kPythonTests, "\n\ndef test_b():\n    assert True\n", "")},
             {s("tests/test_lexer.py"), QByteArray("def test_b():\n    assert True\n")}},
            {});
        row("test function moved into an existing test file",
            files({{"tests/test_parser.py", kPythonTests},
                   {"tests/test_lexer.py", "import re\n\n\ndef test_tokens():\n    assert re\n"}}),
            {{s("tests/test_parser.py"),
              replaced(kPythonTests, "\n\ndef test_b():\n    assert True\n", "")},
             {s("tests/test_lexer.py"),
              QByteArray("import re\n\n\ndef test_tokens():\n    assert re\n\n\ndef test_b():\n"
                         "    assert True\n")}},
            {});
        row("go test file deleted", files({{"pkg/parse_test.go", "package pkg\n"}}),
            files({{"pkg/parse_test.go", nullptr}}), list({"tests-deleted pkg/parse_test.go:0"}));
        row("ts test file deleted", files({{"web/app.test.ts", "it('works', () => {});\n"}}),
            files({{"web/app.test.ts", nullptr}}), list({"tests-deleted web/app.test.ts:0"}));
        row("rspec file deleted", files({{"spec/models/user_spec.rb", "describe User do\nend\n"}}),
            files({{"spec/models/user_spec.rb", nullptr}}),
            list({"tests-deleted spec/models/user_spec.rb:0"}));
        row("test file moved out of the tests", tests,
            {{s("tests/test_parser.py"), QVariant()},
             {s("scripts/parser_checks.py"), QByteArray(kPythonTests)}},
            list({"tests-deleted scripts/parser_checks.py:0"}));
        row("a helper outside the tests deleted", files({{"src/testing_utils.py", "x = 1\n"}}),
            files({{"src/testing_utils.py", nullptr}}), {});
        row("Qt test slot removed", files({{"tests/tst_demo.cpp", kQtTest}}),
            {{s("tests/tst_demo.cpp"),
              replaced(kQtTest, "    void second() { QVERIFY(true); }\n", "")}},
            list({"tests-deleted tests/tst_demo.cpp:9(old)"}));
        row("Rust #[test] removed", files({{"src/lib.rs", kRustLib}}),
            {{s("src/lib.rs"),
              replaced(kRustLib,
                       "\n    #[test]\n    fn adds_zero() { assert_eq!(super::add(0, 2), 2); }\n",
                       "")}},
            list({"tests-deleted src/lib.rs:9(old)"}));
    }

    static void skippedTestRows()
    {
        const QVariantMap tests = files({{"tests/test_parser.py", kPythonTests}});
        row("pytest skip added", tests,
            {{s("tests/test_parser.py"),
              replaced(kPythonTests, "def test_a",
                       "@pytest.mark.skip(reason=\"flaky\")\ndef test_a")}},
            list({"tests-skipped tests/test_parser.py:4"}));
        const QByteArray skipped =
            replaced(kPythonTests, "def test_a", "@pytest.mark.skip(reason=\"a\")\ndef test_a");
        row("skip reason edited is not a new skip", {{s("tests/test_parser.py"), skipped}},
            {{s("tests/test_parser.py"), QByteArray(skipped).replace("\"a\"", "\"b\"")}}, {});
        row("commented-out skip", tests,
            {{s("tests/test_parser.py"),
              replaced(kPythonTests, "def test_a", "# @pytest.mark.skip\ndef test_a")}},
            {});
        const QVariantMap jest = files({{"web/app.test.ts", "it('works', () => {});\n"}});
        row("jest it.skip", jest, files({{"web/app.test.ts", "it.skip('works', () => {});\n"}}),
            list({"tests-skipped web/app.test.ts:1"}));
        row("jest it.only focuses", jest,
            files({{"web/app.test.ts", "it.only('works', () => {});\n"}}),
            list({"tests-skipped web/app.test.ts:1"}));
        row("exit( is not xit(", jest,
            files({{"web/app.test.ts", "it('works', () => {});\nprocess.exit(1);\n"}}), {});
        row("Rust #[ignore]", files({{"src/lib.rs", kRustLib}}),
            {{s("src/lib.rs"), replaced(kRustLib, "    #[test]\n    fn adds()",
                                        "    #[test]\n    #[ignore]\n    fn adds()")}},
            list({"tests-skipped src/lib.rs:6"}));
        row("Go t.Skip",
            files({{"pkg/parse_test.go", "package pkg\n\nfunc TestA(t *testing.T) {\n}\n"}}),
            files({{"pkg/parse_test.go",
                    "package pkg\n\nfunc TestA(t *testing.T) {\n\tt.Skip(\"later\")\n}\n"}}),
            list({"tests-skipped pkg/parse_test.go:4"}));
        row("QSKIP", files({{"tests/tst_demo.cpp", kQtTest}}),
            {{s("tests/tst_demo.cpp"), replaced(kQtTest, "void first() { QVERIFY(true); }",
                                                "void first() { QSKIP(\"later\"); }")}},
            list({"tests-skipped tests/tst_demo.cpp:8"}));
        row("JUnit @Disabled",
            files({{"src/test/java/FooTest.java",
                    "class FooTest {\n    @Test\n    void a() {}\n}\n"}}),
            files({{"src/test/java/FooTest.java",
                    "class FooTest {\n    @Disabled\n    @Test\n    void a() {}\n}\n"}}),
            list({"tests-skipped src/test/java/FooTest.java:2"}));
        row("a skip marker in a README", files({{"README.md", "Tests:\n"}}),
            files({{"README.md", "Tests:\n\n    it.skip('x')\n    @pytest.mark.skip\n"}}), {});
    }

    static void outsidePromptRows()
    {
        const QVariantMap base =
            files({{"src/parser.cpp", "int parse();\n"}, {"src/lexer.cpp", "int lex();\n"}});
        const QVariantMap both =
            files({{"src/parser.cpp", "int parse(int);\n"}, {"src/lexer.cpp", "int lex(int);\n"}});
        row("one file outside the named file", base, both,
            list({"outside-prompt-paths src/lexer.cpp:0"}),
            "Fix the off-by-one in src/parser.cpp.");
        row("all inside the named folder", files({{"models/git/a.cpp", "a\n"}}),
            files({{"models/git/a.cpp", "b\n"}}), {}, "Refactor `models/git/` only.");
        row("prompt names no path", base, both, {}, "Make start-up faster.");
        row("a bare file name names the file anywhere", base,
            files({{"src/parser.cpp", "int parse(int);\n"}}), {}, "The bug is in parser.cpp");
        row("prose that looks like paths", files({{"scripts/run.sh", "a\n"}}),
            files({{"scripts/run.sh", "b\n"}}), {}, "Use Node.js and/or Deno for the script.");
        row("a glob", files({{"src/a.ts", "a\n"}, {"src/sub/b.ts", "b\n"}}),
            files({{"src/a.ts", "A\n"}, {"src/sub/b.ts", "B\n"}}),
            list({"outside-prompt-paths src/sub/b.ts:0"}), "Update src/*.ts to the new API");
        row("several files outside: one decision naming no single file", base,
            files({{"src/parser.cpp", "int parse(int);\n"},
                   {"src/lexer.cpp", "int lex(int);\n"},
                   {"docs/notes.txt", "note\n"}}),
            list({"outside-prompt-paths :0"}), "Only touch tests/ please");
    }

private Q_SLOTS:
    void detectsFromRealDiffs_data()
    {
        addColumns();
        dependencyRows();
        migrationAndApiRows();
        deletedTestRows();
        skippedTestRows();
        outsidePromptRows();
    }

    void detectsFromRealDiffs()
    {
        QFETCH(QVariantMap, base);
        QFETCH(QVariantMap, head);
        QFETCH(QString, prompt);
        QFETCH(QStringList, expected);
        const test::CommittedChange change = commitAndDiff(base, head);
        QVERIFY2(change.error.isEmpty(), qPrintable(change.error));
        QVERIFY(!change.files.empty());
        ReportInput input;
        input.prompt = prompt;
        input.files = change.files;
        QCOMPARE(describe(detectDecisions(input)).join(QLatin1Char('\n')),
                 expected.join(QLatin1Char('\n')));
    }

    void testsMissingFromTheBaseRun()
    {
        ReportInput input;
        BaseComparison comparison;
        comparison.baseCommit = s("base");
        for (int i = 14; i >= 1; --i)
            comparison.missing << QStringLiteral("suite::test_%1").arg(i, 2, 10, QLatin1Char('0'));
        input.baseComparison = comparison;
        const QList<ReportDecision> decisions = detectDecisions(input);
        QCOMPARE(decisions.size(), 1);
        QCOMPARE(decisions.front().kind, s("tests-deleted"));
        QVERIFY(decisions.front().source == ReportDecision::Source::Detected);
        QVERIFY(decisions.front().file.isEmpty());
        // Sorted, capped at ten, the rest counted.
        QCOMPARE(decisions.front().text,
                 s("14 tests ran on the base but not on this commit: suite::test_01, "
                   "suite::test_02, suite::test_03, suite::test_04, suite::test_05, "
                   "suite::test_06, suite::test_07, suite::test_08, suite::test_09, "
                   "suite::test_10 and 4 more"));
    }

    void manySkipsInOneFileAreSummed()
    {
        QByteArray hunk = "@@ -0,0 +1,16 @@\n";
        for (int i = 1; i <= 8; ++i)
            hunk += "+@pytest.mark.skip\n+def test_" + QByteArray::number(i) + "(): pass\n";
        ReportInput input;
        input.files.push_back(test::FileDeltaFactory::make(QString(), s("tests/test_many.py"), hunk,
                                                           git::DeltaStatus::Added));
        const QList<ReportDecision> decisions = detectDecisions(input);
        QCOMPARE(
            describe(decisions),
            list({"tests-skipped tests/test_many.py:1", "tests-skipped tests/test_many.py:3",
                  "tests-skipped tests/test_many.py:5", "tests-skipped tests/test_many.py:7",
                  "tests-skipped tests/test_many.py:9", "tests-skipped tests/test_many.py:11"}));
        QCOMPARE(decisions.back().text,
                 s("…and 3 more skip or focus markers in tests/test_many.py, from here on"));
    }

    void sortedByKindFileAndLine()
    {
        const test::CommittedChange change = commitAndDiff(
            files({{"tests/test_b.py", kPythonTests}, {"tests/test_a.py", kPythonTests}}),
            {{s("tests/test_b.py"),
              replaced(kPythonTests, "def test_b", "@pytest.mark.skip\ndef test_b")},
             {s("tests/test_a.py"),
              replaced(kPythonTests, "def test_b", "@pytest.mark.skip\ndef test_b")
                  .replace("def test_a", "@pytest.mark.xfail\ndef test_a")},
             {s("Cargo.lock"), QByteArray("# lock\n")}});
        QVERIFY2(change.error.isEmpty(), qPrintable(change.error));
        ReportInput input;
        input.files = change.files;
        std::reverse(input.files.begin(), input.files.end());
        QCOMPARE(describe(detectDecisions(input)),
                 list({"dependency-manifest Cargo.lock:0", "tests-skipped tests/test_a.py:4",
                       "tests-skipped tests/test_a.py:9", "tests-skipped tests/test_b.py:8"}));
    }

    // Issue 16, break 11: a link is shown as a link with its target, one that leaves the
    // repository is a decision to review and a blocking finding for the engine to file.
    void linksAreShownWithTheirTargets()
    {
        TempRepository repo;
        QVERIFY(repo.writeFile(s("a.txt"), "a\n"));
        const QString base = repo.commitAll(s("base"));
        QVERIFY(repo.makeSymlink(s("passwd"), s("/etc/passwd")));
        QVERIFY(QDir().mkpath(repo.filePath(s("src"))));
        QVERIFY(repo.makeSymlink(s("src/up"), s("../../../../home")));
        QVERIFY(repo.makeSymlink(s("alias.txt"), s("a.txt")));
        const QString head = repo.commitAll(s("links"));
        auto opened = git::Repository::open(repo.path());
        QVERIFY(opened.ok());
        auto diff = git::DiffEngine::diffCommits(*opened, base, head);
        QVERIFY(diff.ok());
        ReportInput input;
        input.files = diff->files;
        input.baseCommit = base;
        input.headCommit = head;
        QCOMPARE(describe(detectDecisions(input)),
                 list({"link-outside-repository passwd:0", "link-outside-repository src/up:0"}));
        const TaskReport report = buildReport(input);
        QVERIFY2(report.markdown.contains(s("symbolic link → `/etc/passwd`, **outside the "
                                            "repository**")),
                 qPrintable(report.markdown));
        QVERIFY(report.markdown.contains(s("symbolic link → `a.txt`")));
        QCOMPARE(changedLinks(input.files).size(), 3);
        const QList<store::FindingRecord> findings = linkFindings(input.files);
        QCOMPARE(findings.size(), 2);
        for (const store::FindingRecord &finding : findings) {
            QCOMPARE(finding.priority, 0);
            QCOMPARE(finding.category, s("security"));
        }
        QCOMPARE(findings.first().file, s("passwd"));
        QVERIFY(findings.first().title.contains(s("/etc/passwd")));
    }

    void decisionTextsNameWhatHappened()
    {
        const test::CommittedChange change = commitAndDiff(
            files({{"package.json", kPackageJson}, {"tests/test_parser.py", kPythonTests}}),
            {{s("package.json"), replaced(kPackageJson, "^29.0.0", "^30.0.0")},
             {s("tests/test_parser.py"), QVariant()}});
        QVERIFY2(change.error.isEmpty(), qPrintable(change.error));
        ReportInput input;
        input.files = change.files;
        const QList<ReportDecision> decisions = detectDecisions(input);
        QCOMPARE(decisions.size(), 2);
        QCOMPARE(decisions.at(0).text, s("Dependencies changed in package.json (devDependencies)"));
        QCOMPARE(decisions.at(1).text,
                 s("Test file deleted: tests/test_parser.py (2 tests, 0 of them declared again "
                   "elsewhere)"));
    }
};

QTEST_GUILESS_MAIN(TestReportDetection)
#include "tst_reportdetection.moc"
