// Reviewing from the keyboard in the real main window, wherever the focus is: the page's keys
// work with the focus in the queue, are listed in the Task menu and the Keyboard Shortcuts
// help, and Acknowledge follows the selected finding.
#include "ReviewSample.h"
#include "git/GitLibrary.h"
#include "itemmodels/queue/TaskQueueModel.h"
#include "ui/MainWindow.h"
#include "ui/QueuePanel.h"
#include "ui/review/FindingsPanel.h"
#include "ui/review/ReviewPage.h"
#include "ui/review/RevisionDialog.h"

#include "diff/DiffView.h"

#include <QAction>
#include <QApplication>
#include <QDialog>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <memory>

using namespace agentdesk;
using namespace agentdesk::ui;
using test::ReviewSample;

class TestReviewKeys : public QObject
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
        m_settings =
            std::make_unique<QSettings>(m_dir.filePath(u"settings.ini"_qs), QSettings::IniFormat);
        m_window = std::make_unique<MainWindow>(m_settings.get());
        m_page = new ReviewPage;
        m_window->showReviewPage(m_page);
        m_page->setSnapshot(m_sample->snapshot(1));
        // The task in the queue too, as the window shows it.
        store::TaskSummary summary;
        summary.task = m_page->snapshot().task;
        summary.latestIteration = 1;
        m_window->queuePanel()->model()->setTasks({summary});
        m_window->resize(1024, 640);
        m_window->show();
        QApplication::setActiveWindow(m_window.get());
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        m_queue = m_window->queuePanel()->view();
        m_queue->setFocus(Qt::OtherFocusReason);
        QCOMPARE(QApplication::focusWidget(), m_queue);
    }
    void cleanup()
    {
        m_window.reset();
        m_settings.reset();
    }

    void findingsAndFilesFromTheQueue()
    {
        FindingsPanel *panel = m_page->findingsPanel();
        QCOMPARE(panel->selectedFinding(), -1);
        QVERIFY(!panel->acknowledgeButton()->isEnabled());
        QTest::keyClick(m_queue, Qt::Key_N);
        QCOMPARE(panel->selectedFinding(), 0);
        // A selected finding can be acknowledged, by button and key.
        QVERIFY(panel->acknowledgeButton()->isEnabled());
        QVERIFY(m_page->acknowledgeAction()->isEnabled());
        QTest::keyClick(m_queue, Qt::Key_N);
        QCOMPARE(panel->selectedFinding(), 1);
        QTest::keyClick(m_queue, Qt::Key_N, Qt::ShiftModifier);
        QCOMPARE(panel->selectedFinding(), 0);
        QCOMPARE(QApplication::focusWidget(), m_queue); // the keys never steal the focus

        QSignalSpy acknowledge(m_page, &ReviewPage::acknowledgeRequested);
        m_queue->setFocus(Qt::OtherFocusReason);
        QTest::keyClick(m_queue, Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(acknowledge.count(), 1);
        QCOMPARE(acknowledge.at(0).at(0).toLongLong(), m_page->findingId(0));

        const int fileBefore = m_page->diffView()->currentFile();
        QTest::keyClick(m_queue, Qt::Key_F);
        QVERIFY2(m_page->diffView()->currentFile() != fileBefore,
                 qPrintable(QString::number(fileBefore)));
    }

    void decisionsFromTheQueue()
    {
        tasks::GateAnswer allowed;
        allowed.headCommit = allowed.validatedCommit = m_sample->headCommit(1);
        m_page->updateGate(allowed);
        QSignalSpy merge(m_page, &ReviewPage::mergeRequested);
        QTest::keyClick(m_queue, Qt::Key_M, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(merge.count(), 1);

        QTest::keyClick(m_queue, Qt::Key_R, Qt::ControlModifier | Qt::ShiftModifier);
        QVERIFY(m_page->revisionDialog());
        QVERIFY(m_page->revisionDialog()->isVisible());
        m_page->revisionDialog()->reject();
    }

    void listedInTheTaskMenuAndTheHelp()
    {
        QStringList listed;
        for (QAction *action : m_window->taskMenu()->actions())
            listed << action->objectName();
        for (const char *name : {"nextFindingAction", "previousFindingAction", "nextFileAction",
                                 "acknowledgeAction", "revisionAction", "mergeAction"})
            QVERIFY2(listed.contains(QLatin1String(name)), name);

        QTest::keyClick(m_queue, Qt::Key_Slash, Qt::ControlModifier);
        auto *dialog = m_window->findChild<QDialog *>(u"keyboardShortcutsDialog"_qs);
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        const QString text = dialog->findChild<QLabel *>(u"keyboardShortcutsText"_qs)->text();
        for (const QString &expected : {u"Next Finding"_qs, u"Merge"_qs, u"Ctrl+Shift+M"_qs,
                                        u"Request Revision"_qs, u"Acknowledge Finding"_qs})
            QVERIFY2(text.contains(expected), qPrintable(expected));
        dialog->close();

        // Off the review page the Task menu holds only New Task, and the page's keys are off.
        m_window->showRepositoryPage();
        QCOMPARE(m_window->taskMenu()->actions().size(), 1);
        const int selected = m_page->findingsPanel()->selectedFinding();
        QTest::keyClick(m_queue, Qt::Key_N);
        QCOMPARE(m_page->findingsPanel()->selectedFinding(), selected);
    }

private:
    git::GitLibrary m_git;
    QTemporaryDir m_dir;
    std::unique_ptr<ReviewSample> m_sample;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<MainWindow> m_window;
    ReviewPage *m_page = nullptr;
    QTreeView *m_queue = nullptr;
};

QTEST_MAIN(TestReviewKeys)
#include "tst_reviewkeys.moc"
