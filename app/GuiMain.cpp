#include "app/GuiMain.h"

#include "core/AppPaths.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QIcon>
#include <QSettings>

namespace agentdesk::app {

int runGui(int &argc, char **argv)
{
    QApplication application(argc, argv);
    QApplication::setApplicationName(QStringLiteral("agentdesk"));
    QApplication::setApplicationDisplayName(QStringLiteral("AgentDesk"));
    QGuiApplication::setDesktopFileName(QStringLiteral("agentdesk"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/agentdesk/icons/agentdesk.svg")));

    AppPaths::ensureCreated();
    QSettings settings(AppPaths::settingsFile(), QSettings::IniFormat);

    ui::MainWindow window(&settings);
    window.show();
    return application.exec();
}

} // namespace agentdesk::app
