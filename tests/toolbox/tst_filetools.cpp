#include "WorktreeFixture.h"
#include "agents/toolbox/Toolbox.h"

#include <QJsonArray>
#include <QScopeGuard>
#include <QtTest>

#include <csignal>
#include <sys/resource.h>

using agentdesk::agents::Toolbox;
using agentdesk::agents::ToolboxConfig;
using agentdesk::agents::ToolResult;
using agentdesk::test::WorktreeFixture;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QJsonObject args(std::initializer_list<std::pair<const char *, QJsonValue>> pairs)
{
    QJsonObject object;
    for (const auto &[key, value] : pairs)
        object.insert(QString::fromLatin1(key), value);
    return object;
}

} // namespace

class TestFileTools : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<WorktreeFixture> m_fixture;
    std::unique_ptr<Toolbox> m_toolbox;

    ToolResult call(const char *tool, const QJsonObject &input)
    {
        return m_toolbox->invokeImmediate(s(tool), input);
    }
    QString wt(const char *relative) const { return m_fixture->inWorktree(s(relative)); }

private Q_SLOTS:
    void init()
    {
        m_fixture = std::make_unique<WorktreeFixture>();
        QVERIFY(m_fixture->isValid());
        QByteArray lines;
        for (int i = 1; i <= 10; ++i)
            lines += "line " + QByteArray::number(i) + '\n';
        QVERIFY(WorktreeFixture::write(wt("ten.txt"), lines));
        QVERIFY(WorktreeFixture::write(wt("bin.dat"), QByteArray("abc\0def\nline 1\n", 15)));
        QVERIFY(QFile::link(m_fixture->outsidePath(), wt("outLink")));
        ToolboxConfig config;
        config.worktree = m_fixture->worktreePath();
        config.limits.maxReadLines = 4;
        m_toolbox = std::make_unique<Toolbox>(config);
    }

    void readFileRanges_data()
    {
        QTest::addColumn<QJsonObject>("input");
        QTest::addColumn<bool>("isError");
        QTest::addColumn<QStringList>("expectedLines");
        QTest::addColumn<QString>("mention");

        QTest::newRow("range") << args({{"path", s("ten.txt")}, {"start_line", 3}, {"end_line", 5}})
                               << false
                               << QStringList{s("     3\tline 3"), s("     4\tline 4"),
                                              s("     5\tline 5")}
                               << s("lines 3-5 of 10");
        QTest::newRow("numbers as strings")
            << args({{"path", s("ten.txt")}, {"start_line", s("9")}, {"end_line", s("9")}}) << false
            << QStringList{s("     9\tline 9")} << s("lines 9-9 of 10");
        QTest::newRow("end past the end is clipped")
            << args({{"path", s("ten.txt")}, {"start_line", 9}, {"end_line", 99}}) << false
            << QStringList{s("     9\tline 9"), s("    10\tline 10")} << s("lines 9-10 of 10");
        QTest::newRow("line cap") << args({{"path", s("ten.txt")}}) << false
                                  << QStringList{s("     1\tline 1"), s("     4\tline 4")}
                                  << s("read on with start_line=5");
        QTest::newRow("start past the end") << args({{"path", s("ten.txt")}, {"start_line", 11}})
                                            << true << QStringList{} << s("has 10 lines");
        QTest::newRow("end before start")
            << args({{"path", s("ten.txt")}, {"start_line", 5}, {"end_line", 4}}) << true
            << QStringList{} << s("has 10 lines");
        QTest::newRow("binary") << args({{"path", s("bin.dat")}}) << true << QStringList{}
                                << s("binary");
        QTest::newRow("directory")
            << args({{"path", s(".")}}) << true << QStringList{} << s("list_directory");
        QTest::newRow("missing") << args({{"path", s("nope.txt")}}) << true << QStringList{}
                                 << s("There is no file");
        QTest::newRow("etc passwd")
            << args({{"path", s("/etc/passwd")}}) << true << QStringList{} << s("absolute path");
        QTest::newRow("through symlink") << args({{"path", s("outLink/secret.txt")}}) << true
                                         << QStringList{} << s("outside the worktree");
    }

    void readFileRanges()
    {
        QFETCH(QJsonObject, input);
        QFETCH(bool, isError);
        QFETCH(QStringList, expectedLines);
        QFETCH(QString, mention);
        const ToolResult result = call("read_file", input);
        QCOMPARE(result.isError, isError);
        QVERIFY2(result.text.contains(mention), qPrintable(result.text));
        for (const QString &line : expectedLines)
            QVERIFY2(result.text.contains(line + QLatin1Char('\n')), qPrintable(result.text));
        QVERIFY(!result.text.contains(s("outside secret")));
    }

    void editFileUnique()
    {
        const ToolResult result = call("edit_file", args({{"path", s("ten.txt")},
                                                          {"old_text", s("line 7\n")},
                                                          {"new_text", s("seven\nand more\n")}}));
        QVERIFY2(!result.isError, qPrintable(result.text));
        QVERIFY(result.text.contains(s("line 7")));
        const QByteArray content = WorktreeFixture::read(wt("ten.txt"));
        QVERIFY(content.contains("line 6\nseven\nand more\nline 8\n"));
        QVERIFY(!content.contains("line 7"));
    }

    void editFileErrors_data()
    {
        QTest::addColumn<QJsonObject>("input");
        QTest::addColumn<QString>("mention");
        QTest::newRow("zero matches")
            << args({{"path", s("ten.txt")}, {"old_text", s("line 77")}, {"new_text", s("x")}})
            << s("was not found");
        QTest::newRow("two matches")
            << args({{"path", s("ten.txt")}, {"old_text", s("line 1")}, {"new_text", s("x")}})
            << s("occurs 2 times in 'ten.txt' (at lines 1, 10)");
        QTest::newRow("whitespace differs")
            << args({{"path", s("ten.txt")}, {"old_text", s("line  3")}, {"new_text", s("x")}})
            << s("was not found");
        QTest::newRow("empty old text")
            << args({{"path", s("ten.txt")}, {"old_text", s("")}, {"new_text", s("x")}})
            << s("old_text is empty");
        QTest::newRow("identical")
            << args({{"path", s("ten.txt")}, {"old_text", s("line 3")}, {"new_text", s("line 3")}})
            << s("identical");
        QTest::newRow("binary") << args({{"path", s("bin.dat")},
                                         {"old_text", s("abc")},
                                         {"new_text", s("x")}})
                                << s("binary");
        QTest::newRow("missing file")
            << args({{"path", s("nope.txt")}, {"old_text", s("a")}, {"new_text", s("x")}})
            << s("There is no file");
        QTest::newRow("outside through link") << args({{"path", s("outLink/secret.txt")},
                                                       {"old_text", s("outside")},
                                                       {"new_text", s("pwned")}})
                                              << s("outside the worktree");
        QTest::newRow("git file") << args({{"path", s(".git")},
                                           {"old_text", s("gitdir")},
                                           {"new_text", s("x")}})
                                  << s("git's own files");
    }

    void editFileErrors()
    {
        QFETCH(QJsonObject, input);
        QFETCH(QString, mention);
        const QByteArray before = WorktreeFixture::read(wt("ten.txt"));
        const QByteArray gitFile = WorktreeFixture::read(wt(".git"));
        const ToolResult result = call("edit_file", input);
        QVERIFY(result.isError);
        QVERIFY2(result.text.contains(mention), qPrintable(result.text));
        QCOMPARE(WorktreeFixture::read(wt("ten.txt")), before);
        QCOMPARE(WorktreeFixture::read(wt(".git")), gitFile);
        QCOMPARE(WorktreeFixture::read(m_fixture->outsidePath() + s("/secret.txt")),
                 QByteArray("outside secret\n"));
    }

    void writeFileCreatesFolders()
    {
        const ToolResult result =
            call("write_file", args({{"path", s("a/b/c.txt")}, {"content", s("h\u00e9llo\n")}}));
        QVERIFY2(!result.isError, qPrintable(result.text));
        QCOMPARE(WorktreeFixture::read(wt("a/b/c.txt")), QByteArray("h\xc3\xa9llo\n"));
        // git sees the new file where the model put it.
        const auto status = agentdesk::test::runGit(
            m_fixture->worktreePath(), {s("status"), s("--porcelain"), s("--untracked-files=all")});
        QVERIFY(status.out.contains("?? a/b/c.txt"));
    }

    void writeFileRefusesEscapes_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("hostPath"); // must not exist afterwards
        QTest::newRow("parent") << s("../outside/p1.txt") << s("outside/p1.txt");
        QTest::newRow("through link") << s("outLink/p2.txt") << s("outside/p2.txt");
        QTest::newRow("absolute") << s("/tmp/agentdesk-p3.txt") << s("/tmp/agentdesk-p3.txt");
        QTest::newRow("hook") << s(".git/hooks/pre-commit") << s("repo/.git/hooks/pre-commit");
    }

    void writeFileRefusesEscapes()
    {
        QFETCH(QString, path);
        QFETCH(QString, hostPath);
        const ToolResult result =
            call("write_file", args({{"path", path}, {"content", s("pwned")}}));
        QVERIFY(result.isError);
        const QString host =
            hostPath.startsWith(QLatin1Char('/')) ? hostPath : m_fixture->base() + u'/' + hostPath;
        QVERIFY(!QFileInfo::exists(host));
    }

    // "a\u0000b.txt" must not write "a"; ".GIT/config" must not answer "Created" and then be
    // left out of the commit (libgit2 refuses such a path).
    void writeFileRefusesNamesGitWouldNotCommit_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("mustNotExist");
        QTest::newRow("NUL") << QString(s("a") + QChar(0) + s("b.txt")) << s("a");
        QTest::newRow(".GIT") << s(".GIT/config") << s(".GIT");
        QTest::newRow(".Git hooks") << s(".Git/hooks/pre-commit") << s(".Git");
    }

    void writeFileRefusesNamesGitWouldNotCommit()
    {
        QFETCH(QString, path);
        QFETCH(QString, mustNotExist);
        const ToolResult result = call("write_file", args({{"path", path}, {"content", s("x")}}));
        QVERIFY2(result.isError, qPrintable(result.text));
        QVERIFY(!result.text.contains(QLatin1String("Created")));
        QVERIFY(!QFileInfo::exists(wt(qPrintable(mustNotExist))));
    }

    // A full disk (the file size limit stands in: writes past it fail as ENOSPC does): the
    // model is told the write failed, and no empty file is left for the commit.
    void writeFileOnAFullDiskFailsAndLeavesNothing()
    {
        QVERIFY(
            !call("write_file", args({{"path", s("kept.txt")}, {"content", s("old")}})).isError);
        rlimit original{};
        ::getrlimit(RLIMIT_FSIZE, &original);
        rlimit limited = original;
        limited.rlim_cur = 2;
        const auto previous = std::signal(SIGXFSZ, SIG_IGN);
        auto restore = qScopeGuard([&] {
            ::setrlimit(RLIMIT_FSIZE, &original);
            std::signal(SIGXFSZ, previous);
        });
        QCOMPARE(::setrlimit(RLIMIT_FSIZE, &limited), 0);
        const ToolResult created =
            call("write_file", args({{"path", s("g.txt")}, {"content", s("hello")}}));
        const ToolResult overwritten =
            call("write_file", args({{"path", s("kept.txt")}, {"content", s("hello")}}));
        const ToolResult edited = call("edit_file", args({{"path", s("kept.txt")},
                                                          {"old_text", s("old")},
                                                          {"new_text", s("new and longer")}}));
        restore.dismiss();
        ::setrlimit(RLIMIT_FSIZE, &original);
        std::signal(SIGXFSZ, previous);
        for (const ToolResult &result : {created, overwritten, edited}) {
            QVERIFY2(result.isError, qPrintable(result.text));
            QVERIFY2(result.text.contains(QLatin1String("Nothing was written")),
                     qPrintable(result.text));
        }
        QVERIFY2(!QFileInfo::exists(wt("g.txt")), "an empty g.txt was left to be committed");
        QCOMPARE(WorktreeFixture::read(wt("kept.txt")), QByteArray("old"));
    }

    void writeThroughDanglingLinkIsRefused()
    {
        const QString target = m_fixture->outsidePath() + s("/created-by-link.txt");
        QVERIFY(QFile::link(target, wt("dangling")));
        const ToolResult result =
            call("write_file", args({{"path", s("dangling")}, {"content", s("x")}}));
        QVERIFY(result.isError);
        QVERIFY(!QFileInfo::exists(target));
    }

    void searchBounds()
    {
        QByteArray many;
        for (int i = 0; i < 20; ++i)
            many += "needle " + QByteArray::number(i) + '\n';
        QVERIFY(WorktreeFixture::write(wt("many.txt"), many));
        const ToolResult result =
            call("search_text", args({{"pattern", s("needle \\d+")}, {"max_results", 5}}));
        QVERIFY(!result.isError);
        const QStringList lines = result.text.split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 6);
        QCOMPARE(lines.first(), s("many.txt:1: needle 0"));
        QVERIFY(lines.last().contains(s("stopped at 5 matches")));
    }

    void searchSkipsGitBinaryAndLinks()
    {
        QVERIFY(WorktreeFixture::write(wt("sub/.git/config"), "marker-xyz\n"));
        QVERIFY(WorktreeFixture::write(wt("blob.bin"), QByteArray("marker-xyz\0", 11)));
        QVERIFY(WorktreeFixture::write(m_fixture->outsidePath() + s("/o.txt"), "marker-xyz\n"));
        QVERIFY(WorktreeFixture::write(wt("src/found.txt"), "a\nthe marker-xyz here\n"));
        const ToolResult result = call("search_text", args({{"pattern", s("marker-xyz")}}));
        QVERIFY(!result.isError);
        QCOMPARE(result.text, s("src/found.txt:2: the marker-xyz here"));
    }

    void searchLiteralAndInvalidRegex()
    {
        QVERIFY(WorktreeFixture::write(wt("re.txt"), "call(a[0]);\ncalla0;\n"));
        ToolResult result = call("search_text", args({{"pattern", s("a[0]")}, {"literal", true}}));
        QCOMPARE(result.text, s("re.txt:1: call(a[0]);"));
        result = call("search_text", args({{"pattern", s("a[0")}}));
        QVERIFY(result.isError);
        QVERIFY(result.text.contains(s("literal")));
        result = call("search_text", args({{"pattern", s("x")}, {"path", s("outLink")}}));
        QVERIFY(result.isError);
        result = call("search_text", args({{"pattern", s("CALLA0")}, {"case_insensitive", true}}));
        QCOMPARE(result.text, s("re.txt:2: calla0;"));
    }

    void listDirectory()
    {
        QVERIFY(WorktreeFixture::write(wt("dir/x.txt"), "12345"));
        ToolResult result = call("list_directory", args({{"path", s("dir")}}));
        QVERIFY(!result.isError);
        QCOMPARE(result.text, s("dir (1 entries)\nx.txt (5 bytes)"));
        result = call("list_directory", QJsonObject());
        QVERIFY(result.text.contains(s("\ndir/\n")));
        QVERIFY(result.text.contains(s("outLink@")));
        result = call("list_directory", args({{"path", s("outLink")}}));
        QVERIFY(result.isError);
        QVERIFY(!result.text.contains(s("secret.txt")));
    }

    void finishRecordsReport()
    {
        ToolResult result = call("finish", args({{"summary", s("")}}));
        QVERIFY(result.isError);
        result =
            call("finish",
                 args({{"summary", s("Done")},
                       {"decisions",
                        QJsonArray{args({{"description", s("x")}, {"file", s("/etc/passwd")}})}}}));
        QVERIFY(result.isError);
        QVERIFY(!m_toolbox->finishReport().has_value());
        result =
            call("finish", args({{"summary", s("Added tests")},
                                 {"decisions", QJsonArray{args({{"description", s("Chose UTC")},
                                                                {"file", s("ten.txt")},
                                                                {"line", 3}})}}}));
        QVERIFY2(!result.isError, qPrintable(result.text));
        QVERIFY(m_toolbox->finishReport().has_value());
        const auto &report = *m_toolbox->finishReport();
        QCOMPARE(report.summary, s("Added tests"));
        QCOMPARE(report.decisions.size(), 1);
        QCOMPARE(report.decisions.first().file, s("ten.txt"));
        QCOMPARE(report.decisions.first().line, 3);
    }

    void unknownTool()
    {
        const ToolResult result = call("rm_rf", QJsonObject());
        QVERIFY(result.isError);
        QVERIFY(result.text.contains(s("edit_file")));
    }

    void schemasAreObjects()
    {
        const auto schemas = Toolbox::schemas();
        QStringList names;
        for (const auto &schema : schemas) {
            names << schema.name;
            QCOMPARE(schema.inputSchema.value(s("type")).toString(), s("object"));
            QVERIFY(!schema.description.isEmpty());
            const QJsonObject properties = schema.inputSchema.value(s("properties")).toObject();
            for (const QJsonValue &required : schema.inputSchema.value(s("required")).toArray())
                QVERIFY(properties.contains(required.toString()));
        }
        QCOMPARE(names,
                 (QStringList{s("list_directory"), s("read_file"), s("search_text"),
                              s("write_file"), s("edit_file"), s("run_command"), s("finish")}));
    }
};

QTEST_GUILESS_MAIN(TestFileTools)
#include "tst_filetools.moc"
