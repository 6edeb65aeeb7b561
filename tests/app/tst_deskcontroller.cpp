#include "app/DeskController.h"
#include "store/StoreWriter.h"
#include "tasks/engine/EngineConfig.h"
#include "ui/CostMeterWidget.h"
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

    // Issue 19: the subscription windows the store last heard reach the meter when the window
    // opens — a limit (drawn first) with the local time it resumes; a reset one shows nothing.
    void usageWindowsFromTheStoreShowOnTheMeter()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QSettings settings(dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat);
        auto config = std::make_shared<tasks::EngineConfig>();
        config->databasePath = dir.filePath(QStringLiteral("agentdesk.db"));
        const QDateTime resetsAt = QDateTime::currentDateTimeUtc().addSecs(3 * 3600);
        {
            auto writer = store::StoreWriter::open(config->databasePath);
            QVERIFY(writer.ok());
            store::UsageWindowRecord warning;
            warning.agent = QStringLiteral("claude-code");
            warning.vendor = QStringLiteral("anthropic");
            warning.status = QStringLiteral("allowed_warning");
            warning.windowType = QStringLiteral("seven_day");
            warning.utilization = 0.85;
            warning.resetsAt = resetsAt.addDays(2);
            QVERIFY((*writer)->recordUsageWindow(warning).ok());
            store::UsageWindowRecord limit;
            limit.agent = QStringLiteral("codex");
            limit.vendor = QStringLiteral("openai");
            limit.status = QStringLiteral("rejected");
            limit.resetsAt = resetsAt;
            QVERIFY((*writer)->recordUsageWindow(limit).ok());
        }
        ui::MainWindow window(&settings);
        app::DeskController controller(&window, &settings, config);
        controller.start();
        ui::CostMeterWidget *meter = window.costMeter();
        const QString at = resetsAt.toLocalTime().date() == QDate::currentDate()
                               ? resetsAt.toLocalTime().toString(QStringLiteral("HH:mm"))
                               : resetsAt.toLocalTime().toString(QStringLiteral("ddd HH:mm"));
        QTRY_COMPARE(meter->usageNotice(), QStringLiteral("Codex limit · resumes %1").arg(at));
        QVERIFY(meter->accessibleDescription().endsWith(meter->usageNotice()));
        QVERIFY2(meter->toolTip().contains(QStringLiteral("Codex usage limit")),
                 qPrintable(meter->toolTip()));
    }
};

QTEST_MAIN(TestDeskController)

#include "tst_deskcontroller.moc"
