#include "itemmodels/TimelineModel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace agentdesk;
using itemmodels::TimelineModel;
using tasks::TaskEventKind;

namespace {

store::StoredEvent stored(qint64 id, TaskEventKind kind, QJsonObject payload)
{
    store::StoredEvent event;
    event.id = id;
    event.event = tasks::TaskEvent{
        3, 1, kind, QDateTime(QDate(2025, 3, 14), QTime(9, 0, int(id % 60)), QTimeZone::utc()),
        std::move(payload)};
    return event;
}

QList<store::StoredEvent> sampleEvents()
{
    return {
        stored(1, TaskEventKind::StateChange,
               {{u"from"_qs, u"preparing"_qs}, {u"to"_qs, u"implementing"_qs}}),
        stored(2, TaskEventKind::ModelText, {{u"text"_qs, u"Reading the parser.\nThen..."_qs}}),
        stored(3, TaskEventKind::ToolCall,
               {{u"name"_qs, u"read_file"_qs},
                {u"input"_qs, QJsonObject{{u"path"_qs, u"src/config.c"_qs}}}}),
        stored(4, TaskEventKind::ToolResult,
               {{u"content"_qs, u"no such file"_qs}, {u"is_error"_qs, true}}),
        stored(5, TaskEventKind::Usage,
               {{u"model"_qs, u"claude-sonnet-4-5"_qs},
                {u"input_tokens"_qs, 1200},
                {u"output_tokens"_qs, 80}}),
    };
}

} // namespace

class TestTimelineModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void modelTesterAcrossChanges()
    {
        TimelineModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEvents(sampleEvents());
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.columnCount(), int(TimelineModel::ColumnCount));
        // A live tail: only the events newer than the last one held are added.
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QList<store::StoredEvent> more = sampleEvents().mid(3);
        more << stored(6, TaskEventKind::Note, {{u"text"_qs, u"budget 80 % spent"_qs}})
             << stored(7, TaskEventKind::ValidationOutput, {{u"line"_qs, u"7 passed"_qs}});
        QCOMPARE(model.appendEvents(more), 2);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 5);
        QCOMPARE(inserted.at(0).at(2).toInt(), 6);
        QCOMPARE(model.rowCount(), 7);
        QCOMPARE(model.appendEvents(more), 0);
        QCOMPARE(model.index(6, 0).data(TimelineModel::EventIdRole).toLongLong(), 7);
        model.setEvents({});
        QCOMPARE(model.rowCount(), 0);
    }

    void summaries_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("summary");
        QTest::addColumn<bool>("error");
        QTest::newRow("state") << 0 << u"State"_qs << u"Preparing → Implementing"_qs << false;
        QTest::newRow("model text, first line")
            << 1 << u"Model"_qs << u"Reading the parser.…"_qs << false;
        QTest::newRow("tool call") << 2 << u"Tool call"_qs << u"read_file src/config.c"_qs << false;
        QTest::newRow("failed tool") << 3 << u"Tool result"_qs << u"Error: no such file"_qs << true;
        QTest::newRow("usage") << 4 << u"Usage"_qs << u"claude-sonnet-4-5: 1,200 in · 80 out"_qs
                               << false;
    }
    void summaries()
    {
        QFETCH(int, row);
        QFETCH(QString, kind);
        QFETCH(QString, summary);
        QFETCH(bool, error);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
        TimelineModel model;
        model.setEvents(sampleEvents());
        QCOMPARE(model.index(row, TimelineModel::KindColumn).data().toString(), kind);
        QCOMPARE(model.index(row, TimelineModel::SummaryColumn).data().toString(), summary);
        QCOMPARE(model.index(row, 0).data(TimelineModel::IsErrorRole).toBool(), error);
        QCOMPARE(model.index(row, 0).data(TimelineModel::TimeRole).toDateTime(),
                 model.events()[row].event.at);
    }

    void detailIsTheWholeText()
    {
        TimelineModel model;
        model.setEvents(sampleEvents());
        QCOMPARE(model.index(1, 0).data(TimelineModel::DetailRole).toString(),
                 u"Reading the parser.\nThen..."_qs);
        // Structured events show their payload as JSON.
        const QString call = model.index(2, 0).data(TimelineModel::DetailRole).toString();
        QVERIFY(call.contains(u"\"path\": \"src/config.c\""_qs));
        QCOMPARE(model.index(2, 0).data(TimelineModel::KindRole).toString(), u"tool-call"_qs);
    }

    void unknownPayloadStillShows()
    {
        TimelineModel model;
        model.setEvents({stored(1, TaskEventKind::ToolCall, {{u"weird"_qs, 42}})});
        QCOMPARE(model.index(0, TimelineModel::SummaryColumn).data().toString(),
                 u"{\"weird\":42}"_qs);
        QString longText(500, u'x');
        model.setEvents({stored(2, TaskEventKind::ModelText, {{u"text"_qs, longText}})});
        const QString summary = model.index(0, TimelineModel::SummaryColumn).data().toString();
        QCOMPARE(summary.size(), 200);
        QVERIFY(summary.endsWith(QChar(0x2026)));
    }
};

QTEST_GUILESS_MAIN(TestTimelineModel)
#include "tst_timelinemodel.moc"
