#include "diff/CodeFont.h"
#include "ui/review/FilesPane.h"
#include "ui/review/ReportLinks.h"
#include "ui/review/RevisionDialog.h"

#include <QApplication>
#include <QFontInfo>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QTest>

using namespace agentdesk::ui;

Q_DECLARE_METATYPE(agentdesk::ui::LineLink)

class TestReviewText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(u".*"_qs)); }

    void lineUrlsRoundTrip_data()
    {
        QTest::addColumn<LineLink>("link");
        QTest::newRow("line") << LineLink{u"src/config.c"_qs, 42, 42, false};
        QTest::newRow("range") << LineLink{u"src/config.c"_qs, 42, 48, false};
        QTest::newRow("odd path") << LineLink{u"docs/a b/ü+x.md"_qs, 3, 3, false};
        QTest::newRow("base side") << LineLink{u"src/old.c"_qs, 7, 9, true};
    }
    void lineUrlsRoundTrip()
    {
        QFETCH(LineLink, link);
        const QUrl url = reportlinks::lineUrl(link);
        QCOMPARE(url.scheme(), u"agentdesk-line"_qs);
        QCOMPARE(reportlinks::parseLineUrl(url), std::optional(link));
        // Through the text a Markdown link carries.
        QCOMPARE(reportlinks::parseLineUrl(QUrl(url.toString(QUrl::FullyEncoded))),
                 std::optional(link));
    }

    void refusesOtherUrls()
    {
        QCOMPARE(reportlinks::parseLineUrl(QUrl(u"https://example.com/a.c#L3"_qs)), std::nullopt);
        QCOMPARE(reportlinks::parseLineUrl(QUrl(u"agentdesk-line:a.c#12"_qs)), std::nullopt);
        QCOMPARE(reportlinks::parseLineUrl(QUrl(u"agentdesk-line:a.c#L0"_qs)), std::nullopt);
    }

    void linksOnlyTheDecisionsSection()
    {
        const QString report = u"## What changed\n\n- Edited src/config.c:10.\n\n"
                               "## Decisions to review\n\n"
                               "- Falls back (src/config.c:88) silently.\n"
                               "- See `src/config.c:20-24` and `trim(x:1)`.\n"
                               "```\nsrc/config.c:5 in a fence\n```\n"
                               "### Detail\n- still a decision: config.c:7\n"
                               "## Which tests passed\n\n- tests/t.c:3 passed\n"_qs;
        const QString linked = reportlinks::linkDecisions(report);
        QVERIFY(linked.contains(u"- Edited src/config.c:10."_qs));
        QVERIFY(linked.contains(u"[src/config.c:88](agentdesk-line:src/config.c#L88)"_qs));
        QVERIFY(linked.contains(u"[`src/config.c:20-24`](agentdesk-line:src/config.c#L20-L24)"_qs));
        QVERIFY(linked.contains(u"`trim(x:1)`"_qs));
        QVERIFY(linked.contains(u"\nsrc/config.c:5 in a fence\n"_qs));
        QVERIFY(linked.contains(u"[config.c:7](agentdesk-line:config.c#L7)"_qs));
        QVERIFY(linked.contains(u"- tests/t.c:3 passed"_qs));
    }

    // The task report's own layout (models/tasks/report): decisions under sub-headings, each
    // place in a code span, "(base side)" after a removed line.
    void linksTheTaskReportsDecisions()
    {
        const QString report = u"## What changed\n\n| `src/parser.cpp` | modified |\n\n"
                               "## Decisions to review\n\n### The implementer's\n\n"
                               "- `src/parser.cpp:11`: Return -1 rather than throw\n"
                               "- `src/old.cpp:7` (base side): dropped the check\n\n"
                               "### The reviewer's\n\n- **P0** `src/parser.cpp:11`: Callers\n\n"
                               "### Detected in the change\n\n"
                               "- **Public API**: `include/demo/parser.h:3`: header changed\n"_qs;
        const QString linked = reportlinks::linkDecisions(report);
        QVERIFY(linked.contains(u"| `src/parser.cpp` | modified |"_qs));
        QCOMPARE(linked.count(u"[`src/parser.cpp:11`](agentdesk-line:src/parser.cpp#L11)"_qs), 2);
        QVERIFY2(linked.contains(
                     u"[`src/old.cpp:7`](agentdesk-line:src/old.cpp?side=old#L7) (base side)"_qs),
                 qPrintable(linked));
        QVERIFY(linked.contains(u"(agentdesk-line:include/demo/parser.h#L3)"_qs));
        const auto old =
            reportlinks::parseLineUrl(QUrl(u"agentdesk-line:src/old.cpp?side=old#L7"_qs));
        QVERIFY(old && old->oldSide && old->line == 7);
    }

    void boldLineOpensASection()
    {
        const QString linked = reportlinks::linkDecisions(
            u"**Decisions to review:**\n- a.py:3\n**Tests**\n- b.py:4"_qs);
        QVERIFY(linked.contains(u"[a.py:3](agentdesk-line:a.py#L3)"_qs));
        QVERIFY(linked.contains(u"- b.py:4"_qs));
    }

    void knownPathsResolveSuffixes()
    {
        const QStringList known{u"src/config.c"_qs, u"src/util/config.h"_qs, u"a/x.c"_qs,
                                u"b/x.c"_qs};
        QCOMPARE(reportlinks::linkReferences(u"see config.c:12"_qs, known),
                 u"see [config.c:12](agentdesk-line:src/config.c#L12)"_qs);
        // Ambiguous, unknown, a URL with a port, a time: left as text.
        for (const QString &text :
             {u"x.c:3"_qs, u"other.c:3"_qs, u"https://example.com:8080/a"_qs, u"at 10:30"_qs})
            QCOMPARE(reportlinks::linkReferences(text, known), text);
        // Already a Markdown link: untouched.
        const QString link = u"[src/config.c:3](https://x.org)"_qs;
        QCOMPARE(reportlinks::linkReferences(link, known), link);
    }

    void revisionRequestChecks_data()
    {
        QTest::addColumn<QString>("request");
        QTest::addColumn<bool>("acceptable");
        QTest::addColumn<QString>("warning"); // a word the warning must contain; empty: none
        QTest::newRow("empty") << u"  \n "_qs << false << QString();
        QTest::newRow("specific")
            << u"In src/config.c:94, return the fallback when config_get() returns NULL."_qs << true
            << QString();
        QTest::newRow("prefill") << RevisionDialog::prefillText(
                                        {u"t"_qs, 5, 0, u"Missing null check"_qs,
                                         u"src/config.c:94"_qs, u"if (!v) return fb;"_qs})
                                 << true << QString();
        QTest::newRow("vague") << u"fix it"_qs << true << u"vague"_qs;
        QTest::newRow("vague, polite") << u"Please address the findings."_qs << true << u"vague"_qs;
        QTest::newRow("vague phrase")
            << u"Please address all the reviewer's review comments!"_qs << true << u"vague"_qs;
        QTest::newRow("numbered") << u"1. Add the null check in parse().\n2. Rename foo_bar.\n"
                                     "3. Add tests for config_get_int."_qs
                                  << true << u"3 separate"_qs;
        QTest::newRow("bullets") << u"- check NULL in config_get_int\n- handle ERANGE"_qs << true
                                 << u"2 separate"_qs;
        QTest::newRow("also") << u"Return the fallback for a NULL value in config_get_int. Also "
                                 "rename trim() to strip()."_qs
                              << true << u"more than one"_qs;
        QTest::newRow("too long") << (u"In config_get_int, "_qs + QString(800, u'x')) << true
                                  << u"long"_qs;
    }
    // The prefilled request keeps a suggested fix's code as code: its own lines, indented.
    void prefillKeepsCodeIndentation()
    {
        RevisionPrefill prefill{u"t"_qs,
                                7,
                                0,
                                u"Missing None check"_qs,
                                u"app/config.py:12"_qs,
                                u"if value is None:\n    return fallback\n"_qs};
        QCOMPARE(RevisionDialog::prefillText(prefill),
                 u"In app/config.py:12, fix: Missing None check.\nSuggested fix:\n"
                 "if value is None:\n    return fallback"_qs);
        RevisionDialog dialog(prefill);
        auto *editor = dialog.findChild<QPlainTextEdit *>(u"revisionRequestEdit"_qs);
        QVERIFY(editor->toPlainText().contains(u"\n    return fallback"_qs));
        QVERIFY(QFontInfo(editor->font()).fixedPitch() ||
                agentdesk::diffview::hasEqualAdvances(editor->font()));
        QVERIFY(dialog.request().endsWith(u"    return fallback"_qs));
    }

    // A narrow file list drops folders first and keeps the file's name readable (was cut at
    // the start: "…ENTDESK_CHECK.md").
    void filePathsElideFoldersFirst()
    {
        const QFontMetrics metrics(QApplication::font());
        const QString path = u"docs/guides/AGENTDESK_CHECK.md"_qs;
        QCOMPARE(FilesPane::elidedPath(path, metrics, metrics.horizontalAdvance(path)), path);
        const QString shorter = u"…/guides/AGENTDESK_CHECK.md"_qs;
        QCOMPARE(FilesPane::elidedPath(path, metrics, metrics.horizontalAdvance(shorter)), shorter);
        const QString name = u"…/AGENTDESK_CHECK.md"_qs;
        QCOMPARE(FilesPane::elidedPath(path, metrics, metrics.horizontalAdvance(name) + 2), name);
        const QString cut =
            FilesPane::elidedPath(path, metrics, metrics.horizontalAdvance(name) / 2);
        QVERIFY2(cut.startsWith(u"…/AG"_qs), qPrintable(cut));
    }

    void revisionRequestChecks()
    {
        QFETCH(QString, request);
        QFETCH(bool, acceptable);
        QFETCH(QString, warning);
        const RequestCheck check = RevisionDialog::check(request);
        QCOMPARE(check.acceptable(), acceptable);
        if (warning.isEmpty()) {
            QVERIFY2(check.warnings.isEmpty(), qPrintable(check.warnings.join(u'|')));
        } else {
            QCOMPARE(check.warnings.size(), 1);
            QVERIFY2(check.warnings.first().contains(warning, Qt::CaseInsensitive),
                     qPrintable(check.warnings.first()));
        }
    }
};

QTEST_MAIN(TestReviewText)
#include "tst_reviewtext.moc"
