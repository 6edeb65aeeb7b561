#include "TestProcess.h"
#include "tasks/validation/ValidationRunner.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace agentdesk::tasks;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

ValidationResult validate(const ValidationRequest &request)
{
    ValidationRunner runner;
    QSignalSpy spy(&runner, &ValidationRunner::finished);
    if (!runner.start(request) || !spy.wait(240000))
        return {};
    return spy.first().first().value<ValidationResult>();
}

// A tiny CMake project with one real C++ test program and tests that pass, fail, skip and are
// disabled, so ctest's real output is what the parser reads.
const char *kCMakeProject = R"(cmake_minimum_required(VERSION 3.16)
project(tiny CXX)
enable_testing()
add_executable(check_math check_math.cpp)
add_test(NAME math.adds COMMAND check_math add)
add_test(NAME math.divides COMMAND check_math divide)
add_test(NAME later COMMAND check_math skip)
set_tests_properties(later PROPERTIES SKIP_RETURN_CODE 77)
add_test(NAME off COMMAND check_math add)
set_tests_properties(off PROPERTIES DISABLED TRUE)
)";

const char *kCheckMath = R"(#include <cstdio>
#include <cstring>
int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    if (std::strcmp(argv[1], "add") == 0) return 1 + 1 == 2 ? 0 : 1;
    if (std::strcmp(argv[1], "skip") == 0) return 77;
    std::puts("divide: expected 2, got 3");
    return 1;
}
)";

} // namespace

class TestValidationRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cmakeProjectThroughCtest()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(s("CMakeLists.txt")), kCMakeProject));
        QVERIFY(writeFile(dir.filePath(s("check_math.cpp")), kCheckMath));
        ValidationRequest request;
        request.directory = dir.path();
        request.commit = s("1111111111111111111111111111111111111111");
        const ValidationResult result = validate(request);
        QVERIFY2(result.started, qPrintable(result.error));
        QVERIFY(result.command.contains(s("ctest")));
        QCOMPARE(result.commit, request.commit);
        QVERIFY2(result.report.format == s("ctest"), qPrintable(result.outputExcerpt));
        QCOMPARE(result.passed(), 1);
        QCOMPARE(result.failed(), 1);
        QCOMPARE(result.skipped(), 2);
        QCOMPARE(result.report.names(TestStatus::Failed), QStringList{s("math.divides")});
        QCOMPARE(result.report.names(TestStatus::Passed), QStringList{s("math.adds")});
        QVERIFY(result.exitCode != 0);
        QVERIFY(!result.passedOverall());
        QVERIFY(result.outputExcerpt.contains(s("divide: expected 2, got 3")));
        // The build went to the scratch folder, not into the tree being validated.
        QStringList left = QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
        left.sort();
        QCOMPARE(left, (QStringList{s("CMakeLists.txt"), s("check_math.cpp")}));
        QVERIFY(!result.sandboxNote.isEmpty());
    }

    void projectWithoutTestsRanZero()
    {
        QTemporaryDir dir;
        QVERIFY(writeFile(dir.filePath(s("CMakeLists.txt")),
                          "cmake_minimum_required(VERSION 3.16)\nproject(empty NONE)\n"
                          "enable_testing()\n"));
        ValidationRequest request;
        request.directory = dir.path();
        request.commit = s("2222222222222222222222222222222222222222");
        const ValidationResult result = validate(request);
        QVERIFY(result.started);
        QCOMPARE(result.exitCode, 0); // ctest itself is content with no tests
        QVERIFY(result.zeroTestsRan());
        QVERIFY(!result.passedOverall());
    }

    void comparesWithBaseRun()
    {
        // The base: one test fails already; the task breaks another.
        auto project = [](const char *aCode, const char *bCode) -> QByteArray {
            return QByteArray("cmake_minimum_required(VERSION 3.16)\nproject(p NONE)\n"
                              "enable_testing()\n"
                              "add_test(NAME a COMMAND sh -c \"exit ") +
                   aCode + "\")\nadd_test(NAME b COMMAND sh -c \"exit " + bCode +
                   "\")\nadd_test(NAME c COMMAND sh -c \"exit 1\")\n";
        };
        QTemporaryDir base;
        QTemporaryDir task;
        QVERIFY(writeFile(base.filePath(s("CMakeLists.txt")), project("0", "0")));
        QVERIFY(writeFile(task.filePath(s("CMakeLists.txt")), project("0", "1")));
        ValidationRequest request;
        request.directory = base.path();
        request.commit = s("base");
        const ValidationResult baseResult = validate(request);
        request.directory = task.path();
        request.commit = s("task");
        const ValidationResult taskResult = validate(request);
        QCOMPARE(baseResult.failed(), 1);
        QCOMPARE(taskResult.failed(), 2);
        const BaseComparison comparison = compareWithBase(taskResult, baseResult);
        QCOMPARE(comparison.baseCommit, s("base"));
        QCOMPARE(comparison.newlyFailing, QStringList{s("b")});
        QCOMPARE(comparison.preexistingFailing, QStringList{s("c")});
    }

    void customCommandTimesOut()
    {
        QTemporaryDir dir;
        ValidationRequest request;
        request.directory = dir.path();
        request.command = s("echo building; sleep 300");
        // Long enough for the (sandboxed) shell to start and print on a loaded machine.
        request.timeoutMs = 3000;
        const ValidationResult result = validate(request);
        QVERIFY(result.started);
        QVERIFY(result.timedOut);
        QVERIFY(!result.passedOverall());
        QVERIFY(result.outputExcerpt.contains(s("building")));
        QVERIFY(result.summary().contains(s("timed out")));
    }

    void environmentIsScrubbed()
    {
        qputenv("ANTHROPIC_API_KEY", "sk-ant-planted-9999");
        qputenv("SOME_SERVICE_TOKEN", "planted-token-8888");
        QTemporaryDir dir;
        ValidationRequest request;
        request.directory = dir.path();
        request.command = s("env; echo \"build dir: $VALIDATION_BUILD_DIR\"");
        const ValidationResult result = validate(request);
        QVERIFY(result.started);
        QCOMPARE(result.exitCode, 0);
        QVERIFY(!result.outputExcerpt.contains(s("planted")));
        QVERIFY(result.outputExcerpt.contains(s("build dir: /")));
    }

    void junitWrittenByTheRunIsRead()
    {
        QTemporaryDir dir;
        // A stale report from an earlier run must not count.
        QVERIFY(writeFile(dir.filePath(s("old/TEST-stale.xml")),
                          "<testsuite><testcase classname=\"old\" name=\"stale\"/></testsuite>"));
        QFile stale(dir.filePath(s("old/TEST-stale.xml")));
        QVERIFY(stale.open(QIODevice::ReadWrite));
        QVERIFY(stale.setFileTime(QDateTime::currentDateTime().addSecs(-3600),
                                  QFileDevice::FileModificationTime));
        stale.close();
        ValidationRequest request;
        request.directory = dir.path();
        request.command =
            s("mkdir -p reports && printf '%s' '<testsuites><testsuite name=\"s\">"
              "<testcase classname=\"suite\" name=\"ok\"/>"
              "<testcase classname=\"suite\" name=\"bad\"><failure message=\"no\"/></testcase>"
              "<testcase classname=\"suite\" name=\"later\"><skipped/></testcase>"
              "</testsuite></testsuites>' > reports/junit.xml; "
              "echo 'test it ... ok'; exit 1");
        ValidationResult result = validate(request);
        QCOMPARE(result.report.format, s("junit"));
        QCOMPARE(result.passed(), 1);
        QCOMPARE(result.failed(), 1);
        QCOMPARE(result.skipped(), 1);
        QCOMPARE(result.report.names(TestStatus::Failed), QStringList{s("suite.bad")});

        // An explicit pattern reads exactly what it names, however old.
        request.command = s("true");
        request.junitPatterns = {s("old/TEST-*.xml")};
        result = validate(request);
        QCOMPARE(result.report.names(TestStatus::Passed), QStringList{s("old.stale")});
    }

    void sandboxKeepsWritesInside()
    {
        QTemporaryDir outside;
        QTemporaryDir dir;
        const QString planted = outside.filePath(s("planted.txt"));
        ValidationRequest request;
        request.directory = dir.path();
        request.command = s("echo x > '%1'; echo ok > inside.txt; echo 'test a ... ok'; "
                            "echo 'test result: ok. 1 passed; 0 failed; 0 ignored;'")
                              .arg(planted);
        ValidationResult result = validate(request);
        if (!result.sandboxed)
            QSKIP(qPrintable(result.sandboxNote));
        QVERIFY(result.sandboxNote.startsWith(s("sandboxed")));
        QVERIFY(!QFileInfo::exists(planted));
        QVERIFY(QFileInfo::exists(dir.filePath(s("inside.txt"))));
        QVERIFY(result.passedOverall());

        // Control: the same command unsandboxed does write there, and says it was not confined.
        request.sandbox = false;
        result = validate(request);
        QVERIFY(!result.sandboxed);
        QVERIFY(result.sandboxNote.startsWith(s("not sandboxed: ")));
        QVERIFY(QFileInfo::exists(planted));
    }

    void cancelStopsTheRun()
    {
        QTemporaryDir dir;
        ValidationRequest request;
        request.directory = dir.path();
        request.command = s("sleep 300");
        ValidationRunner runner;
        QSignalSpy spy(&runner, &ValidationRunner::finished);
        QVERIFY(runner.start(request));
        QVERIFY(!runner.start(request));
        runner.cancel();
        QVERIFY(spy.wait(10000));
        const auto result = spy.first().first().value<ValidationResult>();
        QVERIFY(!result.passedOverall());
        QVERIFY(!runner.isRunning());
    }

    void nothingToRun()
    {
        QTemporaryDir dir;
        ValidationRequest request;
        request.directory = dir.path();
        ValidationRunner runner;
        QSignalSpy spy(&runner, &ValidationRunner::finished);
        QVERIFY(runner.start(request));
        QCOMPARE(spy.size(), 0); // never from inside start()
        QVERIFY(spy.wait(5000));
        const auto result = spy.first().first().value<ValidationResult>();
        QVERIFY(!result.started);
        QVERIFY(result.error.contains(s("Set one in the task")));
        QVERIFY(!result.passedOverall());
    }
};

QTEST_GUILESS_MAIN(TestValidationRunner)
#include "tst_validationrunner.moc"
