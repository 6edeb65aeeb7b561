#include "app/DeskController.h"
#include "tasks/engine/EngineConfig.h"
#include "ui/MainWindow.h"
#include "ui/review/ReviewPage.h"

#include <QPointer>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>

using namespace agentdesk;

class TestDeskController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // The review page is made before any task is opened and has no parent until one is: a
    // controller that never opened a task still deletes it.
    void reviewPageGoesWithTheControllerWhenNoTaskWasOpened()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        ui::MainWindow window(&settings);
        auto config = std::make_shared<tasks::EngineConfig>();
        config->databasePath = dir.filePath(QStringLiteral("agentdesk.db"));
        QPointer<ui::ReviewPage> page;
        {
            app::DeskController controller(&window, &settings, config);
            page = controller.reviewPage();
            QVERIFY(page);
            QVERIFY(!page->parent());
        }
        QVERIFY(page.isNull());
    }

    // Once the window shows it, the window owns it (and the controller leaves it alone).
    void reviewPageShownBelongsToTheWindow()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        ui::MainWindow window(&settings);
        auto config = std::make_shared<tasks::EngineConfig>();
        config->databasePath = dir.filePath(QStringLiteral("agentdesk.db"));
        QPointer<ui::ReviewPage> page;
        {
            app::DeskController controller(&window, &settings, config);
            page = controller.reviewPage();
            window.showReviewPage(page);
            QVERIFY(page->parent());
        }
        QVERIFY(!page.isNull());
    }
};

QTEST_MAIN(TestDeskController)

#include "tst_deskcontroller.moc"
