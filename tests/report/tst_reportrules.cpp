#include "tasks/report/MarkdownText.h"
#include "tasks/report/PathRules.h"
#include "tasks/report/TestMarkers.h"

#include <QtTest>

#include <tuple>

// The report's pure rules, as tables: what a path is, which words of a prompt are paths, which
// lines skip or declare a test, and how text is put into Markdown.

using namespace agentdesk::tasks::report;

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

} // namespace

class TestReportRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void manifestKinds_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("kind");
        const int none = int(ManifestKind::None);
        const int manifest = int(ManifestKind::Manifest);
        const int lock = int(ManifestKind::LockFile);
        const std::initializer_list<std::pair<const char *, int>> rows = {
            {"package.json", manifest},
            {"web/package-lock.json", lock},
            {"yarn.lock", lock},
            {"pnpm-lock.yaml", lock},
            {"Cargo.toml", manifest},
            {"Cargo.lock", lock},
            {"go.mod", manifest},
            {"go.sum", lock},
            {"requirements.txt", manifest},
            {"requirements-dev.txt", manifest},
            {"requirements/base.txt", manifest},
            {"pyproject.toml", manifest},
            {"Pipfile", manifest},
            {"Pipfile.lock", lock},
            {"poetry.lock", lock},
            {"Gemfile", manifest},
            {"Gemfile.lock", lock},
            {"pom.xml", manifest},
            {"build.gradle", manifest},
            {"app/build.gradle.kts", manifest},
            {"vcpkg.json", manifest},
            {"conanfile.txt", manifest},
            {"conanfile.py", manifest},
            {"demo.gemspec", manifest},
            {"README.md", none},
            {"docs/requirements.md", none},
            {"package.json.bak", none},
            {"src/package.ts", none},
            {"tsconfig.json", none},
            {"CMakeLists.txt", none},
        };
        for (const auto &[path, kind] : rows)
            QTest::newRow(path) << s(path) << kind;
    }

    void manifestKinds()
    {
        QFETCH(QString, path);
        QFETCH(int, kind);
        QCOMPARE(int(manifestKind(path)), kind);
    }

    void testPaths_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("test");
        const std::initializer_list<std::pair<const char *, bool>> rows = {
            {"tests/helpers.py", true},          {"test/a.c", true},
            {"web/__tests__/a.js", true},        {"spec/user_spec.rb", true},
            {"src/test_parser.py", true},        {"src/parser_test.py", true},
            {"pkg/parse_test.go", true},         {"web/app.test.ts", true},
            {"web/app.spec.tsx", true},          {"lib/user_spec.rb", true},
            {"src/tst_report.cpp", true},        {"src/FooTest.java", true},
            {"AppTests/LoginTests.swift", true}, {"src/parser.py", false},
            {"src/testing_utils.py", false},     {"src/latest.ts", false},
            {"src/contest.go", false},           {"docs/testimony.md", false},
        };
        for (const auto &[path, test] : rows)
            QTest::newRow(path) << s(path) << test;
    }

    void testPaths()
    {
        QFETCH(QString, path);
        QFETCH(bool, test);
        QCOMPARE(isTestPath(path), test);
    }

    void pathsNamedInPrompts_data()
    {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QStringList>("paths");
        QTest::newRow("file and folder")
            << s("Fix `src/parser.cpp` and add tests under tests/parser/.")
            << list({"src/parser.cpp", "tests/parser"});
        QTest::newRow("bare file names") << s("Update README.md and CMakeLists.txt, then main.cpp")
                                         << list({"CMakeLists.txt", "README.md", "main.cpp"});
        QTest::newRow("no paths") << s("Make it faster, e.g. cache results.") << QStringList();
        QTest::newRow("prose with slashes and products")
            << s("Use Node.js and/or Vue.js; the input/output and read/write paths, "
                 "see https://example.com/a/b and /etc/hosts, ~/notes, @types/node, 1/2")
            << QStringList();
        QTest::newRow("quotes, brackets, punctuation, ./")
            << s("(see \"./app/main.py\"), [lib/util.rs]; **docs/guide.md**.")
            << list({"app/main.py", "docs/guide.md", "lib/util.rs"});
        QTest::newRow("globs and duplicates")
            << s("src/*.ts, src/*.ts and **/*.py") << list({"**/*.py", "src/*.ts"});
    }

    void pathsNamedInPrompts()
    {
        QFETCH(QString, prompt);
        QFETCH(QStringList, paths);
        QCOMPARE(pathsNamedIn(prompt), paths);
    }

    void withinNamedPaths_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("named");
        QTest::addColumn<bool>("within");
        const std::initializer_list<std::tuple<const char *, const char *, bool>> rows = {
            {"src/parser.cpp", "src/parser.cpp", true},
            {"src/parser.cpp", "parser.cpp", true},
            {"src/parser.cpp.orig", "parser.cpp", false},
            {"src/myparser.cpp", "parser.cpp", false},
            {"models/git/DiffEngine.cpp", "models/git", true},
            {"models/gitx/a.cpp", "models/git", false},
            {"other/models/git/a.cpp", "models/git", true},
            {"src/a.ts", "src/*.ts", true},
            {"src/sub/a.ts", "src/*.ts", false},
            {"src/sub/a.ts", "src/**/*.ts", true},
            {"a.py", "**/*.py", true},
            {"deep/er/a.py", "**/*.py", true},
        };
        for (const auto &[path, named, within] : rows)
            QTest::newRow(QByteArray(QByteArray(path) + " in " + named).constData())
                << s(path) << s(named) << within;
    }

    void withinNamedPaths()
    {
        QFETCH(QString, path);
        QFETCH(QString, named);
        QFETCH(bool, within);
        QCOMPARE(isWithinNamedPath(path, {named}), within);
    }

    void skipMarkers_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("label");
        QTest::addColumn<bool>("focus");
        const std::initializer_list<std::tuple<const char *, const char *, const char *, bool>>
            rows = {
                {"tests/test_a.py", "@pytest.mark.skip(reason='x')", "@pytest.mark.skip", false},
                {"tests/test_a.py", "@pytest.mark.skipif(sys.platform == 'win32')",
                 "@pytest.mark.skipif", false},
                {"tests/test_a.py", "@pytest.mark.xfail", "@pytest.mark.xfail", false},
                {"tests/test_a.py", "    pytest.skip('later')", "pytest.skip(", false},
                {"tests/test_a.py", "@unittest.skip('x')", "@unittest.skip", false},
                {"tests/test_a.py", "        self.skipTest('x')", ".skipTest(", false},
                {"tests/test_a.py", "# @pytest.mark.skip", "", false},
                {"web/a.test.ts", "describe.skip('x', () => {", "describe.skip(", false},
                {"web/a.test.ts", "test.skip('x', () => {", "test.skip(", false},
                {"web/a.test.ts", "xit('x', () => {", "xit(", false},
                {"web/a.test.ts", "fdescribe('x', () => {", "fdescribe(", true},
                {"web/a.test.ts", "  it.only('x', () => {", "it.only(", true},
                {"web/a.test.ts", "  // it.only('x', () => {", "", false},
                {"web/a.test.ts", "process.exit(1)", "", false},
                {"web/a.test.ts", "model.fit(data)", "", false},
                {"web/src/fit.js", "const y = fit(x);", "", false},
                {"src/lib.rs", "    #[ignore]", "#[ignore", false},
                {"src/lib.rs", "    #[ignore = \"slow\"]", "#[ignore", false},
                {"pkg/a_test.go", "\tt.Skip(\"x\")", ".Skip(", false},
                {"pkg/a_test.go", "\tt.Skipf(\"%d\", 1)", ".Skipf(", false},
                {"pkg/a.go", "\tt.Skip(\"x\")", "", false},
                {"tests/tst_a.cpp", "    QSKIP(\"x\");", "QSKIP(", false},
                {"tests/tst_a.cpp", "    QEXPECT_FAIL(\"\", \"x\", Continue);", "QEXPECT_FAIL(",
                 false},
                {"tests/a_test.cc", "TEST(Suite, DISABLED_Name) {", "TEST(Suite, DISABLED_", false},
                {"tests/a_test.cc", "  GTEST_SKIP() << \"x\";", "GTEST_SKIP", false},
                {"src/test/java/ATest.java", "    @Disabled", "@Disabled", false},
                {"src/test/kotlin/ATest.kt", "    @Ignore", "@Ignore", false},
                {"Tests/ATests.cs", "    [Fact(Skip = \"x\")]", "[Fact(Skip =", false},
                {"spec/a_spec.rb", "  xit 'works' do", "xit", false},
                {"spec/a_spec.rb", "  skip 'later'", "skip", false},
                {"README.md", "it.skip('x')", "", false},
            };
        for (const auto &[path, line, label, focus] : rows)
            QTest::newRow(QByteArray(QByteArray(path) + ": " + line).constData())
                << s(path) << s(line) << s(label) << focus;
    }

    void skipMarkers()
    {
        QFETCH(QString, path);
        QFETCH(QString, line);
        QFETCH(QString, label);
        QFETCH(bool, focus);
        const SkipMarker marker = skipMarkerIn(path, line);
        QCOMPARE(marker.label, label);
        QCOMPARE(marker.focus, focus);
    }

    void testDeclarations_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QStringList>("lines");
        QTest::addColumn<QStringList>("names");
        QTest::newRow("python") << s("tests/test_a.py")
                                << list({"def test_a():", "async def test_b(x):", "def helper():",
                                         "class TestThing:"})
                                << list({"test_a", "test_b", "TestThing"});
        QTest::newRow("python outside tests")
            << s("src/a.py") << list({"def test_a():"}) << QStringList();
        QTest::newRow("go") << s("pkg/a_test.go")
                            << list({"func TestParse(t *testing.T) {", "func helper() {"})
                            << list({"TestParse"});
        QTest::newRow("jest") << s("web/a.test.ts")
                              << list({"it('parses empty input', () => {",
                                       "  test.skip(\"x y\", () => {", "describe('group', () => {"})
                              << list({"parses empty input", "x y"});
        QTest::newRow("rust attribute then fn")
            << s("src/lib.rs")
            << list({"#[test]", "#[should_panic]", "fn panics() {}", "fn plain() {}"})
            << list({"panics"});
        QTest::newRow("qt slots") << s("tests/tst_a.cpp")
                                  << list({"void parses();", "void parses_data();",
                                           "void initTestCase();", "void TestA::parses()"})
                                  << list({"parses", "parses"});
        QTest::newRow("gtest") << s("tests/a_test.cc") << list({"TEST_F(Parser, Empty) {"})
                               << list({"Parser.Empty"});
        QTest::newRow("junit") << s("src/test/java/ATest.java")
                               << list({"@Test", "@DisplayName(\"x\")", "void parses() {",
                                        "void helper() {"})
                               << list({"parses"});
    }

    void testDeclarations()
    {
        QFETCH(QString, path);
        QFETCH(QStringList, lines);
        QFETCH(QStringList, names);
        TestDeclarationReader reader(path);
        QStringList found;
        for (const QString &line : lines) {
            const QString name = reader.next(line);
            if (!name.isEmpty())
                found << name;
        }
        QCOMPARE(found, names);
    }

    void markdownBlocks_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("block");
        QTest::newRow("plain Markdown is kept")
            << s("A *b* `c`\n\n- d\n- e") << s("A *b* `c`\n\n- d\n- e");
        QTest::newRow("headings become text")
            << s("# a\n  ## b\n#nospace") << s("\\# a\n  \\## b\n#nospace");
        QTest::newRow("setext underlines")
            << s("Title\n===\nSub\n---") << s("Title\n\\===\nSub\n\\---");
        QTest::newRow("html outside code")
            << s("<img src=x> and `<kept>`") << s("\\<img src=x> and `<kept>`");
        QTest::newRow("unclosed fence closed") << s("```cpp\nint x;") << s("```cpp\nint x;\n```");
        QTest::newRow("longer fence closed alike")
            << s("~~~~\n# in code\n~~~") << s("~~~~\n# in code\n~~~\n~~~~");
        QTest::newRow("closed fence untouched")
            << s("```\n# code\n```\n# after") << s("```\n# code\n```\n\\# after");
        QTest::newRow("CRLF and blank edges")
            << s("\r\n\r\nline\r\nnext\r\n\r\n") << s("line\nnext");
        QTest::newRow("empty") << QString() << QString();
    }

    void markdownBlocks()
    {
        QFETCH(QString, text);
        QFETCH(QString, block);
        QCOMPARE(markdownBlock(text), block);
    }

    void inlineAndCode_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("inlined");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("tableCode");
        QTest::newRow("plain") << s("a b") << s("a b") << s("`a b`") << s("`a b`");
        QTest::newRow("specials") << s("*x* _y_ [z] <w> a|b ~q~ &amp;")
                                  << s("\\*x\\* \\_y\\_ \\[z\\] \\<w\\> a\\|b \\~q\\~ \\&amp;")
                                  << s("`*x* _y_ [z] <w> a|b ~q~ &amp;`")
                                  << s("\\*x\\* \\_y\\_ \\[z\\] \\<w\\> a\\|b \\~q\\~ \\&amp;");
        QTest::newRow("line starts")
            << s("# - 1.") << s("\\# - 1.") << s("`# - 1.`") << s("`# - 1.`");
        QTest::newRow("ordered list start")
            << s("1. first") << s("1\\. first") << s("`1. first`") << s("`1. first`");
        QTest::newRow("newlines") << s("a\n\nb") << s("a b") << s("`a  b`") << s("`a  b`");
        QTest::newRow("backticks") << s("a`b") << s("a\\`b") << s("``a`b``") << s("``a`b``");
        QTest::newRow("edge backtick") << s("`x") << s("\\`x") << s("`` `x ``") << s("`` `x ``");
    }

    void inlineAndCode()
    {
        QFETCH(QString, text);
        QFETCH(QString, inlined);
        QFETCH(QString, code);
        QFETCH(QString, tableCode);
        QCOMPARE(inlineText(text), inlined);
        QCOMPARE(codeSpan(text), code);
        QCOMPARE(codeSpan(text, true), tableCode);
    }
};

QTEST_GUILESS_MAIN(TestReportRules)
#include "tst_reportrules.moc"
