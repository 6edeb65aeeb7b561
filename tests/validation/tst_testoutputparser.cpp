#include "tasks/validation/JUnitXmlParser.h"
#include "tasks/validation/TestOutputParser.h"

#include <QFile>
#include <QtTest>

using namespace agentdesk::tasks;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QByteArray sample(const QString &name)
{
    QFile file(QStringLiteral(AGENTDESK_VALIDATION_DATA_DIR "/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing sample %s", qPrintable(name));
    return file.readAll();
}

} // namespace

class TestTestOutputParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void samples_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("format");
        QTest::addColumn<int>("passed");
        QTest::addColumn<int>("failed");
        QTest::addColumn<int>("skipped");
        QTest::addColumn<QStringList>("failedNames");
        QTest::addColumn<QStringList>("somePassedNames");

        // Captured from real runs (ctest 3.25, cargo 1.95) and, for the runners this machine
        // lacks, written to the runners' formats.
        QTest::newRow("ctest mixed")
            << s("ctest_mixed.txt") << s("ctest") << 1 << 4 << 2
            << QStringList{s("math.fails"), s("slow"), s("missing_exe"), s("prints")}
            << QStringList{s("math.passes")};
        QTest::newRow("cargo failing")
            << s("cargo_test_failing.txt") << s("cargo") << 1 << 1 << 2
            << QStringList{s("tests::it_fails")} << QStringList{s("tests::it_works")};
        QTest::newRow("cargo passing with doc-tests")
            << s("cargo_test_passing.txt") << s("cargo") << 3 << 0 << 2 << QStringList{}
            << QStringList{s("tests::it_works"), s("src/lib.rs - add (line 3)")};
        QTest::newRow("pytest -rA") << s("pytest_rA.txt") << s("pytest") << 2 << 2 << 2
                                    << QStringList{s("tests/test_calc.py::test_divide"),
                                                   s("tests/test_parse.py::test_parse_number")}
                                    << QStringList{s("tests/test_calc.py::test_add"),
                                                   s("tests/test_calc.py::test_subtract")};
        QTest::newRow("pytest -v") << s("pytest_verbose.txt") << s("pytest") << 3 << 1 << 1
                                   << QStringList{s("tests/test_calc.py::test_divide")}
                                   << QStringList{s("tests/test_calc.py::test_param[1-2]")};
        QTest::newRow("pytest quiet") << s("pytest_quiet_pass.txt") << s("pytest") << 12 << 0 << 0
                                      << QStringList{} << QStringList{};
        // pytest 7.2 -q: the totals line has no rule around it.
        QTest::newRow("pytest -q failing")
            << s("pytest_q_failing.txt") << s("pytest") << 1 << 1 << 1
            << QStringList{s("test_q.py::test_b")} << QStringList{};
        QTest::newRow("pytest no tests") << s("pytest_no_tests.txt") << s("pytest") << 0 << 0 << 0
                                         << QStringList{} << QStringList{};
        QTest::newRow("jest verbose")
            << s("jest_verbose.txt") << s("jest") << 4 << 1 << 1
            << QStringList{s("src/divide.test.js \u203a divide \u203a throws on zero")}
            << QStringList{s("src/sum.test.js \u203a sum \u203a adds 1 + 2"),
                           s("src/divide.test.js \u203a divide \u203a nested \u203a keeps sign")};
        QTest::newRow("jest default")
            << s("jest_default.txt") << s("jest") << 4 << 1 << 1
            << QStringList{s("src/divide.test.js \u203a divide \u203a throws on zero")}
            << QStringList{};
        QTest::newRow("vitest default")
            << s("vitest_default.txt") << s("vitest") << 3 << 1 << 1
            << QStringList{s("src/divide.test.ts > divide > throws on zero")} << QStringList{};
        QTest::newRow("vitest verbose")
            << s("vitest_verbose.txt") << s("vitest") << 3 << 1 << 1
            << QStringList{s("src/divide.test.ts > divide > throws on zero")}
            << QStringList{s("src/sum.test.ts > sum > adds negatives")};
        QTest::newRow("go -v") << s("go_test_verbose.txt") << s("go") << 3 << 3 << 1
                               << QStringList{s("example.com/calc.TestDivide"),
                                              s("example.com/calc.TestTable"),
                                              s("example.com/calc.TestTable/negative")}
                               << QStringList{s("example.com/calc.TestTable/positive"),
                                              s("example.com/calc/parse.TestParse")};
        QTest::newRow("go -json") << s("go_test_json.txt") << s("go-json") << 1 << 1 << 1
                                  << QStringList{s("example.com/calc.TestDivide")}
                                  << QStringList{s("example.com/calc.TestAdd")};
    }

    void samples()
    {
        QFETCH(QString, file);
        QFETCH(QString, format);
        QFETCH(int, passed);
        QFETCH(int, failed);
        QFETCH(int, skipped);
        QFETCH(QStringList, failedNames);
        QFETCH(QStringList, somePassedNames);

        const TestReport report = TestOutputParser::parse(sample(file));
        QCOMPARE(report.format, format);
        QCOMPARE(report.passed, passed);
        QCOMPARE(report.failed, failed);
        QCOMPARE(report.skipped, skipped);
        QCOMPARE(report.names(TestStatus::Failed), failedNames);
        const QStringList passedNames = report.names(TestStatus::Passed);
        for (const QString &name : somePassedNames)
            QVERIFY2(passedNames.contains(name), qPrintable(passedNames.join(u',')));
    }

    void unrelatedOutputIsNoReport()
    {
        const TestReport report = TestOutputParser::parse(
            "make: Nothing to be done for 'all'.\nbuild finished\ntest the water\n");
        QVERIFY(report.format.isEmpty());
        QCOMPARE(report.total(), 0);
    }

    void severalRunnersMerge()
    {
        const TestReport report = TestOutputParser::parse(sample(s("cargo_test_failing.txt")) +
                                                          sample(s("go_test_verbose.txt")));
        QCOMPARE(report.format, s("go+cargo"));
        QCOMPARE(report.passed, 1 + 3);
        QCOMPARE(report.failed, 1 + 3);
        QCOMPARE(report.skipped, 2 + 1);
    }

    void junitPytest()
    {
        const auto report = JUnitXmlParser::parse(sample(s("junit_pytest.xml")));
        QVERIFY2(report.ok(), qPrintable(report.errorMessage()));
        QCOMPARE(report->format, s("junit"));
        QCOMPARE(report->passed, 2);
        QCOMPARE(report->failed, 2);
        QCOMPARE(report->skipped, 2);
        QCOMPARE(report->names(TestStatus::Failed),
                 (QStringList{s("tests.test_calc.test_divide"),
                              s("tests.test_parse.test_parse_number")}));
    }

    void junitJest()
    {
        const auto report = JUnitXmlParser::parse(sample(s("junit_jest.xml")));
        QVERIFY(report.ok());
        QCOMPARE(report->passed, 1);
        QCOMPARE(report->failed, 1);
        QCOMPARE(report->skipped, 1);
        QCOMPARE(report->names(TestStatus::Skipped),
                 QStringList{s("divide handles NaN.divide handles NaN")});
    }

    void junitInvalid_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::newRow("truncated") << QByteArray("<testsuites><testsuite><testcase name=\"a\">");
        QTest::newRow("not junit") << QByteArray("<project><target/></project>");
        QTest::newRow("empty") << QByteArray();
    }

    void junitInvalid()
    {
        QFETCH(QByteArray, xml);
        const auto report = JUnitXmlParser::parse(xml);
        QVERIFY(!report.ok());
        QCOMPARE(report.errorCode(), s("junit-invalid"));
    }
};

QTEST_GUILESS_MAIN(TestTestOutputParser)
#include "tst_testoutputparser.moc"
