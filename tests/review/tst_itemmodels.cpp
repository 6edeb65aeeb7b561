#include "FileDeltaFactory.h"
#include "itemmodels/DiffFilesModel.h"
#include "itemmodels/FindingsModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace agentdesk;
using namespace agentdesk::itemmodels;
using agentdesk::test::FileDeltaFactory;

namespace {

review::Finding finding(const QString &file, int priority, review::FindingCategory category,
                        int line = 1)
{
    review::Finding f;
    f.title = QStringLiteral("%1 P%2").arg(file).arg(priority);
    f.file = file;
    f.priority = priority;
    f.category = category;
    f.startLine = line;
    f.endLine = line;
    return f;
}

std::vector<review::Finding> sampleFindings()
{
    using C = review::FindingCategory;
    return {finding(u"a.cpp"_qs, 0, C::NullCheck), finding(u"a.cpp"_qs, 2, C::TestGap),
            finding(u"new/b.cpp"_qs, 1, C::Security), finding(u"gone.txt"_qs, 3, C::Other)};
}

} // namespace

class TestItemModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void filesModel()
    {
        DiffFilesModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        auto document = review::DiffDocument::build(
            {FileDeltaFactory::make(u"a.cpp"_qs, u"a.cpp"_qs, "@@ -1,2 +1,3 @@\n-x\n+y\n+z\n k\n"),
             FileDeltaFactory::make(u"old/b.cpp"_qs, u"new/b.cpp"_qs, "@@ -1 +1 @@\n-p\n+q\n",
                                    git::DeltaStatus::Renamed),
             FileDeltaFactory::make(u"gone.txt"_qs, QString(), "@@ -1 +0,0 @@\n-bye\n",
                                    git::DeltaStatus::Deleted)});
        QVERIFY(document.ok());
        model.setDocument(document.value());
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, DiffFilesModel::AddedColumn).data().toInt(), 2);
        QCOMPARE(model.index(0, DiffFilesModel::RemovedColumn).data().toInt(), 1);
        QCOMPARE(model.index(1, 0).data(DiffFilesModel::StatusRole).toString(), u"renamed");
        QCOMPARE(model.index(1, 0).data(DiffFilesModel::OldPathRole).toString(), u"old/b.cpp");
        QCOMPARE(model.index(2, DiffFilesModel::PathColumn).data().toString(), u"gone.txt");
        QCOMPARE(model.index(2, 0).data(DiffFilesModel::StatusRole).toString(), u"deleted");

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setFindings(sampleFindings());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.index(0, DiffFilesModel::FlagsColumn).data().toInt(), 2);
        QCOMPARE(model.index(0, 0).data(DiffFilesModel::BlockingFlagCountRole).toInt(), 1);
        QCOMPARE(model.index(1, DiffFilesModel::FlagsColumn).data().toInt(), 1);
        QCOMPARE(model.index(2, DiffFilesModel::FlagsColumn).data().toInt(), 1);
    }

    void findingsFilters()
    {
        FindingsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFindings(sampleFindings());
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(model.index(0, FindingsModel::PriorityColumn).data().toString(), u"P0");
        QCOMPARE(model.index(2, 0).data(FindingsModel::CategoryRole).toString(), u"security");

        model.setMaximumPriority(1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.findingIndex(1), 2);
        QCOMPARE(model.rowOfFinding(1), -1);

        model.setMaximumPriority(3);
        model.setCategories({review::FindingCategory::TestGap, review::FindingCategory::Other});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, FindingsModel::TitleColumn).data().toString(), u"a.cpp P2");
        model.setCategories({});
        QCOMPARE(model.rowCount(), 4);
    }

    void acknowledge()
    {
        FindingsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setFindings(sampleFindings());
        QSignalSpy acknowledged(&model, &FindingsModel::acknowledgedChanged);
        const QModelIndex check = model.index(0, FindingsModel::AcknowledgedColumn);
        QVERIFY(model.flags(check) & Qt::ItemIsUserCheckable);
        QCOMPARE(check.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
        QVERIFY(model.setData(check, Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(check.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
        QCOMPARE(acknowledged.size(), 1);
        QCOMPARE(acknowledged.at(0).at(0).toInt(), 0);
        QVERIFY(model.findings()[0].acknowledged);
        QVERIFY(!model.setData(model.index(0, FindingsModel::TitleColumn), u"x"_qs));

        // Hiding acknowledged findings drops the row; acknowledging another removes it live.
        model.setShowAcknowledged(false);
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(model.setAcknowledged(2, true));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOfFinding(2), -1);
        QCOMPARE(model.findingIndex(0), 1);
    }
};

QTEST_GUILESS_MAIN(TestItemModels)
#include "tst_itemmodels.moc"
