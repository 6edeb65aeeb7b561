// The review page inside the real main window, as a user meets it on a small screen: it fits
// 1024×640 at the default font and 1280×720 at 125 %, Merge stays visible, and nothing on the
// page raises the window's minimum width above about 900 px (at the default font).
#include "ReviewSample.h"
#include "git/GitLibrary.h"
#include "ui/MainWindow.h"
#include "ui/QueuePanel.h"
#include "ui/review/ActionBar.h"
#include "ui/review/ReviewPage.h"

#include <QAbstractButton>
#include <QApplication>
#include <QLabel>
#include <QLayout>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <memory>

using namespace agentdesk;
using namespace agentdesk::ui;
using test::ReviewSample;

namespace {

// The widgets whose own minimum width is widest, for a failure message that names the culprit.
QString widest(QWidget *root)
{
    QList<QPair<int, QString>> all;
    for (QWidget *w : root->findChildren<QWidget *>()) {
        if (!w->isVisibleTo(root))
            continue;
        const int minimum = std::max(w->minimumSizeHint().width(), w->minimumWidth());
        all.append(
            {minimum, QStringLiteral("%1(%2)=%3")
                          .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName())
                          .arg(minimum)});
    }
    std::sort(all.begin(), all.end(),
              [](const auto &a, const auto &b) { return a.first > b.first; });
    QStringList names;
    for (int i = 0; i < std::min<qsizetype>(40, all.size()); ++i)
        names << all[i].second;
    return names.join(u", ");
}

} // namespace

class TestReviewFit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        m_defaultFont = QApplication::font();
        m_sample = ReviewSample::create();
        QVERIFY(m_sample);
    }
    void cleanup() { QApplication::setFont(m_defaultFont); }

    void fitsASmallScreen_data()
    {
        QTest::addColumn<int>("fontPercent");
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("height");
        QTest::addColumn<bool>("pausedForBudget"); // with the "+$ and continue" controls
        QTest::newRow("default font, 1024x640") << 100 << 1024 << 640 << false;
        QTest::newRow("125 % font, 1280x720") << 125 << 1280 << 720 << false;
        QTest::newRow("paused, default font, 1024x640") << 100 << 1024 << 640 << true;
        QTest::newRow("paused, 125 % font, 1280x720") << 125 << 1280 << 720 << true;
    }
    void fitsASmallScreen()
    {
        QFETCH(int, fontPercent);
        QFETCH(int, width);
        QFETCH(int, height);
        QFETCH(bool, pausedForBudget);
        QFont font = m_defaultFont;
        if (font.pointSizeF() > 0)
            font.setPointSizeF(font.pointSizeF() * fontPercent / 100.0);
        else
            font.setPixelSize(font.pixelSize() * fontPercent / 100);
        QApplication::setFont(font);

        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_qs), QSettings::IniFormat);
        MainWindow window(&settings);
        auto *page = new ReviewPage;
        window.showReviewPage(page);
        itemmodels::ReviewSnapshot snapshot = m_sample->snapshot(2, 2);
        if (pausedForBudget) {
            snapshot.task.state = tasks::TaskState::Paused;
            snapshot.task.stateReason = u"The budget is spent; give it more budget to continue."_qs;
        }
        page->setSnapshot(snapshot);
        QCOMPARE(page->actionBar()->addBudgetButton()->isVisibleTo(page), pausedForBudget);
        window.resize(width, height);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QApplication::processEvents();

        // About 900 px at the default font, and as much more as the larger font needs.
        QVERIFY2(window.minimumSizeHint().width() <= 900 * fontPercent / 100,
                 qPrintable(QStringLiteral("minimum %1: %2")
                                .arg(window.minimumSizeHint().width())
                                .arg(widest(&window))));
        QVERIFY2(window.minimumSizeHint().height() <= height,
                 qPrintable(QString::number(window.minimumSizeHint().height())));
        QCOMPARE(window.size(), QSize(width, height));

        QAbstractButton *merge = page->actionBar()->mergeButton();
        QVERIFY(merge->isVisible());
        const QRect inWindow(merge->mapTo(&window, QPoint(0, 0)), merge->size());
        QVERIFY2(window.rect().contains(inWindow),
                 qPrintable(QStringLiteral("Merge at %1,%2 %3x%4 in a %5x%6 window")
                                .arg(inWindow.x())
                                .arg(inWindow.y())
                                .arg(inWindow.width())
                                .arg(inWindow.height())
                                .arg(window.width())
                                .arg(window.height())));
        // Its text is not cut: the button got what it asks for.
        QVERIFY(merge->width() >= merge->minimumSizeHint().width());

        // The keys hint above the diff is whole or absent, never clipped.
        QLabel *hint = page->findChild<QLabel *>(u"diffKeysHint"_qs);
        QVERIFY(hint);
        QVERIFY2(hint->fontMetrics().horizontalAdvance(hint->text()) <=
                     hint->contentsRect().width(),
                 qPrintable(hint->text()));
    }

private:
    git::GitLibrary m_git;
    QFont m_defaultFont;
    std::unique_ptr<ReviewSample> m_sample;
};

QTEST_MAIN(TestReviewFit)
#include "tst_reviewfit.moc"
