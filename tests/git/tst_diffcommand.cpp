#include "TempRepository.h"
#include "app/commands/DiffCommand.h"
#include "git/GitLibrary.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace agentdesk;
using agentdesk::test::TempRepository;

namespace {

struct CommandOutput
{
    int status = -1;
    QString out;
    QString err;
};

CommandOutput run(const QStringList &arguments)
{
    CommandOutput result;
    QTextStream out(&result.out);
    QTextStream err(&result.err);
    result.status = app::runDiffCommand(arguments, out, err);
    out.flush();
    err.flush();
    return result;
}

} // namespace

class TestDiffCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void jsonMatchesGitNumstat();
    void textListsFilesAndTotals();
    void badArguments_data();
    void badArguments();

private:
    git::GitLibrary m_library;
    TempRepository m_repo;
};

void TestDiffCommand::initTestCase()
{
    QVERIFY(m_repo.writeFile(QStringLiteral("a.txt"), "one\ntwo\nthree\n"));
    QVERIFY(m_repo.writeFile(QStringLiteral("gone.txt"), "bye\n"));
    QVERIFY(!m_repo.commitAll(QStringLiteral("base")).isEmpty());
    QVERIFY(m_repo
                .git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"),
                      QStringLiteral("topic")})
                .ok());
    QVERIFY(m_repo.writeFile(QStringLiteral("a.txt"), "one\nTWO\nthree\nfour\n"));
    QVERIFY(m_repo.removeFile(QStringLiteral("gone.txt")));
    QVERIFY(m_repo.writeFile(QStringLiteral("dir/new file.txt"), "n\n"));
    QVERIFY(!m_repo.commitAll(QStringLiteral("topic")).isEmpty());
}

void TestDiffCommand::jsonMatchesGitNumstat()
{
    const CommandOutput output = run({QStringLiteral("--repo"), m_repo.path(),
                                      QStringLiteral("main..topic"), QStringLiteral("--json")});
    QCOMPARE(output.status, 0);
    QVERIFY(output.err.isEmpty());
    const QJsonObject root = QJsonDocument::fromJson(output.out.toUtf8()).object();
    QCOMPARE(root.value(QStringLiteral("to")).toString(), m_repo.revParse(QStringLiteral("topic")));
    QCOMPARE(root.value(QStringLiteral("base")).toString(),
             m_repo.revParse(QStringLiteral("main")));
    QStringList ours;
    int rows = 0;
    for (const QJsonValue &value : root.value(QStringLiteral("files")).toArray()) {
        const QJsonObject file = value.toObject();
        const QString path = file.value(QStringLiteral("newPath")).toString().isEmpty()
                                 ? file.value(QStringLiteral("oldPath")).toString()
                                 : file.value(QStringLiteral("newPath")).toString();
        ours << QStringLiteral("%1\t%2\t%3")
                    .arg(file.value(QStringLiteral("added")).toInt())
                    .arg(file.value(QStringLiteral("removed")).toInt())
                    .arg(path);
        QVERIFY(file.value(QStringLiteral("rows")).toInt() > 0);
        rows += file.value(QStringLiteral("rows")).toInt();
    }
    ours.sort();
    QStringList git =
        QString::fromUtf8(m_repo
                              .git({QStringLiteral("diff"), QStringLiteral("--numstat"),
                                    QStringLiteral("-M"), QStringLiteral("main...topic")})
                              .out)
            .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    git.sort();
    QCOMPARE(ours, git);
    const QJsonObject totals = root.value(QStringLiteral("totals")).toObject();
    QCOMPARE(totals.value(QStringLiteral("files")).toInt(), 3);
    QCOMPARE(totals.value(QStringLiteral("added")).toInt(), 3);
    QCOMPARE(totals.value(QStringLiteral("removed")).toInt(), 2);
    QCOMPARE(totals.value(QStringLiteral("rows")).toInt(), rows);
}

void TestDiffCommand::textListsFilesAndTotals()
{
    const CommandOutput output =
        run({QStringLiteral("--repo"), m_repo.path(), QStringLiteral("main..topic")});
    QCOMPARE(output.status, 0);
    QVERIFY2(output.out.contains(QStringLiteral("dir/new file.txt")), qPrintable(output.out));
    QVERIFY(output.out.contains(QStringLiteral("deleted")));
    QVERIFY(
        output.out.contains(QStringLiteral("3 files changed, 3 insertions(+), 2 deletions(-)")));
}

void TestDiffCommand::badArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("message");
    QTest::newRow("no repo") << QStringList{QStringLiteral("a..b")} << 2 << "--repo";
    QTest::newRow("no range") << QStringList{QStringLiteral("--repo"), QStringLiteral("/x")} << 2
                              << "FROM..TO";
    QTest::newRow("missing repo") << QStringList{QStringLiteral("--repo"),
                                                 QStringLiteral("/no/such/dir"),
                                                 QStringLiteral("a..b")}
                                  << 1 << "does not exist";
    QTest::newRow("unknown flag") << QStringList{QStringLiteral("--bogus")} << 2 << "--bogus";
}

void TestDiffCommand::badArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, status);
    QFETCH(QString, message);
    const CommandOutput output = run(arguments);
    QCOMPARE(output.status, status);
    QVERIFY2(output.err.contains(message), qPrintable(output.err));
    QVERIFY(output.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestDiffCommand)
#include "tst_diffcommand.moc"
