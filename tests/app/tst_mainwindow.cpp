#include "ui/AboutDialog.h"
#include "ui/CostMeterWidget.h"
#include "ui/MainWindow.h"
#include "ui/QueuePanel.h"
#include "ui/WelcomePage.h"

#include "core/Money.h"
#include "git/GitLibrary.h"

#include <QAction>
#include <QDir>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QToolBar>
#include <QTreeView>
#include <QtTest>

using namespace agentdesk;

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    // Set AGENTDESK_SCREENSHOT_DIR to keep a PNG of what the test rendered.
    static void saveScreenshot(QWidget *widget, const QString &name)
    {
        const QString dir = qEnvironmentVariable("AGENTDESK_SCREENSHOT_DIR");
        if (!dir.isEmpty()) {
            QDir().mkpath(dir);
            QVERIFY(widget->grab().save(dir + QLatin1Char('/') + name));
        }
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void hasItsParts()
    {
        QSettings settings(m_dir.filePath(QStringLiteral("a.conf")), QSettings::IniFormat);
        ui::MainWindow window(&settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // The queue on the left, the review area in the centre.
        auto *splitter = window.findChild<QSplitter *>(QStringLiteral("mainSplitter"));
        QVERIFY(splitter);
        QCOMPARE(splitter->widget(0), window.queuePanel());
        QCOMPARE(splitter->widget(1), window.reviewArea());
        QVERIFY(window.queuePanel()->view());

        // The toolbar holds New Task and the cost meter.
        auto *toolBar = window.findChild<QToolBar *>(QStringLiteral("mainToolBar"));
        QVERIFY(toolBar);
        QVERIFY(toolBar->actions().contains(window.newTaskAction()));
        QVERIFY(window.costMeter()->isVisible());
        QCOMPARE(window.newTaskAction()->shortcut(), QKeySequence(QKeySequence::New));
        QVERIFY(window.statusBar()->isVisible());

        // The empty state tells a new user what to do first.
        QCOMPARE(window.reviewArea()->currentWidget(), window.welcomePage());
        QVERIFY(window.welcomePage()->openRepositoryButton()->isVisible());
        QVERIFY(window.queuePanel()->isShowingEmptyState());
        QVERIFY(!window.newTaskAction()->isEnabled());
        saveScreenshot(&window, QStringLiteral("main-window-empty.png"));
    }

    void openingARepositoryEnablesNewTask()
    {
        ui::MainWindow window(nullptr);
        window.show();
        window.showRepository(QStringLiteral("/home/user/projects/widgets"), QStringLiteral("main"),
                              QStringLiteral("0123456789abcdef0123456789abcdef01234567"));
        QVERIFY(window.newTaskAction()->isEnabled());
        QVERIFY(window.reviewArea()->currentWidget() != window.welcomePage());
        QVERIFY(window.windowTitle().startsWith(QStringLiteral("widgets")));
        auto *status = window.findChild<QLabel *>(QStringLiteral("repositoryStatus"));
        QVERIFY(status);
        QVERIFY(status->text().contains(QStringLiteral("main at 01234567")));

        QSignalSpy requested(&window, &ui::MainWindow::newTaskRequested);
        auto *button = window.findChild<QPushButton *>(QStringLiteral("repositoryNewTaskButton"));
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(requested.count(), 1);
        saveScreenshot(&window, QStringLiteral("main-window-repository.png"));
    }

    // After a merge the status bar reads the new head, and the page shown stays (issue 18,
    // item 2: it kept the old base commit until a restart).
    void repositoryHeadFollowsAMerge()
    {
        ui::MainWindow window(nullptr);
        window.show();
        window.showRepository(QStringLiteral("/home/user/projects/widgets"), QStringLiteral("main"),
                              QStringLiteral("0123456789abcdef0123456789abcdef01234567"));
        auto *page = new QWidget;
        window.showReviewPage(page);
        window.setRepositoryHead(QStringLiteral("main"),
                                 QStringLiteral("fedcba9876543210fedcba9876543210fedcba98"));
        auto *status = window.findChild<QLabel *>(QStringLiteral("repositoryStatus"));
        QVERIFY(status->text().contains(QStringLiteral("main at fedcba98")));
        QCOMPARE(window.reviewArea()->currentWidget(), page);
    }

    void costMeterShowsTodayAgainstBudget()
    {
        ui::CostMeterWidget meter;
        meter.setSpend(Money::parseDollars(QStringLiteral("0.42")).value(),
                       Money::parseDollars(QStringLiteral("10")).value());
        QCOMPARE(meter.summaryText(), QStringLiteral("$0.42 of $10.00 today"));
        QCOMPARE(meter.accessibleDescription(), meter.summaryText());
        QSignalSpy activated(&meter, &ui::CostMeterWidget::activated);
        meter.show();
        QTest::mouseClick(&meter, Qt::LeftButton);
        QCOMPARE(activated.count(), 1);

        // The bar turns red at the budget: check a pixel of the bottom edge.
        meter.setSpend(Money::parseDollars(QStringLiteral("10")).value(),
                       Money::parseDollars(QStringLiteral("10")).value());
        const QImage image = meter.grab().toImage();
        const QColor bottom = image.pixelColor(image.width() / 2, image.height() - 5);
        QVERIFY2(bottom.red() > 150 && bottom.green() < 100, qPrintable(bottom.name()));
    }

    void layoutIsRemembered()
    {
        const QString file = m_dir.filePath(QStringLiteral("layout.conf"));
        {
            QSettings settings(file, QSettings::IniFormat);
            ui::MainWindow window(&settings);
            window.show();
            auto *splitter = window.findChild<QSplitter *>(QStringLiteral("mainSplitter"));
            splitter->setSizes({411, 800});
            window.close();
        }
        QSettings settings(file, QSettings::IniFormat);
        ui::MainWindow window(&settings);
        window.show();
        auto *splitter = window.findChild<QSplitter *>(QStringLiteral("mainSplitter"));
        QCOMPARE(splitter->sizes().first(), 411);
    }

    void aboutNamesTheFourVersions()
    {
        ui::AboutDialog dialog;
        for (const char *name : {"AgentDesk", "Qt", "libgit2", "KSyntaxHighlighting"}) {
            auto *label =
                dialog.findChild<QLabel *>(QStringLiteral("version_") + QLatin1String(name));
            QVERIFY2(label, name);
            QVERIFY2(!label->text().isEmpty(), name);
        }
        auto *qtLabel = dialog.findChild<QLabel *>(QStringLiteral("version_Qt"));
        QCOMPARE(qtLabel->text(), QString::fromLatin1(qVersion()));
        dialog.show();
        saveScreenshot(&dialog, QStringLiteral("about.png"));
    }
};

int main(int argc, char **argv)
{
    agentdesk::git::GitLibrary git;
    QApplication application(argc, argv);
    TestMainWindow test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_mainwindow.moc"
