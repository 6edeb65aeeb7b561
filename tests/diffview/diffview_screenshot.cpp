// Renders the sample review diff to a PNG, for looking at the view without a display:
// diffview_screenshot OUTPUT.png [--dark] [--unified] [--width N] [--height N]
#include "DiffViewSample.h"
#include "diff/DiffView.h"

#include <QApplication>
#include <QImage>
#include <QPainter>
#include <QScrollBar>
#include <QStyleFactory>

using namespace agentdesk;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString output = args.value(1, QStringLiteral("diffview.png"));
    const int width =
        args.contains(u"--width"_qs) ? args.value(args.indexOf(u"--width"_qs) + 1).toInt() : 1400;
    const int height =
        args.contains(u"--height"_qs) ? args.value(args.indexOf(u"--height"_qs) + 1).toInt() : 900;
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    if (args.contains(u"--dark"_qs)) {
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x1e, 0x22, 0x27));
        dark.setColor(QPalette::Base, QColor(0x0d, 0x11, 0x17));
        dark.setColor(QPalette::Text, QColor(0xe6, 0xed, 0xf3));
        dark.setColor(QPalette::WindowText, QColor(0xe6, 0xed, 0xf3));
        QApplication::setPalette(dark);
    }
    auto document = review::DiffDocument::build(test::sampleDeltas());
    if (!document.ok())
        return 1;
    diffview::DiffView view;
    view.resize(width, height);
    if (args.contains(u"--unified"_qs))
        view.setMode(diffview::DiffView::Mode::Unified);
    view.setDocument(document.value());
    view.setFindings(test::sampleFindings());
    view.setNoteExpanded(1, true);
    view.show();
    QImage image(view.size() * 2, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(2);
    view.render(&image);
    return image.save(output) ? 0 : 1;
}
