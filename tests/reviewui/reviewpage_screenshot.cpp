// Renders the review page for the sample task to a PNG, for looking at it without a display:
// reviewpage_screenshot OUTPUT.png [--dark] [--iteration 2] [--width N] [--height N]
//                                  [--tab report|tests|timeline] [--revision-dialog]
#include "ReviewSample.h"
#include "git/GitLibrary.h"
#include "ui/review/FindingsPanel.h"
#include "ui/review/ReviewPage.h"
#include "ui/review/RevisionDialog.h"

#include <QApplication>
#include <QImage>
#include <QStyleFactory>
#include <QTabBar>
#include <QTabWidget>

#include <cstdio>

using namespace agentdesk;

namespace {

QString option(const QStringList &args, const QString &name, const QString &fallback)
{
    const qsizetype at = args.indexOf(name);
    return at >= 0 && at + 1 < args.size() ? args.at(at + 1) : fallback;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    git::GitLibrary git;
    const QStringList args = app.arguments();
    const QString output = args.value(1, QStringLiteral("reviewpage.png"));
    const int width = option(args, QStringLiteral("--width"), QStringLiteral("1600")).toInt();
    const int height = option(args, QStringLiteral("--height"), QStringLiteral("1000")).toInt();
    const int iteration = option(args, QStringLiteral("--iteration"), QStringLiteral("1")).toInt();
    const QString tab = option(args, QStringLiteral("--tab"), QStringLiteral("report"));
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (args.contains(u"--dark"_qs)) {
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x1e, 0x22, 0x27));
        dark.setColor(QPalette::Base, QColor(0x0d, 0x11, 0x17));
        dark.setColor(QPalette::AlternateBase, QColor(0x16, 0x1b, 0x22));
        dark.setColor(QPalette::Button, QColor(0x2a, 0x2f, 0x36));
        dark.setColor(QPalette::Text, QColor(0xe6, 0xed, 0xf3));
        dark.setColor(QPalette::WindowText, QColor(0xe6, 0xed, 0xf3));
        dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xed, 0xf3));
        dark.setColor(QPalette::Highlight, QColor(0x1f, 0x6f, 0xeb));
        dark.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
        dark.setColor(QPalette::Link, QColor(0x58, 0xa6, 0xff));
        dark.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x8b, 0x94, 0x9e));
        dark.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6e, 0x76, 0x81));
        QApplication::setPalette(dark);
    }

    const auto sample = test::ReviewSample::create();
    if (!sample) {
        std::fprintf(stderr, "could not build the sample repository\n");
        return 1;
    }
    ui::ReviewPage page;
    page.resize(width, height);
    page.setSnapshot(sample->snapshot(iteration));
    page.show();
    // The reviewer has the blocker selected: its note open in the diff, the list on it.
    page.selectFinding(page.findingIndexOf(iteration == 1
                                               ? test::ReviewSample::nullCheckFindingId
                                               : test::ReviewSample::testGapFindingId + 100));
    if (tab == QLatin1String("tests"))
        page.detailTabs()->setCurrentIndex(1);
    else if (tab == QLatin1String("timeline"))
        page.detailTabs()->setCurrentIndex(2);

    // Let posted layout requests and deferred deletes run, as the event loop would.
    QApplication::processEvents();
    QApplication::processEvents();
    QWidget *target = &page;
    if (args.contains(u"--revision-dialog"_qs)) {
        page.revisionAction()->trigger();
        target = page.revisionDialog();
        if (!target)
            return 1;
        QApplication::processEvents();
    }
    QImage image(target->size() * 2, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(2);
    target->render(&image);
    return image.save(output) ? 0 : 1;
}
