#include "tasks/validation/ValidationCommand.h"
#include "tasks/validation/ValidationResult.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace agentdesk::tasks;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

// A finished run: exit code and named tests "name:p|f|s".
ValidationResult run(const char *commit, int exitCode, const QStringList &tests)
{
    ValidationResult result;
    result.commit = s(commit);
    result.started = true;
    result.exitCode = exitCode;
    for (const QString &test : tests) {
        const QString status = test.section(u':', -1);
        result.report.add(
            {test.section(u':', 0, -2), status == QLatin1String("p")   ? TestStatus::Passed
                                        : status == QLatin1String("f") ? TestStatus::Failed
                                                                       : TestStatus::Skipped});
    }
    return result;
}

} // namespace

class TestValidationResult : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void zeroTestsIsNeverAPass()
    {
        ValidationResult result = run("abc", 0, {});
        QVERIFY(result.zeroTestsRan());
        QVERIFY(!result.passedOverall());
        QCOMPARE(result.summary(), s("no tests ran (exit code 0)"));
        QVERIFY(result.toJson().value(s("zeroTestsRan")).toBool());

        result = run("abc", 0, {s("a:s")}); // only skipped: something ran
        QVERIFY(!result.zeroTestsRan());
        QVERIFY(result.passedOverall());
    }

    void passedOverallNeedsEverything()
    {
        QVERIFY(run("c", 0, {s("a:p")}).passedOverall());
        QVERIFY(!run("c", 1, {s("a:p")}).passedOverall()); // exit code counts
        QVERIFY(!run("c", 0, {s("a:p"), s("b:f")}).passedOverall());
        ValidationResult timedOut = run("c", 0, {s("a:p")});
        timedOut.timedOut = true;
        QVERIFY(!timedOut.passedOverall());
        QCOMPARE(timedOut.summary(), s("1 passed, 0 failed, 0 skipped (timed out)"));
    }

    void reportAddReplacesByName()
    {
        TestReport report;
        report.add({s("a"), TestStatus::Failed});
        report.add({s("b"), TestStatus::Passed});
        report.add({s("a"), TestStatus::Passed});
        QCOMPARE(report.passed, 2);
        QCOMPARE(report.failed, 0);
        QCOMPARE(report.tests.size(), 2);
    }

    void compare_data()
    {
        QTest::addColumn<ValidationResult>("result");
        QTest::addColumn<ValidationResult>("base");
        QTest::addColumn<QStringList>("newlyFailing");
        QTest::addColumn<QStringList>("preexisting");
        QTest::addColumn<QStringList>("fixed");
        QTest::addColumn<QStringList>("missing");

        QTest::newRow("new failure")
            << run("t", 1, {s("a:p"), s("b:f")}) << run("b", 0, {s("a:p"), s("b:p")})
            << QStringList{s("b")} << QStringList{} << QStringList{} << QStringList{};
        QTest::newRow("pre-existing failure")
            << run("t", 1, {s("a:p"), s("b:f")}) << run("b", 1, {s("a:p"), s("b:f")})
            << QStringList{} << QStringList{s("b")} << QStringList{} << QStringList{};
        QTest::newRow("both kinds and a fix")
            << run("t", 1, {s("a:f"), s("b:f"), s("c:p"), s("new:f")})
            << run("b", 1, {s("a:f"), s("b:p"), s("c:f")}) << QStringList{s("b"), s("new")}
            << QStringList{s("a")} << QStringList{s("c")} << QStringList{};
        QTest::newRow("deleted test")
            << run("t", 0, {s("a:p")}) << run("b", 0, {s("a:p"), s("gone:p"), s("off:s")})
            << QStringList{} << QStringList{} << QStringList{} << QStringList{s("gone")};
        QTest::newRow("build broke: no names")
            << run("t", 2, {}) << run("b", 0, {s("a:p")}) << QStringList{s("(the validation run)")}
            << QStringList{} << QStringList{} << QStringList{s("a")};
        QTest::newRow("build broken before too")
            << run("t", 2, {}) << run("b", 2, {}) << QStringList{}
            << QStringList{s("(the validation run)")} << QStringList{} << QStringList{};
    }

    void compare()
    {
        QFETCH(ValidationResult, result);
        QFETCH(ValidationResult, base);
        QFETCH(QStringList, newlyFailing);
        QFETCH(QStringList, preexisting);
        QFETCH(QStringList, fixed);
        QFETCH(QStringList, missing);
        const BaseComparison comparison = compareWithBase(result, base);
        QCOMPARE(comparison.baseCommit, base.commit);
        QCOMPARE(comparison.newlyFailing, newlyFailing);
        QCOMPARE(comparison.preexistingFailing, preexisting);
        QCOMPARE(comparison.fixed, fixed);
        QCOMPARE(comparison.missing, missing);
        QCOMPARE(comparison.noNewFailures(), newlyFailing.isEmpty());
    }

    void detect_data()
    {
        QTest::addColumn<QStringList>("files"); // "path=content"
        QTest::addColumn<QString>("kind");      // empty: nothing detected

        QTest::newRow("cmake") << QStringList{s("CMakeLists.txt=project(x)"),
                                              s("package.json={\"scripts\":{\"test\":\"jest\"}}")}
                               << s("cmake");
        QTest::newRow("npm") << QStringList{s("package.json={\"scripts\":{\"test\":\"jest\"}}")}
                             << s("npm");
        QTest::newRow("npm placeholder is not a suite")
            << QStringList{s("package.json={\"scripts\":{\"test\":\"echo \\\"Error: no test "
                             "specified\\\" && exit 1\"}}")}
            << QString();
        QTest::newRow("pyproject pytest")
            << QStringList{s("pyproject.toml=[tool.pytest.ini_options]\naddopts = \"-q\"\n")}
            << s("pytest");
        QTest::newRow("tests folder")
            << QStringList{s("tests/test_calc.py=def test_a(): pass")} << s("pytest");
        QTest::newRow("pytest.ini") << QStringList{s("pytest.ini=[pytest]")} << s("pytest");
        QTest::newRow("cargo") << QStringList{s("Cargo.toml=[package]\nname = \"x\"\n")}
                               << s("cargo");
        QTest::newRow("go") << QStringList{s("go.mod=module example.com/x\n")} << s("go");
        QTest::newRow("make test")
            << QStringList{s("Makefile=all:\n\techo\n\ntest: all\n\t./run-tests\n")} << s("make");
        QTest::newRow("make without test")
            << QStringList{s("Makefile=all:\n\techo\n")} << QString();
        QTest::newRow("make variable named test")
            << QStringList{s("Makefile=test := 1\nall:\n\techo\n")} << QString();
        QTest::newRow("nothing") << QStringList{s("README.md=hi")} << QString();
    }

    void detect()
    {
        QFETCH(QStringList, files);
        QFETCH(QString, kind);
        QTemporaryDir dir;
        for (const QString &file : files) {
            const QString path = dir.filePath(file.section(u'=', 0, 0));
            QDir().mkpath(QFileInfo(path).absolutePath());
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(file.section(u'=', 1).toUtf8());
        }
        const auto command = ValidationCommand::detect(dir.path());
        QCOMPARE(command.has_value(), !kind.isEmpty());
        if (command) {
            QCOMPARE(command->kind, kind);
            QVERIFY(!command->shellCommand.isEmpty());
            QVERIFY(!command->reason.isEmpty());
        }
    }
};

QTEST_GUILESS_MAIN(TestValidationResult)
#include "tst_validationresult.moc"
