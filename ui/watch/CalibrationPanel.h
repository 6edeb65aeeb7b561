#pragma once

#include "calibration/CalibrationStats.h"

#include <QDate>
#include <QList>
#include <QPair>
#include <QWidget>

class QLabel;
class QTreeWidget;

namespace agentdesk::watchui {

// The measured half of "how much to trust each reviewer": what `agentdesk calibrate` found on
// this repository. Per reviewer model, its seeded bugs caught overall and per class with the
// count and a 95 % interval (a painted bar with the interval as a whisker, so 3 of 4 does not
// look like 75 of 100), caught at P0/P1, noise per untouched change and cost per review and per
// catch; the reviewers side by side against the reference model (the implementer's); and the
// same per day, oldest first. It shows the values it is given (calibration::loadCalibration
// and summarizeByDay on a worker); the acknowledged-findings table stays beside it.
class CalibrationPanel : public QWidget
{
    Q_OBJECT
public:
    // Cells of the rate column carry the fractions for the bar in these roles.
    static constexpr int RateRole = Qt::UserRole + 1;
    static constexpr int IntervalLowRole = Qt::UserRole + 2;
    static constexpr int IntervalHighRole = Qt::UserRole + 3;

    enum RateColumn
    {
        ReviewerColumn,
        CaughtColumn,
        RateColumn,
        IntervalColumn,
        HighPriorityColumn,
        NoiseColumn,
        PerReviewColumn,
        PerCatchColumn,
        RateColumnCount,
    };

    explicit CalibrationPanel(QWidget *parent = nullptr);

    // `referenceModel`: provider:model the others are compared with; empty: the dearest.
    void setCalibration(const calibration::CalibrationSummary &summary,
                        const QList<QPair<QDate, calibration::CalibrationSummary>> &byDay,
                        const QString &referenceModel = QString());

    QTreeWidget *ratesTree() const { return m_rates; }
    QTreeWidget *comparisonTree() const { return m_comparison; }
    QTreeWidget *historyTree() const { return m_history; }
    QString emptyText() const;
    bool isEmpty() const { return m_empty; }

private:
    void fillRates(const calibration::CalibrationSummary &summary);
    void fillComparison(const calibration::CalibrationSummary &summary, const QString &reference);
    void fillHistory(const QList<QPair<QDate, calibration::CalibrationSummary>> &byDay);

    QLabel *m_emptyLabel = nullptr;
    QTreeWidget *m_rates = nullptr;
    QTreeWidget *m_comparison = nullptr;
    QTreeWidget *m_history = nullptr;
    bool m_empty = true;
};

} // namespace agentdesk::watchui
