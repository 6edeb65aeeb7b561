#include "FileDeltaFactory.h"
#include "review/DiffDocumentBuilder.h"

#include <QSignalSpy>
#include <QTest>

using namespace agentdesk;
using namespace agentdesk::review;
using agentdesk::test::FileDeltaFactory;

namespace {

std::vector<git::FileDelta> deltasNamed(const QString &prefix, int count)
{
    std::vector<git::FileDelta> deltas;
    for (int i = 0; i < count; ++i) {
        const QString path = prefix + QString::number(i);
        deltas.push_back(FileDeltaFactory::make(path, path, "@@ -1 +1 @@\n-a\n+b\n"));
    }
    return deltas;
}

} // namespace

class TestDiffDocumentBuilder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void deliversOnTheCallersThread()
    {
        DiffDocumentBuilder builder;
        QSignalSpy spy(&builder, &DiffDocumentBuilder::built);
        builder.request(deltasNamed(u"x"_qs, 3));
        QVERIFY(spy.wait(10000));
        const auto document = spy.at(0).at(0).value<std::shared_ptr<const DiffDocument>>();
        QCOMPARE(document->fileCount(), 3);
        QVERIFY(!builder.isBusy());
    }

    // Only the newest request's document arrives, however the older build ends.
    void newerRequestWins()
    {
        DiffDocumentBuilder builder;
        QSignalSpy spy(&builder, &DiffDocumentBuilder::built);
        builder.request(deltasNamed(u"first"_qs, 2000));
        builder.request(deltasNamed(u"second"_qs, 2));
        QTRY_VERIFY_WITH_TIMEOUT(!builder.isBusy(), 20000);
        QCOMPARE(spy.size(), 1);
        const auto document = spy.at(0).at(0).value<std::shared_ptr<const DiffDocument>>();
        QCOMPARE(document->file(0).newPath, u"second0");
    }

    void destructorWaitsForWork()
    {
        auto builder = std::make_unique<DiffDocumentBuilder>();
        builder->request(deltasNamed(u"z"_qs, 500));
        builder.reset(); // must cancel and join, not crash or leak a running worker
        QVERIFY(QThreadPool::globalInstance()->waitForDone(10000));
    }
};

QTEST_GUILESS_MAIN(TestDiffDocumentBuilder)
#include "tst_diffdocumentbuilder.moc"
