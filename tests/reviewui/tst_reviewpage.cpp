#include "ReviewSample.h"
#include "diff/DiffView.h"
#include "git/GitLibrary.h"
#include "itemmodels/DiffFilesModel.h"
#include "ui/review/ActionBar.h"
#include "ui/review/FindingsPanel.h"
#include "ui/review/ReportView.h"
#include "ui/review/ReviewHeader.h"
#include "ui/review/ReviewPage.h"
#include "ui/review/RevisionDialog.h"
#include "ui/review/TimelinePanel.h"
#include "ui/review/ValidationPanel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFontMetricsF>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
#include <QTest>
#include <QTextBlock>
#include <QToolButton>
#include <QTreeView>

using namespace agentdesk;
using namespace agentdesk::ui;
using itemmodels::ReviewSnapshot;
using test::ReviewSample;

namespace {

const QString configC = QStringLiteral("src/config.c");

// Whether the diff view shows the row of `line` on the new side of `path` on screen.
bool lineOnScreen(const diffview::DiffView &view, const QString &path, int line)
{
    const auto location = view.document()->locate(path, review::Side::New, line);
    if (!location)
        return false;
    const int display = view.layout().displayIndexOf(location->file, location->row);
    const QRect rect = view.displayRowRect(display);
    return rect.isValid() && view.viewport()->rect().contains(rect.center());
}

bool findingOnScreen(const diffview::DiffView &view, int finding)
{
    const review::Finding &f = view.findings()[size_t(finding)];
    return lineOnScreen(view, f.file, f.startLine);
}

tasks::GateReason reason(tasks::GateReason::Kind kind, const QString &text, QStringList paths = {},
                         QList<qint64> ids = {})
{
    return tasks::GateReason{kind, text, std::move(paths), std::move(ids)};
}

} // namespace

class TestReviewPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_sample = ReviewSample::create();
        QVERIFY(m_sample);
    }

    void init()
    {
        // Any warning fails, except the offscreen platform's own notice.
        QTest::failOnWarning(QRegularExpression(u"^(?!This plugin does not support).*"_qs));
        m_page = std::make_unique<ReviewPage>();
        m_page->resize(1280, 760);
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page.get()));
        m_page->setSnapshot(m_sample->snapshot(1));
    }
    void cleanup() { m_page.reset(); }

    void headerShowsTheTask()
    {
        ReviewHeader *header = m_page->header();
        QCOMPARE(header->titleLabel()->text(), u"Read integer settings from the config file"_qs);
        QCOMPARE(header->stateBadge()->text(), u"Ready for review"_qs);
        // The exact base commit, abbreviated, with the branch and the standing.
        const QString branch = header->branchLabel()->text();
        QVERIFY2(branch.contains(m_sample->baseCommit().left(7)), qPrintable(branch));
        QVERIFY(branch.contains(u"agentdesk/7-integer-settings"_qs));
        QVERIFY(branch.contains(u"1 commit ahead"_qs));
        QVERIFY(header->staleBadge()->isVisible()); // main moved on
        QVERIFY(!header->conflictBadge()->isVisible());
        const QString models = header->modelsLabel()->text();
        QVERIFY(models.contains(u"anthropic:claude-sonnet-4-5"_qs));
        QVERIFY(models.contains(u"openai:gpt-5-mini"_qs));
        QVERIFY(models.contains(u"Cost <b>$0.628</b> of $2.00"_qs)); // 0.621810 + 0.006345
        QVERIFY(models.contains(u"7 min 12 s"_qs));
    }

    // Merge is enabled exactly when the gate allows it; otherwise each reason is listed.
    void mergeFollowsTheGate_data()
    {
        QTest::addColumn<tasks::GateAnswer>("gate");
        QTest::addColumn<bool>("enabled");
        QTest::addColumn<QStringList>("reasons");
        tasks::GateAnswer allowed;
        allowed.headCommit = allowed.validatedCommit = u"0123456789abcdef"_qs;
        QTest::newRow("allowed") << allowed << true
                                 << QStringList{u"Ready to merge into main: validated at "
                                                "0123456, no blocking findings."_qs};
        tasks::GateAnswer blocked;
        blocked.reasons = {
            reason(tasks::GateReason::Kind::NotValidated, u"The branch head was not validated."_qs),
            reason(tasks::GateReason::Kind::WouldConflict, u"Merging into main would conflict."_qs,
                   {u"src/config.c"_qs})};
        QTest::newRow("two reasons")
            << blocked << false
            << QStringList{u"The branch head was not validated."_qs,
                           u"Merging into main would conflict. (src/config.c)"_qs};
        tasks::GateAnswer notReady;
        notReady.reasons = {reason(tasks::GateReason::Kind::NotReady, QString())};
        QTest::newRow("reason without text") << notReady << false << QStringList{u"not-ready"_qs};
        // An empty answer is a gate that was never worked out, not one without reasons.
        QTest::newRow("no gate computed")
            << tasks::GateAnswer() << false
            << QStringList{u"The merge gate has not been worked out for this task."_qs};
    }
    void mergeFollowsTheGate()
    {
        QFETCH(tasks::GateAnswer, gate);
        QFETCH(bool, enabled);
        QFETCH(QStringList, reasons);
        m_page->updateGate(gate);
        QCOMPARE(m_page->actionBar()->mergeButton()->isEnabled(), enabled);
        QCOMPARE(m_page->mergeAction()->isEnabled(), enabled);
        QCOMPARE(m_page->actionBar()->reasonTexts(), reasons);
        QCOMPARE(m_page->actionBar()->acknowledgeBlockersButton() != nullptr, false);
        QSignalSpy merge(m_page.get(), &ReviewPage::mergeRequested);
        QTest::mouseClick(m_page->actionBar()->mergeButton(), Qt::LeftButton);
        QCOMPARE(merge.count(), enabled ? 1 : 0);
        // A conflict with the base shows in the header too.
        QCOMPARE(m_page->header()->conflictBadge()->isVisibleTo(m_page.get()), reasons.size() == 2);
    }

    // The actions offer only what the engine accepts in the task's state.
    void actionsFollowTheTaskState_data()
    {
        QTest::addColumn<tasks::TaskState>("state");
        QTest::addColumn<bool>("revise");
        QTest::addColumn<bool>("reject");
        QTest::newRow("ready") << tasks::TaskState::ReadyForReview << true << true;
        QTest::newRow("paused") << tasks::TaskState::Paused << false << true;
        QTest::newRow("failed") << tasks::TaskState::Failed << false << true;
        QTest::newRow("queued") << tasks::TaskState::Queued << false << false;
        QTest::newRow("implementing") << tasks::TaskState::Implementing << false << false;
        QTest::newRow("merged") << tasks::TaskState::Merged << false << false;
    }
    void actionsFollowTheTaskState()
    {
        QFETCH(tasks::TaskState, state);
        QFETCH(bool, revise);
        QFETCH(bool, reject);
        itemmodels::ReviewSnapshot snapshot = m_sample->snapshot(1);
        snapshot.task.state = state;
        m_page->setSnapshot(snapshot);
        QCOMPARE(m_page->revisionAction()->isEnabled(), revise);
        QCOMPARE(m_page->rejectAction()->isEnabled(), reject);
        if (state != tasks::TaskState::ReadyForReview)
            QVERIFY(!m_page->mergeAction()->isEnabled());
    }

    void blockingFindingsCanBeAcknowledged()
    {
        ActionBar *bar = m_page->actionBar();
        QVERIFY(!bar->mergeButton()->isEnabled());
        QCOMPARE(bar->reasonTexts().size(), 1);
        QVERIFY(bar->reasonTexts().first().startsWith(u"1 blocking finding"_qs));
        QPushButton *acknowledge = bar->acknowledgeBlockersButton();
        QVERIFY(acknowledge);
        QVERIFY(acknowledge->toolTip().contains(u"passes NULL to strtol"_qs));
        QSignalSpy spy(m_page.get(), &ReviewPage::acknowledgeRequested);
        QTest::mouseClick(acknowledge, Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toLongLong(), ReviewSample::nullCheckFindingId);
        QCOMPARE(spy.at(0).at(1).toBool(), true);
        const int index = m_page->findingIndexOf(ReviewSample::nullCheckFindingId);
        QVERIFY(m_page->findingsPanel()->model()->findings()[size_t(index)].acknowledged);
        // The engine answers with a new gate: merge opens.
        tasks::GateAnswer gate = m_page->snapshot().gate;
        gate.reasons.clear();
        m_page->updateGate(gate);
        QVERIFY(bar->mergeButton()->isEnabled());
    }

    void busyDisablesEveryAction()
    {
        ReviewSnapshot snapshot = m_sample->snapshot(2);
        m_page->setSnapshot(snapshot);
        QVERIFY(m_page->actionBar()->mergeButton()->isEnabled());
        m_page->setBusy(u"Merging: validating the merge result…"_qs);
        ActionBar *bar = m_page->actionBar();
        QVERIFY(bar->progressBar()->isVisible());
        QCOMPARE(bar->busyLabel()->text(), u"Merging: validating the merge result…"_qs);
        for (QPushButton *button : {bar->mergeButton(), bar->revisionButton(), bar->rejectButton()})
            QVERIFY(!button->isEnabled());
        QSignalSpy merge(m_page.get(), &ReviewPage::mergeRequested);
        m_page->mergeAction()->trigger();
        QCOMPARE(merge.count(), 0);
        m_page->setBusy({});
        QVERIFY(!bar->progressBar()->isVisible());
        QVERIFY(bar->mergeButton()->isEnabled());
        m_page->mergeAction()->trigger();
        QCOMPARE(merge.count(), 1);
        QCOMPARE(merge.at(0).at(0).toLongLong(), 7);
    }

    void shortcutsAreDocumentedAndWork()
    {
        ActionBar *bar = m_page->actionBar();
        QVERIFY(bar->mergeButton()->toolTip().contains(u"Ctrl+Shift+M"_qs));
        QVERIFY(bar->revisionButton()->toolTip().contains(u"Ctrl+Shift+R"_qs));
        QVERIFY(bar->rejectButton()->toolTip().contains(u"Ctrl+Shift+X"_qs));
        QVERIFY(
            m_page->findingsPanel()->acknowledgeButton()->toolTip().contains(u"Ctrl+Shift+A"_qs));
        QVERIFY(m_page->sinceLastIterationToggle()->toolTip().contains(u"Ctrl+Shift+I"_qs));
        const QList<QWidget *> controls{bar->mergeButton(),
                                        bar->revisionButton(),
                                        bar->rejectButton(),
                                        m_page->filesView(),
                                        m_page->findingsPanel()->view(),
                                        m_page->diffView(),
                                        m_page->iterationTabs(),
                                        m_page->sinceLastIterationToggle()};
        for (QWidget *widget : controls)
            QVERIFY2(!widget->accessibleName().isEmpty(), qPrintable(widget->objectName()));
        m_page->setSnapshot(m_sample->snapshot(2));
        QApplication::setActiveWindow(m_page.get());
        QVERIFY(QTest::qWaitForWindowActive(m_page.get()));
        m_page->diffView()->setFocus();
        QSignalSpy merge(m_page.get(), &ReviewPage::mergeRequested);
        QTest::keyClick(m_page->diffView(), Qt::Key_M, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(merge.count(), 1);
    }

    // Clicking a finding in the list scrolls the diff to its line; clicking its mark in the
    // diff selects it in the list.
    void findingClickScrollsTheDiff()
    {
        diffview::DiffView *diff = m_page->diffView();
        QListView *list = m_page->findingsPanel()->view();
        const int testGap = m_page->findingIndexOf(ReviewSample::testGapFindingId);
        QVERIFY(testGap >= 0);
        QVERIFY(!findingOnScreen(*diff, testGap)); // the last file: below the first screen
        const QRect item = list->visualRect(
            list->model()->index(m_page->findingsPanel()->model()->rowOfFinding(testGap),
                                 itemmodels::FindingsModel::TitleColumn));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, item.center());
        QCOMPARE(m_page->findingsPanel()->selectedFinding(), testGap);
        QCOMPARE(diff->currentFinding(), testGap);
        QVERIFY(findingOnScreen(*diff, testGap));
        // And back: the null-check's gutter mark in the diff selects it in the list.
        const int nullCheck = m_page->findingIndexOf(ReviewSample::nullCheckFindingId);
        const review::Finding &f = diff->findings()[size_t(nullCheck)];
        const auto location = diff->document()->locate(f.file, review::Side::New, f.startLine);
        QVERIFY(location);
        QVERIFY(diff->scrollToLine(location->file, review::Side::New, f.startLine));
        const QRect row =
            diff->displayRowRect(diff->layout().displayIndexOf(location->file, location->row));
        QPoint gutter;
        for (int x = diff->viewport()->width() / 2; x < diff->viewport()->width(); ++x) {
            const auto hit = diff->hitAt(QPoint(x, row.center().y()));
            if (hit && hit->inGutter && hit->side == review::Side::New) {
                gutter = QPoint(x, row.center().y());
                break;
            }
        }
        QVERIFY(!gutter.isNull());
        QTest::mouseClick(diff->viewport(), Qt::LeftButton, {}, gutter);
        QCOMPARE(diff->currentFinding(), nullCheck);
        QCOMPARE(m_page->findingsPanel()->selectedFinding(), nullCheck);
    }

    void filesListScrollsTheDiff()
    {
        QTreeView *files = m_page->filesView();
        const auto *model = m_page->filesModel();
        QCOMPARE(model->rowCount(), 4);
        int tests = -1;
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->index(row, 0).data(itemmodels::DiffFilesModel::PathRole).toString() ==
                u"tests/test_config.c"_qs)
                tests = row;
        }
        QVERIFY(tests >= 0);
        QCOMPARE(model->index(tests, itemmodels::DiffFilesModel::FlagsColumn).data().toInt(), 1);
        files->setCurrentIndex(model->index(tests, 0));
        QCOMPARE(m_page->diffView()->currentFile(), tests);
    }

    void findingFilters()
    {
        FindingsPanel *panel = m_page->findingsPanel();
        QCOMPARE(panel->model()->rowCount(), 4);
        panel->setMaximumPriority(1);
        QCOMPARE(panel->model()->rowCount(), 2);
        panel->setMaximumPriority(3);
        panel->setCategory(review::FindingCategory::NullCheck);
        QCOMPARE(panel->model()->rowCount(), 1);
        QCOMPARE(panel->model()->index(0, 0).data(itemmodels::FindingsModel::CategoryRole),
                 QVariant(u"null-check"_qs));
        // Selecting a filtered-out finding clears the filters rather than select nothing.
        m_page->selectFinding(m_page->findingIndexOf(ReviewSample::nitFindingId));
        QCOMPARE(panel->model()->rowCount(), 4);
        QCOMPARE(panel->selectedFinding(), m_page->findingIndexOf(ReviewSample::nitFindingId));
        // Acknowledge from the list: the engine is asked to store it.
        QSignalSpy spy(m_page.get(), &ReviewPage::acknowledgeRequested);
        m_page->acknowledgeAction()->trigger();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toLongLong(), ReviewSample::nitFindingId);
        QCOMPARE(spy.at(0).at(1).toBool(), true);
    }

    void revisionDialogPrefilledFromTheSelectedFinding()
    {
        const int nullCheck = m_page->findingIndexOf(ReviewSample::nullCheckFindingId);
        m_page->selectFinding(nullCheck);
        m_page->revisionAction()->trigger();
        RevisionDialog *dialog = m_page->revisionDialog();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        const int line = m_sample->lineOf(1, configC, u"strtol("_qs);
        QCOMPARE(dialog->request(),
                 u"In src/config.c:%1, fix: config_get_int() passes NULL to strtol for a missing "
                 "key.\nSuggested fix: if (value == NULL) return fallback;"_qs.arg(line));
        QCOMPARE(dialog->fromFindingId(), ReviewSample::nullCheckFindingId);
        auto *source = dialog->findChild<QLabel *>(u"revisionSourceLabel"_qs);
        QVERIFY(source && source->text().contains(u"P0"_qs));

        QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        auto *check = dialog->findChild<QLabel *>(u"revisionCheckLabel"_qs);
        QVERIFY(ok->isEnabled());
        QVERIFY(check->isHidden());
        dialog->setRequest(u"   "_qs); // empty: refused
        QVERIFY(!ok->isEnabled());
        QVERIFY(check->text().contains(u"Write the one change"_qs));
        dialog->setRequest(u"1. Check value for NULL.\n2. Check ERANGE.\n3. Rename trim()."_qs);
        QVERIFY(ok->isEnabled()); // a warning, not a refusal
        QVERIFY(check->text().contains(u"3 separate requests"_qs));
        QVERIFY(check->isVisible());

        QSignalSpy spy(m_page.get(), &ReviewPage::revisionRequested);
        const QString request =
            u"In src/config.c:%1, return the fallback when config_get() returns NULL."_qs.arg(line);
        dialog->setRequest(request);
        QTest::mouseClick(ok, Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toLongLong(), 7);
        QCOMPARE(spy.at(0).at(1).toString(), request);
        QCOMPARE(spy.at(0).at(2).toLongLong(), ReviewSample::nullCheckFindingId);
    }

    void revisionDialogWithoutAFinding()
    {
        m_page->findingsPanel()->view()->clearSelection();
        m_page->findingsPanel()->view()->setCurrentIndex({});
        m_page->revisionAction()->trigger();
        RevisionDialog *dialog = m_page->revisionDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->request(), QString());
        QCOMPARE(dialog->fromFindingId(), 0);
        QVERIFY(!dialog->currentCheck().acceptable());
        dialog->reject();
    }

    void rejectAsksAndSaysTheWorkIsArchived()
    {
        QSignalSpy spy(m_page.get(), &ReviewPage::rejectRequested);
        m_page->rejectAction()->trigger();
        QMessageBox *box = m_page->rejectConfirmation();
        QVERIFY(box);
        QVERIFY(box->informativeText().contains(u"refs/agentdesk/archive/7/"_qs));
        QVERIFY(box->informativeText().contains(u"restored"_qs));
        box->button(QMessageBox::Cancel)->click();
        QCOMPARE(spy.count(), 0);
        QTRY_VERIFY(!m_page->rejectConfirmation()); // deleted on close

        m_page->rejectAction()->trigger();
        box = m_page->rejectConfirmation();
        QVERIFY(box);
        box->findChild<QPushButton *>(u"confirmRejectButton"_qs)->click();
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toLongLong(), 7);
    }

    // A "file:line" in the decisions section is a link; following it scrolls the diff there.
    void decisionLinksJumpToTheirLine()
    {
        const int line = m_sample->lineOf(1, configC, u"int config_get_int("_qs);
        ReportView *report = m_page->reportView();
        const QString href = u"agentdesk-line:src/config.c#L%1"_qs.arg(line);
        QVERIFY2(report->renderedMarkdown().contains(href), qPrintable(report->renderedMarkdown()));
        // The first screen of the diff does not show it.
        QVERIFY(!lineOnScreen(*m_page->diffView(), configC, line));

        // Click the link where it is painted.
        QTextCursor cursor;
        for (QTextBlock block = report->document()->begin(); block.isValid() && cursor.isNull();
             block = block.next()) {
            for (auto it = block.begin(); !it.atEnd(); ++it) {
                if (it.fragment().charFormat().anchorHref() == href) {
                    cursor = QTextCursor(report->document());
                    cursor.setPosition(it.fragment().position() + 1);
                    break;
                }
            }
        }
        QVERIFY(!cursor.isNull());
        report->setTextCursor(cursor);
        report->ensureCursorVisible();
        const QPoint at = report->cursorRect(cursor).center();
        QSignalSpy followed(report, &ReportView::lineLinkActivated);
        QTest::mouseClick(report->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(followed.count(), 1);
        QVERIFY(lineOnScreen(*m_page->diffView(), configC, line));

        // The reviewer's decisions are linked too.
        QVERIFY(report->renderedMarkdown().contains(u"agentdesk-line:src/config.c#L%1"_qs.arg(
            m_sample->lineOf(1, configC, u"if (end == value"_qs))));
        QVERIFY(m_page->jumpToLine(u"config.h"_qs, 3)); // a suffix names the file
        QVERIFY(!m_page->jumpToLine(u"nowhere.c"_qs, 3));
    }

    // The task report's own format: decisions in code spans, a removed line marked "(base
    // side)", and the reviewer's part already in it (not added a second time).
    void taskReportDecisionsOnTheBaseSide()
    {
        const QByteArray base = m_sample->repository()
                                    .git({u"show"_qs, m_sample->baseCommit() + u":src/config.c"_qs})
                                    .out;
        const qsizetype at = base.indexOf("const char *equals = memchr(line");
        QVERIFY(at > 0);
        const int baseLine = int(base.left(at).count('\n')) + 1;
        ReviewSnapshot snapshot = m_sample->snapshot(1);
        snapshot.iterations[0].reportMarkdown =
            u"## What changed\n\nTrimming.\n\n## Decisions to review\n\n### The implementer's\n\n"
            "- `src/config.c:%1` (base side): the split moved after trimming\n\n"
            "### The reviewer's\n\nVerdict: **incorrect**.\n"_qs.arg(baseLine);
        m_page->setSnapshot(snapshot);
        ReportView *report = m_page->reportView();
        QVERIFY(!report->renderedMarkdown().contains(u"## Reviewer:"_qs));
        const QUrl url(u"agentdesk-line:src/config.c?side=old#L%1"_qs.arg(baseLine));
        QVERIFY2(report->renderedMarkdown().contains(url.toString()),
                 qPrintable(report->renderedMarkdown()));
        diffview::DiffView *diff = m_page->diffView();
        const auto location = diff->document()->locate(configC, review::Side::Old, baseLine);
        QVERIFY(location);
        const auto onScreen = [diff, &location] {
            const QRect rect =
                diff->displayRowRect(diff->layout().displayIndexOf(location->file, location->row));
            return rect.isValid() && diff->viewport()->rect().contains(rect.center());
        };
        diff->verticalScrollBar()->setValue(diff->verticalScrollBar()->maximum());
        QVERIFY(!onScreen());
        Q_EMIT report->anchorClicked(url);
        QVERIFY(onScreen());
    }

    void iterationSwitchAndChangesSinceLast()
    {
        const ReviewSnapshot second = m_sample->snapshot(2);
        m_page->setSnapshot(second);
        QTabBar *tabs = m_page->iterationTabs();
        QCOMPARE(tabs->count(), 2);
        QCOMPARE(tabs->tabData(tabs->currentIndex()).toInt(), 2);
        QVERIFY(tabs->tabToolTip(1).contains(u"passes NULL to strtol"_qs));
        QCOMPARE(m_page->diffView()->document(), second.document);
        // The resolved finding is not listed; the others are, carried forward.
        QCOMPARE(int(m_page->findings().size()), 3);
        QCOMPARE(m_page->findingIndexOf(201), -1);
        auto *closed = m_page->findingsPanel()->findChild<QLabel *>(u"findingsClosedLabel"_qs);
        QVERIFY(closed->isVisible());
        QVERIFY(closed->text().contains(u"1 resolved"_qs));

        QCheckBox *since = m_page->sinceLastIterationToggle();
        QVERIFY(since->isEnabled());
        since->setChecked(true);
        QVERIFY(m_page->showsChangesSinceLastIteration());
        QCOMPARE(m_page->diffView()->document(), second.sinceLastIteration);
        QCOMPARE(m_page->filesModel()->rowCount(), 1); // only config.c changed in the revision
        since->setChecked(false);
        QCOMPARE(m_page->diffView()->document(), second.document);

        QSignalSpy requested(m_page.get(), &ReviewPage::iterationRequested);
        tabs->setCurrentIndex(0);
        QCOMPARE(requested.count(), 1);
        QCOMPARE(requested.at(0).at(0).toLongLong(), 7);
        QCOMPARE(requested.at(0).at(1).toInt(), 1);
        // Until the engine answers, nothing can be decided on a page that is changing.
        QVERIFY(!m_page->actionBar()->mergeButton()->isEnabled());
        QVERIFY(m_page->actionBar()->busyLabel()->text().contains(u"iteration 1"_qs));

        const ReviewSnapshot first = m_sample->snapshot(1, 2);
        m_page->setSnapshot(first);
        QCOMPARE(tabs->tabData(tabs->currentIndex()).toInt(), 1);
        QCOMPARE(m_page->diffView()->document(), first.document);
        QVERIFY(!m_page->sinceLastIterationToggle()->isEnabled());
        QVERIFY(m_page->actionBar()->busyLabel()->isHidden());
        QVERIFY(m_page->actionBar()->mergeButton()->isEnabled()); // the gate is the task's
        QCOMPARE(int(m_page->findings().size()), 4);
        QVERIFY(m_page->reportView()->renderedMarkdown().contains(u"Three new tests"_qs));
    }

    void validationPanel()
    {
        ValidationPanel *panel = m_page->validationPanel();
        QVERIFY(panel->summaryLabel()->text().contains(u"7 passed · 0 failed · 0 skipped"_qs));
        QCOMPARE(m_page->detailTabs()->tabText(1), u"Tests ✓ 7"_qs);
        QVERIFY(panel->outputView()->isReadOnly());
        // Equal advances, not QFontInfo::fixedPitch(): Qt 6.4 calls Noto Sans Mono proportional.
        const QFontMetricsF output(panel->outputView()->font());
        QCOMPARE(output.horizontalAdvance(u'i'), output.horizontalAdvance(u'M'));
        QCOMPARE(output.horizontalAdvance(u'W'), output.horizontalAdvance(u'M'));
        QVERIFY(panel->outputView()->toPlainText().contains(u"7 tests, 7 passed, 0 failed"_qs));
        auto *details = panel->findChild<QLabel *>(u"validationDetailsLabel"_qs);
        QVERIFY(details->text().contains(u"the branch head"_qs));
        QVERIFY(details->text().contains(u"make test"_qs));

        store::ValidationRecord failing = *m_sample->snapshot(1).latestValidation();
        failing.failed = 2;
        failing.passed = 5;
        failing.newlyFailing = {u"test_get_int"_qs};
        failing.preexistingFailing = {u"test_legacy"_qs};
        failing.commit = u"ffffffffffff"_qs;
        panel->setValidation(failing, m_sample->headCommit(1));
        QVERIFY(panel->summaryLabel()->text().contains(u"2 failed"_qs));
        QVERIFY(details->text().contains(u"Newly failing"_qs));
        QVERIFY(details->text().contains(u"test_get_int"_qs));
        QVERIFY(details->text().contains(u"test_legacy"_qs));
        QVERIFY(details->text().contains(u"stale"_qs));
        QCOMPARE(panel->tabTitle(), u"Tests ✗ 2"_qs);

        store::ValidationRecord none = failing;
        none.passed = none.failed = none.skipped = 0;
        panel->setValidation(none, m_sample->headCommit(1));
        QVERIFY(panel->summaryLabel()->text().contains(u"No tests ran"_qs));
        QCOMPARE(panel->tabTitle(), u"Tests ⚠"_qs);
        panel->setValidation(std::nullopt, {});
        QVERIFY(panel->summaryLabel()->text().contains(u"No validation"_qs));
    }

    void timelineIsThereButNotShownFirst()
    {
        QCOMPARE(m_page->detailTabs()->currentWidget(), m_page->reportView());
        QCOMPARE(m_page->detailTabs()->tabText(2), u"Timeline (10)"_qs);
        QCOMPARE(m_page->timelinePanel()->model()->rowCount(), 10);
        // Live events of the shown iteration are appended; others are not.
        store::StoredEvent live = m_page->snapshot().timeline.constLast();
        live.id += 1;
        store::StoredEvent other = live;
        other.id += 1;
        other.event.iteration = 2;
        m_page->appendTimelineEvents({live, other});
        QCOMPARE(m_page->timelinePanel()->model()->rowCount(), 11);
        QCOMPARE(m_page->detailTabs()->tabText(2), u"Timeline (11)"_qs);
        // The same iteration again keeps the rows it has.
        m_page->setSnapshot(m_sample->snapshot(1));
        QCOMPARE(m_page->timelinePanel()->model()->rowCount(), 10);
    }

    // A task paused for its budget gets "+$ and continue" (prefilled with what an iteration
    // has cost); a rejected one gets Restore; a ready one neither.
    void recoveryFollowsTheState()
    {
        ActionBar *bar = m_page->actionBar();
        QVERIFY(!bar->addBudgetButton()->isVisible());
        QVERIFY(!bar->restoreButton()->isVisible());

        itemmodels::ReviewSnapshot paused = m_sample->snapshot(2, 2);
        paused.task.state = tasks::TaskState::Paused;
        paused.task.stateReason =
            u"The budget of $2.00 is spent with the work committed; give it more budget to "
            "continue."_qs;
        paused.totalCost = Money::fromCents(130); // two iterations: $0.65 each → $0.75
        m_page->setSnapshot(paused);
        QVERIFY(bar->addBudgetButton()->isVisible());
        QVERIFY(bar->budgetAmount()->isVisible());
        QVERIFY(bar->addBudgetButton()->isEnabled());
        QVERIFY(!bar->restoreButton()->isVisible());
        QCOMPARE(bar->budgetAmount()->value(), 0.75);
        QSignalSpy budget(m_page.get(), &ReviewPage::budgetRequested);
        bar->budgetAmount()->setValue(1.5);
        QTest::mouseClick(bar->addBudgetButton(), Qt::LeftButton);
        QCOMPARE(budget.count(), 1);
        QCOMPARE(budget.at(0).at(0).value<tasks::TaskId>(), paused.task.id);
        QCOMPARE(budget.at(0).at(1).value<Money>(), Money::fromCents(150));
        // The user's own pause resumes from the queue: no budget control.
        paused.task.stateReason = u"Paused by you."_qs;
        m_page->setSnapshot(paused);
        QVERIFY(!bar->addBudgetButton()->isVisible());

        itemmodels::ReviewSnapshot rejected = m_sample->snapshot(1);
        rejected.task.state = tasks::TaskState::Rejected;
        rejected.task.worktreePath.clear();
        m_page->setSnapshot(rejected);
        QVERIFY(bar->restoreButton()->isVisible());
        QVERIFY(!bar->addBudgetButton()->isVisible());
        QVERIFY(!m_page->findChild<QToolButton *>(u"openWorktreeButton"_qs)->isEnabled());
        QSignalSpy restore(m_page.get(), &ReviewPage::restoreRequested);
        QTest::mouseClick(bar->restoreButton(), Qt::LeftButton);
        QCOMPARE(restore.count(), 1);
        QCOMPARE(restore.at(0).at(0).value<tasks::TaskId>(), rejected.task.id);
        m_page->setBusy(u"Restoring"_qs);
        QVERIFY(!bar->restoreButton()->isEnabled());
    }

    // A merged task reads calmly: what landed where and when, no stale warnings about a base
    // its own squash moved, no decisions left; its diff and report are still there.
    void mergedTaskShowsASummary()
    {
        itemmodels::ReviewSnapshot merged = m_sample->snapshot(2, 2);
        merged.task.state = tasks::TaskState::Merged;
        merged.task.stateReason = u"Merged into main as 1a2b3c4"_qs;
        merged.task.updatedAt = QDateTime(QDate(2026, 12, 3), QTime(11, 2), Qt::UTC);
        tasks::GateAnswer gate = merged.gate;
        gate.behind = 1;
        gate.baseHeadCommit = u"1a2b3c4d5e6f"_qs;
        gate.headCommit = u"99999999aaaa"_qs; // not the validated commit
        gate.reasons = {
            reason(tasks::GateReason::Kind::NotReady, u"The task is already merged."_qs),
            reason(tasks::GateReason::Kind::NotValidated,
                   u"Validation ran on 946b53f, but the branch head is 9999999: "
                   "validate again."_qs)};
        merged.gate = gate;
        m_page->setSnapshot(merged);

        ActionBar *bar = m_page->actionBar();
        const QStringList reasons = bar->reasonTexts();
        QCOMPARE(reasons.size(), 1);
        QVERIFY2(reasons.constFirst().startsWith(u"Merged into main as 1a2b3c4 on "_qs),
                 qPrintable(reasons.constFirst()));
        QVERIFY(!bar->mergeButton()->isVisible());
        QVERIFY(!bar->revisionButton()->isVisible());
        QVERIFY(!bar->rejectButton()->isVisible());
        QVERIFY(!m_page->header()->staleBadge()->isVisible());
        QVERIFY(!m_page->header()->branchLabel()->text().contains(u"behind"_qs));
        auto *details =
            m_page->validationPanel()->findChild<QLabel *>(u"validationDetailsLabel"_qs);
        QVERIFY2(!details->text().contains(u"stale"_qs), qPrintable(details->text()));
        QVERIFY(m_page->diffView()->document());
        QCOMPARE(m_page->header()->stateBadge()->text(), u"Merged"_qs);

        // Back to a task under review: the gate and the decisions again.
        m_page->setSnapshot(m_sample->snapshot(1));
        QVERIFY(bar->mergeButton()->isVisible());
        QVERIFY(bar->revisionButton()->isVisible());
        QVERIFY(!bar->reasonTexts().constFirst().startsWith(u"Merged"_qs));
    }

    // After a revision the earlier findings stay readable: the newest iteration lists the
    // closed ones collapsed and marked; an earlier iteration's tab shows its own flags, even
    // the ones resolved since.
    void earlierFindingsStayListed()
    {
        m_page->setSnapshot(m_sample->snapshot(2));
        FindingsPanel *panel = m_page->findingsPanel();
        auto *toggle = panel->findChild<QToolButton *>(u"findingsClosedToggle"_qs);
        auto *list = panel->findChild<QLabel *>(u"findingsClosedList"_qs);
        QVERIFY(toggle->isVisible());
        QVERIFY(!list->isVisible()); // collapsed
        QTest::mouseClick(toggle, Qt::LeftButton);
        QVERIFY(list->isVisible());
        QVERIFY2(
            list->text().startsWith(
                u"Resolved · P0 · config_get_int() passes NULL to strtol for a missing key"_qs),
            qPrintable(list->text()));

        ReviewSnapshot first = m_sample->snapshot(1, 2);
        for (store::FindingRecord &record : first.findings) {
            if (record.id == ReviewSample::nullCheckFindingId)
                record.status = store::FindingStatus::Resolved; // what the revision did to it
        }
        m_page->setSnapshot(first);
        const int index = m_page->findingIndexOf(ReviewSample::nullCheckFindingId);
        QVERIFY(index >= 0);
        QCOMPARE(int(m_page->findings().size()), 4);
        QVERIFY(m_page->findings()[size_t(index)].title.endsWith(u"(resolved later)"_qs));
        QVERIFY(!toggle->isVisible());
    }

    void darkPalette()
    {
        const QString light = m_page->header()->stateBadge()->styleSheet();
        QPalette dark = m_page->palette();
        dark.setColor(QPalette::Window, QColor(0x1e, 0x22, 0x27));
        dark.setColor(QPalette::Base, QColor(0x0d, 0x11, 0x17));
        dark.setColor(QPalette::Text, QColor(0xe6, 0xed, 0xf3));
        dark.setColor(QPalette::WindowText, QColor(0xe6, 0xed, 0xf3));
        m_page->setPalette(dark);
        QVERIFY(m_page->header()->stateBadge()->styleSheet() != light);
        QVERIFY(m_page->diffView()->colors().dark);
        QCOMPARE(m_page->actionBar()->reasonTexts().size(), 1);
    }

private:
    std::unique_ptr<ReviewSample> m_sample;
    std::unique_ptr<ReviewPage> m_page;
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    git::GitLibrary git;
    TestReviewPage test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_reviewpage.moc"
