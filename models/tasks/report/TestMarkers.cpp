#include "TestMarkers.h"

#include "PathRules.h"

#include <QList>
#include <QRegularExpression>
#include <QSet>

namespace agentdesk::tasks::report {

namespace {

enum class Family
{
    None,
    Python,
    JavaScript,
    Ruby,
    Rust,
    GoTest,
    Cpp,
    Jvm,
    DotNet,
    Php,
    Swift,
};

Family familyOf(const QString &path)
{
    static const QSet<QString> js = {
        QStringLiteral("js"),  QStringLiteral("jsx"), QStringLiteral("ts"),  QStringLiteral("tsx"),
        QStringLiteral("mjs"), QStringLiteral("cjs"), QStringLiteral("mts"), QStringLiteral("cts")};
    static const QSet<QString> cpp = {
        QStringLiteral("c"), QStringLiteral("cc"), QStringLiteral("cpp"), QStringLiteral("cxx"),
        QStringLiteral("h"), QStringLiteral("hh"), QStringLiteral("hpp"), QStringLiteral("hxx")};
    static const QSet<QString> jvm = {QStringLiteral("java"), QStringLiteral("kt"),
                                      QStringLiteral("kts"), QStringLiteral("scala"),
                                      QStringLiteral("groovy")};
    const QString extension = extensionOf(path);
    if (extension == QLatin1String("py"))
        return Family::Python;
    if (js.contains(extension))
        return Family::JavaScript;
    if (extension == QLatin1String("rb"))
        return Family::Ruby;
    if (extension == QLatin1String("rs"))
        return Family::Rust;
    if (path.endsWith(QLatin1String("_test.go")))
        return Family::GoTest;
    if (cpp.contains(extension))
        return Family::Cpp;
    if (jvm.contains(extension))
        return Family::Jvm;
    if (extension == QLatin1String("cs"))
        return Family::DotNet;
    if (extension == QLatin1String("php"))
        return Family::Php;
    if (extension == QLatin1String("swift"))
        return Family::Swift;
    return Family::None;
}

struct MarkerRule
{
    Family family;
    QRegularExpression pattern;
    bool focus;
};

MarkerRule rule(Family family, const char *pattern, bool focus = false)
{
    return {family, QRegularExpression(QString::fromLatin1(pattern)), focus};
}

const QList<MarkerRule> &markerRules()
{
    static const QList<MarkerRule> rules = {
        rule(Family::Python, "@pytest\\.mark\\.(skip|skipif|xfail)\\b"),
        rule(Family::Python, "\\bpytest\\.(skip|xfail)\\s*\\("),
        rule(Family::Python, "@unittest\\.(skip|skipIf|skipUnless|expectedFailure)\\b"),
        rule(Family::Python, "\\.skipTest\\s*\\("),
        rule(Family::JavaScript, "\\b(it|test|describe|context|suite|specify)\\.skip\\s*\\("),
        rule(Family::JavaScript, "(?<![\\w.$])(xit|xtest|xdescribe|xcontext|xspecify)\\s*\\("),
        rule(Family::JavaScript, "\\b(it|test|describe|context|suite|specify)\\.only\\s*\\(", true),
        rule(Family::JavaScript, "(?<![\\w.$])(fit|fdescribe|ftest|fcontext)\\s*\\(", true),
        rule(Family::Ruby, "(?<![\\w.])(xit|xdescribe|xcontext|xspecify|xscenario)\\b"),
        rule(Family::Ruby, "^\\s*(skip|pending)\\b"),
        rule(Family::Ruby, "(?<![\\w.])(fit|fdescribe|fcontext)\\b", true),
        rule(Family::Ruby, "\\bfocus:\\s*true\\b", true),
        rule(Family::Rust, "#\\[ignore\\b"),
        rule(Family::GoTest, "\\.Skip(f|Now)?\\s*\\("),
        rule(Family::Cpp, "\\bQSKIP\\s*\\("),
        rule(Family::Cpp, "\\bQEXPECT_FAIL\\s*\\("),
        rule(Family::Cpp, "\\bGTEST_SKIP\\b"),
        rule(Family::Cpp, "\\b(TEST|TEST_F|TEST_P|TYPED_TEST)\\s*\\(\\s*\\w+\\s*,\\s*DISABLED_"),
        rule(Family::Jvm, "@(Disabled|Ignore)\\b"),
        rule(Family::DotNet, "\\[\\s*Ignore\\b"),
        rule(Family::DotNet, "\\[\\s*(Fact|Theory)\\s*\\([^\\]]*\\bSkip\\s*="),
        rule(Family::Php, "\\bmarkTest(Skipped|Incomplete)\\s*\\("),
        rule(Family::Swift, "\\bXCTSkip(If|Unless)?\\b"),
    };
    return rules;
}

// A comment line: the marker in it does nothing. `#[` is a Rust attribute, not a comment.
bool isCommentLine(const QString &trimmed)
{
    if (trimmed.startsWith(QLatin1String("//")) || trimmed.startsWith(QLatin1String("/*")) ||
        trimmed.startsWith(QLatin1Char('*')) || trimmed.startsWith(QLatin1String("<!--")))
        return true;
    return trimmed.startsWith(QLatin1Char('#')) && !trimmed.startsWith(QLatin1String("#["));
}

// The first non-empty group of the expression's match in `line`; empty when it does not match.
QString firstGroup(const QRegularExpression &expression, const QString &line)
{
    const QRegularExpressionMatch match = expression.match(line);
    for (int group = 1; group <= match.lastCapturedIndex(); ++group) {
        if (!match.captured(group).isEmpty())
            return match.captured(group);
    }
    return {};
}

QRegularExpression expression(const char *pattern)
{
    return QRegularExpression(QString::fromLatin1(pattern));
}

// The patterns that declare a test, per language.
struct DeclarationPatterns
{
    const QRegularExpression python =
        expression("^\\s*(?:async\\s+)?def\\s+(test\\w*)\\s*\\(|^\\s*class\\s+(Test\\w*)");
    const QRegularExpression go = expression("^func\\s+(Test\\w+)\\s*\\(");
    const QRegularExpression javaScript =
        expression("^\\s*(?:it|test)(?:\\.(?:skip|only|concurrent))?\\s*\\(\\s*'(.+?)'|"
                   "^\\s*(?:it|test)(?:\\.(?:skip|only|concurrent))?\\s*\\(\\s*\"(.+?)\"|"
                   "^\\s*(?:it|test)(?:\\.(?:skip|only|concurrent))?\\s*\\(\\s*`(.+?)`");
    const QRegularExpression ruby =
        expression("^\\s*(?:it|specify|scenario)\\s*\\(?\\s*'(.+?)'|"
                   "^\\s*(?:it|specify|scenario)\\s*\\(?\\s*\"(.+?)\"|^\\s*def\\s+(test_\\w+)");
    const QRegularExpression rustAttribute = expression("^\\s*#\\[(?:\\w+::)?test\\b");
    const QRegularExpression rustFunction = expression("\\bfn\\s+(\\w+)");
    const QRegularExpression qtSlot =
        expression("^\\s*void\\s+(?:\\w+::)?(\\w+)\\s*\\(\\s*\\)\\s*(?:;|\\{|$)");
    const QRegularExpression notASlotTest =
        expression("_data$|^(init|cleanup|initTestCase|cleanupTestCase)$");
    const QRegularExpression gtest =
        expression("^\\s*(?:TEST|TEST_F|TEST_P|TYPED_TEST)\\s*\\(\\s*(\\w+)\\s*,\\s*(\\w+)\\s*\\)");
    const QRegularExpression catchCase = expression("^\\s*TEST_CASE\\s*\\(\\s*\"(.+?)\"");
    const QRegularExpression testAttribute =
        expression("^\\s*(?:@Test\\b|\\[\\s*(?:Fact|Theory|Test|TestMethod|TestCase)\\b)");
    const QRegularExpression namedTestMethod =
        expression("^\\s*(?:(?:public|private|internal|override)\\s+)*func\\s+(test\\w*)\\s*\\(|"
                   "^\\s*public\\s+function\\s+(test\\w*)\\s*\\(");
    const QRegularExpression attributedMethod = expression(
        "(?:void|fun|Task|def)\\s+`([^`]+)`\\s*\\(|(?:void|fun|Task|def)\\s+(\\w+)\\s*\\(");
};

const DeclarationPatterns &declarationPatterns()
{
    static const DeclarationPatterns patterns;
    return patterns;
}

} // namespace

SkipMarker skipMarkerIn(const QString &path, const QString &line)
{
    const Family family = familyOf(path);
    const QString trimmed = line.trimmed();
    if (family == Family::None || isProsePath(path) || isCommentLine(trimmed))
        return {};
    // JavaScript and Ruby markers are ordinary function names ("fit(", "skip"): only in tests.
    if ((family == Family::JavaScript || family == Family::Ruby) && !isTestPath(path))
        return {};
    for (const MarkerRule &rule : markerRules()) {
        if (rule.family != family)
            continue;
        const QRegularExpressionMatch match = rule.pattern.match(line);
        if (match.hasMatch())
            return {match.captured(0).trimmed(), rule.focus};
    }
    return {};
}

TestDeclarationReader::TestDeclarationReader(const QString &path)
{
    const QString name = fileNameOf(path);
    const bool testPath = isTestPath(path);
    switch (familyOf(path)) {
    case Family::Python:
        m_language = testPath ? Language::Python : Language::None;
        break;
    case Family::GoTest:
        m_language = Language::Go;
        break;
    case Family::JavaScript:
        m_language = testPath ? Language::JavaScript : Language::None;
        break;
    case Family::Ruby:
        m_language = testPath ? Language::Ruby : Language::None;
        break;
    case Family::Rust:
        m_language = Language::Rust;
        break;
    case Family::Cpp:
        m_language = name.startsWith(QLatin1String("tst_")) ? Language::QtTest : Language::Cpp;
        break;
    case Family::Jvm:
    case Family::DotNet:
    case Family::Php:
    case Family::Swift:
        m_language = testPath ? Language::JvmOrDotNet : Language::None;
        break;
    case Family::None:
        break;
    }
}

QString TestDeclarationReader::next(const QString &line)
{
    const DeclarationPatterns &p = declarationPatterns();
    const QString trimmed = line.trimmed();
    if (trimmed.isEmpty() || isCommentLine(trimmed))
        return {};
    const bool attributeWasPending = m_attributePending;
    m_attributePending = false;
    switch (m_language) {
    case Language::None:
        return {};
    case Language::Python:
        return firstGroup(p.python, line);
    case Language::Go:
        return firstGroup(p.go, line);
    case Language::JavaScript:
        return firstGroup(p.javaScript, line);
    case Language::Ruby:
        return firstGroup(p.ruby, line);
    case Language::Rust:
        // Other attributes may sit between #[test] and the function.
        m_attributePending = p.rustAttribute.match(line).hasMatch() ||
                             (attributeWasPending && trimmed.startsWith(QLatin1String("#[")));
        if (m_attributePending)
            return {};
        return attributeWasPending ? firstGroup(p.rustFunction, line) : QString();
    case Language::QtTest: {
        const QString slot = firstGroup(p.qtSlot, line);
        if (!slot.isEmpty() && !p.notASlotTest.match(slot).hasMatch())
            return slot;
        [[fallthrough]];
    }
    case Language::Cpp: {
        const QRegularExpressionMatch match = p.gtest.match(line);
        if (match.hasMatch())
            return match.captured(1) + QLatin1Char('.') + match.captured(2);
        return firstGroup(p.catchCase, line);
    }
    case Language::JvmOrDotNet:
        m_attributePending = p.testAttribute.match(line).hasMatch() ||
                             (attributeWasPending && (trimmed.startsWith(QLatin1Char('@')) ||
                                                      trimmed.startsWith(QLatin1Char('['))));
        if (m_attributePending)
            return {};
        return attributeWasPending ? firstGroup(p.attributedMethod, line)
                                   : firstGroup(p.namedTestMethod, line);
    }
    return {};
}

} // namespace agentdesk::tasks::report
