// Seeded bugs from real changes: each operator on real lines of each language, then whole plans
// over a repository with history, checked against git itself (one file, one hunk), the
// languages' own parsers, and the user's checkout (left exactly as it was).

#include "CalibrationHarness.h"
#include "TestProcess.h"
#include "calibration/Mutation.h"
#include "calibration/SyntaxCheck.h"
#include "git/GitLibrary.h"

#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace agentdesk;
using namespace agentdesk::calibration;
using namespace agentdesk::test;

Q_DECLARE_METATYPE(agentdesk::calibration::Language)

namespace {

QList<Mutation> mutationsOfText(Language language, const QString &text)
{
    const std::optional<SourceFile> file = SourceFile::parse(language, text.toUtf8());
    if (!file)
        return {};
    QSet<int> all;
    for (int i = 0; i < file->lineCount(); ++i)
        all.insert(i);
    return mutationsOf(*file, all);
}

QString resultOf(Language language, const QString &text, const Mutation &mutation)
{
    return QString::fromUtf8(mutation.apply(*SourceFile::parse(language, text.toUtf8())));
}

bool toolMissing(const QString &name)
{
    return QStandardPaths::findExecutable(name).isEmpty();
}

} // namespace

class TestVariantGeneration : public QObject
{
    Q_OBJECT

private:
    git::GitLibrary library;

private Q_SLOTS:
    void operatorsSeedOneDefect_data()
    {
        QTest::addColumn<Language>("language");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("bugClass");
        QTest::addColumn<QString>("expected");

        const QString cppGuard = QStringLiteral("int f(Node *node)\n{\n    if (!node)\n        "
                                                "return 0;\n    return node->value;\n}\n");
        QTest::newRow("cpp removed null check")
            << Language::Cpp << cppGuard << QStringLiteral("null-check")
            << QStringLiteral("int f(Node *node)\n{\n    return node->value;\n}\n");
        QTest::newRow("cpp off by one")
            << Language::Cpp << QStringLiteral("    for (int i = 0; i < count; ++i)\n")
            << QStringLiteral("off-by-one")
            << QStringLiteral("    for (int i = 0; i <= count; ++i)\n");
        QTest::newRow("cpp flipped condition")
            << Language::Cpp << QStringLiteral("    if (state == Ready)\n")
            << QStringLiteral("flipped-condition") << QStringLiteral("    if (state != Ready)\n");
        QTest::newRow("cpp wrong operator")
            << Language::Cpp << QStringLiteral("    total += price * quantity;\n")
            << QStringLiteral("wrong-operator")
            << QStringLiteral("    total -= price * quantity;\n");
        QTest::newRow("cpp dropped return")
            << Language::Cpp << QStringLiteral("    return parse(text, options);\n")
            << QStringLiteral("ignored-error") << QStringLiteral("    parse(text, options);\n");
        QTest::newRow("cpp swapped arguments")
            << Language::Cpp << QStringLiteral("    return parse(text, options);\n")
            << QStringLiteral("swapped-arguments")
            << QStringLiteral("    return parse(options, text);\n");
        QTest::newRow("cpp int for double")
            << Language::Cpp << QStringLiteral("    double ratio = done / total;\n")
            << QStringLiteral("type-confusion")
            << QStringLiteral("    int ratio = done / total;\n");
        QTest::newRow("cpp ignored error")
            << Language::Cpp
            << QStringLiteral("    const int rc = open(path);\n    if (rc < 0)\n        return "
                              "false;\n    use(rc);\n")
            << QStringLiteral("ignored-error")
            << QStringLiteral("    const int rc = open(path);\n    use(rc);\n");

        QTest::newRow("python removed None check")
            << Language::Python
            << QStringLiteral("def name(user):\n    if user is None:\n        return ''\n    "
                              "return user.name\n")
            << QStringLiteral("null-check")
            << QStringLiteral("def name(user):\n    return user.name\n");
        QTest::newRow("python int division")
            << Language::Python << QStringLiteral("    return sum(prices) / len(prices)\n")
            << QStringLiteral("type-confusion")
            << QStringLiteral("    return sum(prices) // len(prices)\n");
        QTest::newRow("python missing await")
            << Language::Python << QStringLiteral("    value = await fetch(url)\n")
            << QStringLiteral("type-confusion") << QStringLiteral("    value = fetch(url)\n");
        QTest::newRow("python flipped is not")
            << Language::Python << QStringLiteral("    if token is not None:\n")
            << QStringLiteral("flipped-condition") << QStringLiteral("    if token is None:\n");
        QTest::newRow("python and for or")
            << Language::Python << QStringLiteral("    ok = ready and valid\n")
            << QStringLiteral("wrong-operator") << QStringLiteral("    ok = ready or valid\n");

        QTest::newRow("js optional chaining")
            << Language::JavaScript << QStringLiteral("  const name = user?.profile.name;\n")
            << QStringLiteral("null-check")
            << QStringLiteral("  const name = user.profile.name;\n");
        QTest::newRow("js ignored error")
            << Language::JavaScript << QStringLiteral("  if (err) return callback(err);\n  go();\n")
            << QStringLiteral("ignored-error") << QStringLiteral("  go();\n");
        QTest::newRow("js string left unparsed")
            << Language::JavaScript << QStringLiteral("  const count = parseInt(input, 10);\n")
            << QStringLiteral("type-confusion") << QStringLiteral("  const count = input;\n");
        QTest::newRow("js strict equality flipped")
            << Language::JavaScript << QStringLiteral("  if (a === b) {\n")
            << QStringLiteral("flipped-condition") << QStringLiteral("  if (a !== b) {\n");
        QTest::newRow("ts bound moved by one")
            << Language::TypeScript << QStringLiteral("  return items.slice(0, limit - 1);\n")
            << QStringLiteral("off-by-one") << QStringLiteral("  return items.slice(0, limit);\n");
        QTest::newRow("ts missing await")
            << Language::TypeScript << QStringLiteral("  const rate = await client.get(code);\n")
            << QStringLiteral("type-confusion")
            << QStringLiteral("  const rate = client.get(code);\n");
    }

    void operatorsSeedOneDefect()
    {
        QFETCH(Language, language);
        QFETCH(QString, source);
        QFETCH(QString, bugClass);
        QFETCH(QString, expected);
        QStringList seen;
        bool found = false;
        for (const Mutation &mutation : mutationsOfText(language, source)) {
            const QString result = resultOf(language, source, mutation);
            seen.append(bugClassId(mutation.bugClass) + QStringLiteral(": ") + result);
            if (bugClassId(mutation.bugClass) == bugClass && result == expected)
                found = true;
        }
        QVERIFY2(found, qPrintable(seen.join(QStringLiteral("\n---\n"))));
    }

    void textAndPreprocessorLinesAreLeftAlone_data()
    {
        QTest::addColumn<Language>("language");
        QTest::addColumn<QString>("source");
        QTest::newRow("cpp include") << Language::Cpp << QStringLiteral("#include <vector>\n");
        QTest::newRow("cpp comment")
            << Language::Cpp << QStringLiteral("// if (a < b) return x == y;\n");
        QTest::newRow("cpp block comment")
            << Language::Cpp << QStringLiteral("/* a < b\n   x == y */\n");
        QTest::newRow("cpp string")
            << Language::Cpp << QStringLiteral("    log(\"a < b == c\");\n");
        QTest::newRow("cpp template")
            << Language::Cpp << QStringLiteral("std::vector<int> items;\n");
        QTest::newRow("python docstring")
            << Language::Python << QStringLiteral("\"\"\"\nx == y and a < b\n\"\"\"\n");
        QTest::newRow("python comment") << Language::Python << QStringLiteral("# a < b\n");
        QTest::newRow("js template literal")
            << Language::JavaScript << QStringLiteral("const s = `a < b\nx == y`;\n");
    }

    void textAndPreprocessorLinesAreLeftAlone()
    {
        QFETCH(Language, language);
        QFETCH(QString, source);
        const QList<Mutation> mutations = mutationsOfText(language, source);
        QStringList seen;
        for (const Mutation &mutation : mutations)
            seen.append(resultOf(language, source, mutation));
        QVERIFY2(mutations.isEmpty(), qPrintable(seen.join(QStringLiteral("\n---\n"))));
    }

    void crlfFilesKeepTheirLineEndings()
    {
        const QByteArray source = "int f(int a)\r\n{\r\n    return a < 3;\r\n}\r\n";
        const std::optional<SourceFile> file = SourceFile::parse(Language::Cpp, source);
        QVERIFY(file);
        QCOMPARE(file->bytes(), source);
        const QList<Mutation> mutations = mutationsOf(*file, {2});
        QVERIFY(!mutations.isEmpty());
        QCOMPARE(mutations.first().apply(*file), QByteArray("int f(int a)\r\n{\r\n    return a <= "
                                                            "3;\r\n}\r\n"));
    }

    void planSeedsEveryClassInEveryLanguage()
    {
        SampleRepository sample = SampleRepository::make();
        QVERIFY(sample.repo && !sample.modified.isEmpty());
        const QByteArray statusBefore =
            sample.repo->git({QStringLiteral("status"), QStringLiteral("--porcelain")}).out;
        const QByteArray refsBefore = sample.repo->git({QStringLiteral("for-each-ref")}).out;
        const QByteArray indexBefore =
            sample.repo->git({QStringLiteral("ls-files"), QStringLiteral("-s")}).out;

        FakeProviderServer server;
        CalibrationSession session(servicesFor(server));
        PlanRequest request;
        request.repositoryPath = sample.repo->path();
        request.bugs = 40;
        request.maxVariantsPerChange = 40;
        QString error;
        const std::optional<CalibrationPlan> plan = planOf(session, request, &error);
        QVERIFY2(plan, qPrintable(error));
        QCOMPARE(plan->changesScanned, 2); // the base commit has no parent
        QCOMPARE(plan->variants.size(), 40);

        QSet<QString> classes;
        QSet<QString> languages;
        for (const Variant &variant : plan->variants) {
            classes.insert(bugClassId(variant.bugClass));
            languages.insert(languageId(variant.language));
        }
        QCOMPARE(classes.size(), int(allBugClasses().size()));
        QCOMPARE(languages,
                 (QSet<QString>{QStringLiteral("cpp"), QStringLiteral("python"),
                                QStringLiteral("javascript"), QStringLiteral("typescript")}));

        // Nothing in the user's repository moved: no checkout, index or ref was touched.
        QCOMPARE(sample.repo->git({QStringLiteral("status"), QStringLiteral("--porcelain")}).out,
                 statusBefore);
        QCOMPARE(sample.repo->git({QStringLiteral("for-each-ref")}).out, refsBefore);
        QCOMPARE(sample.repo->git({QStringLiteral("ls-files"), QStringLiteral("-s")}).out,
                 indexBefore);
        QCOMPARE(sample.repo->revParse(QStringLiteral("HEAD")), sample.modified);
    }

    void eachVariantDiffersInOnePlaceAndStillParses()
    {
        if (toolMissing(QStringLiteral("python3")) || toolMissing(QStringLiteral("node")))
            QSKIP("python3 and node are needed to check that the variants still parse");
        SampleRepository sample = SampleRepository::make();
        QVERIFY(sample.repo && !sample.modified.isEmpty());
        FakeProviderServer server;
        CalibrationSession session(servicesFor(server));
        PlanRequest request;
        request.repositoryPath = sample.repo->path();
        request.bugs = 60;
        request.maxVariantsPerChange = 60;
        QString error;
        const std::optional<CalibrationPlan> plan = planOf(session, request, &error);
        QVERIFY2(plan, qPrintable(error));
        QVERIFY(plan->variants.size() >= 30);
        // first_level's only statement is its guard: without it the function has no body, so
        // the check dropped that variant.
        QVERIFY(plan->failedChecks >= 1);

        QTemporaryDir scratch;
        for (const Variant &variant : plan->variants) {
            const Change &change = plan->changes.at(variant.change);
            const QString what = QStringLiteral("%1 %2:%3 %4")
                                     .arg(bugClassId(variant.bugClass), variant.file)
                                     .arg(variant.line)
                                     .arg(variant.description);
            // A real commit on the change's parent, differing from the change in one file and
            // one hunk: git's own numstat and zero-context diff say so.
            QCOMPARE(sample.repo->revParse(variant.variantCommit + QStringLiteral("^")),
                     change.parent);
            const QString numstat =
                QString::fromUtf8(sample.repo
                                      ->git({QStringLiteral("diff"), QStringLiteral("--numstat"),
                                             change.commit, variant.variantCommit})
                                      .out);
            const QStringList stat = numstat.trimmed().split(QLatin1Char('\t'));
            QVERIFY2(stat.size() == 3 && !numstat.trimmed().contains(QLatin1Char('\n')),
                     qPrintable(what + QStringLiteral("\n") + numstat));
            QCOMPARE(stat.at(2), variant.file);
            QVERIFY2(stat.at(0).toInt() <= 1 && stat.at(1).toInt() <= 3, qPrintable(what));
            const QString hunks =
                QString::fromUtf8(sample.repo
                                      ->git({QStringLiteral("diff"), QStringLiteral("-U0"),
                                             change.commit, variant.variantCommit})
                                      .out);
            QCOMPARE(hunks.count(QStringLiteral("\n@@ ")), 1);
            // The seeded line is where the variant says.
            const QStringList lines =
                QString::fromUtf8(
                    sample.repo
                        ->git({QStringLiteral("show"),
                               variant.variantCommit + QLatin1Char(':') + variant.file})
                        .out)
                    .split(QLatin1Char('\n'));
            if (!variant.seededText.isEmpty())
                QCOMPARE(lines.value(variant.line - 1), variant.seededText);
            // It still parses where the language has a cheap check; the test runs the tools
            // itself on the committed file.
            if (variant.language == Language::Python || variant.language == Language::JavaScript) {
                QVERIFY2(variant.check.startsWith(QLatin1String("passes ")),
                         qPrintable(variant.check));
                const QString path =
                    scratch.filePath(variant.variantCommit.left(12) + QLatin1Char('-') +
                                     QFileInfo(variant.file).fileName());
                QFile out(path);
                QVERIFY(out.open(QIODevice::WriteOnly));
                out.write(lines.join(QLatin1Char('\n')).toUtf8());
                out.close();
                const ProcessOutput checked =
                    variant.language == Language::Python
                        ? runProcess(QStringLiteral("python3"),
                                     {QStringLiteral("-m"), QStringLiteral("py_compile"), path},
                                     scratch.path())
                        : runProcess(QStringLiteral("node"), {QStringLiteral("--check"), path});
                QVERIFY2(checked.ok(), qPrintable(what + QStringLiteral("\n") +
                                                  QString::fromUtf8(checked.out + checked.err)));
            } else {
                QVERIFY2(variant.check.startsWith(QLatin1String("no cheap parse check")),
                         qPrintable(variant.check));
            }
        }
    }

    void aMissingToolIsANoteNotAFailure()
    {
        SampleRepository sample = SampleRepository::make();
        QVERIFY(sample.repo && !sample.modified.isEmpty());
        FakeProviderServer server;
        CalibrationSession session(servicesFor(server));
        PlanRequest request;
        request.repositoryPath = sample.repo->path();
        request.bugs = 30;
        request.maxVariantsPerChange = 30;
        request.python = QStringLiteral("/nonexistent/python3");
        request.node = QStringLiteral("/nonexistent/node");
        QString error;
        const std::optional<CalibrationPlan> plan = planOf(session, request, &error);
        QVERIFY2(plan, qPrintable(error));
        QVERIFY(
            plan->notes.contains(QStringLiteral("not parse-checked: python3 is not installed")));
        QVERIFY(plan->notes.contains(QStringLiteral("not parse-checked: node is not installed")));
        QCOMPARE(plan->failedChecks, 0);
    }

    void aFinishedTasksDiffIsASource()
    {
        SampleRepository sample = SampleRepository::make();
        QVERIFY(sample.repo && !sample.modified.isEmpty());
        FakeProviderServer server;
        CalibrationSession session(servicesFor(server));
        PlanRequest request;
        request.repositoryPath = sample.repo->path();
        request.change = Change{sample.base, sample.modified, QStringLiteral("Add the modules"),
                                QStringLiteral("Write the warehouse modules."), 0};
        request.bugs = 5;
        QString error;
        const std::optional<CalibrationPlan> plan = planOf(session, request, &error);
        QVERIFY2(plan, qPrintable(error));
        QCOMPARE(plan->changes.size(), 1);
        QCOMPARE(plan->variants.size(), 5);
        for (const Variant &variant : plan->variants)
            QCOMPARE(sample.repo->revParse(variant.variantCommit + QStringLiteral("^")),
                     sample.base);
    }

    void aHistoryWithNothingToSeedIsAClearError()
    {
        TempRepository repo;
        QVERIFY(repo.writeFile(QStringLiteral("notes.md"), "one\n"));
        QVERIFY(!repo.commitAll(QStringLiteral("first")).isEmpty());
        QVERIFY(repo.writeFile(QStringLiteral("notes.md"), "one\ntwo\n"));
        QVERIFY(!repo.commitAll(QStringLiteral("second")).isEmpty());
        FakeProviderServer server;
        CalibrationSession session(servicesFor(server));
        PlanRequest request;
        request.repositoryPath = repo.path();
        QString error;
        QVERIFY(!planOf(session, request, &error));
        QVERIFY2(error.contains(QStringLiteral("None of the 1 recent changes")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestVariantGeneration)
#include "tst_variantgeneration.moc"
