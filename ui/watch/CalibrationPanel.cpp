#include "watch/CalibrationPanel.h"

#include "watch/WatchPalette.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace agentdesk::watchui {

using namespace calibration;

namespace {

QString percent(double fraction)
{
    return QStringLiteral("%1 %").arg(qRound(fraction * 100.0));
}

QString intervalText(const Interval &interval)
{
    return QStringLiteral("%1–%2 %")
        .arg(qRound(interval.low * 100.0))
        .arg(qRound(interval.high * 100.0));
}

QString moneyText(const std::optional<Money> &money)
{
    return money ? money->format() : QStringLiteral("–");
}

QString noiseText(const std::optional<double> &noise)
{
    return noise ? QString::number(*noise, 'f', 1) : QStringLiteral("–");
}

// The rate as a bar, its 95 % interval as a whisker across it, the figure after them.
class IntervalBarDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        const QVariant rate = index.data(CalibrationPanel::RateRole);
        if (!rate.isValid()) {
            QStyledItemDelegate::paint(painter, option, index);
            return;
        }
        QStyleOptionViewItem base = option;
        initStyleOption(&base, index);
        base.text.clear();
        option.widget->style()->drawControl(QStyle::CE_ItemViewItem, &base, painter, option.widget);
        const QPalette &palette = option.palette;
        const QRect area = option.rect.adjusted(4, 0, -4, 0);
        const int barWidth = std::max(
            40, area.width() - option.fontMetrics.horizontalAdvance(QStringLiteral("100 %  ")));
        const QRect track(area.left(), area.center().y() - 3, barWidth, 6);
        const double value = rate.toDouble();
        const double low = index.data(CalibrationPanel::IntervalLowRole).toDouble();
        const double high = index.data(CalibrationPanel::IntervalHighRole).toDouble();
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(Qt::NoPen);
        painter->setBrush(WatchPalette::tint(palette, palette.color(QPalette::Text)));
        painter->drawRoundedRect(track, 3, 3);
        const QColor fill = value >= 0.8   ? WatchPalette::success(palette)
                            : value >= 0.5 ? WatchPalette::warning(palette)
                                           : WatchPalette::danger(palette);
        painter->setBrush(fill);
        painter->drawRoundedRect(
            QRect(track.left(), track.top(), int(track.width() * value), track.height()), 3, 3);
        painter->setPen(QPen(palette.color(QPalette::Text), 1.5));
        const int x0 = track.left() + int(track.width() * low);
        const int x1 = track.left() + int(track.width() * high);
        const int y = track.center().y();
        painter->drawLine(x0, y, x1, y);
        painter->drawLine(x0, y - 5, x0, y + 5);
        painter->drawLine(x1, y - 5, x1, y + 5);
        painter->setPen(palette.color(
            option.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
        painter->drawText(
            QRect(track.right() + 6, area.top(), area.right() - track.right() - 6, area.height()),
            Qt::AlignVCenter | Qt::AlignLeft, index.data().toString());
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize size = QStyledItemDelegate::sizeHint(option, index);
        if (index.data(CalibrationPanel::RateRole).isValid())
            size.setWidth(std::max(size.width(), 160));
        return size;
    }
};

void setRate(QTreeWidgetItem *item, int column, const ClassRate &rate)
{
    item->setText(column, rate.seeded > 0 ? percent(rate.rate()) : QStringLiteral("–"));
    if (rate.seeded == 0)
        return;
    item->setData(column, CalibrationPanel::RateRole, rate.rate());
    item->setData(column, CalibrationPanel::IntervalLowRole, rate.interval.low);
    item->setData(column, CalibrationPanel::IntervalHighRole, rate.interval.high);
}

QTreeWidgetItem *rateItem(const QString &name, const ClassRate &rate)
{
    auto *item = new QTreeWidgetItem;
    item->setText(CalibrationPanel::ReviewerColumn, name);
    item->setText(CalibrationPanel::CaughtColumn,
                  QStringLiteral("%1 of %2").arg(rate.caught).arg(rate.seeded));
    setRate(item, CalibrationPanel::RateColumn, rate);
    item->setText(CalibrationPanel::IntervalColumn,
                  rate.seeded > 0 ? intervalText(rate.interval) : QStringLiteral("–"));
    item->setText(CalibrationPanel::HighPriorityColumn, QString::number(rate.caughtHighPriority));
    if (rate.failed > 0)
        item->setToolTip(CalibrationPanel::CaughtColumn,
                         QObject::tr("%1 more review(s) ended without an answer and are not "
                                     "counted.")
                             .arg(rate.failed));
    return item;
}

QTreeWidget *makeTree(QWidget *parent, const QString &name, const QStringList &headers)
{
    auto *tree = new QTreeWidget(parent);
    tree->setObjectName(name);
    tree->setColumnCount(int(headers.size()));
    tree->setHeaderLabels(headers);
    tree->setRootIsDecorated(true);
    tree->setUniformRowHeights(true);
    tree->setSelectionMode(QAbstractItemView::SingleSelection);
    tree->header()->setStretchLastSection(false);
    tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return tree;
}

QLabel *heading(QWidget *parent, const QString &text)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace

CalibrationPanel::CalibrationPanel(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Reviewer calibration: seeded bugs caught"));
    auto *layout = new QVBoxLayout(this);
    m_emptyLabel = new QLabel(this);
    m_emptyLabel->setObjectName(QStringLiteral("calibrationEmpty"));
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setText(
        tr("No reviewer has been calibrated on this repository yet. Run\n"
           "agentdesk calibrate --repo PATH --reviewer PROVIDER:MODEL\nto seed known bugs into "
           "copies of recent changes and measure what each reviewer catches."));
    layout->addWidget(m_emptyLabel);
    layout->addWidget(heading(this, tr("Seeded bugs caught")));
    m_rates = makeTree(this, QStringLiteral("calibrationRates"),
                       {tr("Reviewer / bug class"), tr("Caught"), tr("Rate"), tr("95 % interval"),
                        tr("P0/P1"), tr("Noise"), tr("Per review"), tr("Per catch")});
    m_rates->setItemDelegateForColumn(RateColumn, new IntervalBarDelegate(m_rates));
    m_rates->setToolTip(tr("A bug is caught when a finding lands within three lines of it. "
                           "Noise: findings per review of an untouched change."));
    layout->addWidget(m_rates, 3);
    layout->addWidget(heading(this, tr("Reviewers side by side")));
    m_comparison = makeTree(this, QStringLiteral("calibrationComparison"),
                            {tr("Reviewer"), tr("Caught"), tr("Rate"), tr("Per review"),
                             tr("Per catch"), tr("Cost against the reference")});
    m_comparison->setRootIsDecorated(false);
    m_comparison->setItemDelegateForColumn(2, new IntervalBarDelegate(m_comparison));
    layout->addWidget(m_comparison, 1);
    layout->addWidget(heading(this, tr("Over time")));
    m_history = makeTree(this, QStringLiteral("calibrationHistory"),
                         {tr("Day / reviewer"), tr("Caught"), tr("Rate"), tr("95 % interval"),
                          tr("Noise"), tr("Cost")});
    m_history->setItemDelegateForColumn(2, new IntervalBarDelegate(m_history));
    layout->addWidget(m_history, 2);
    setCalibration({}, {});
}

QString CalibrationPanel::emptyText() const
{
    return m_emptyLabel->isVisibleTo(this) ? m_emptyLabel->text() : QString();
}

void CalibrationPanel::setCalibration(const CalibrationSummary &summary,
                                      const QList<QPair<QDate, CalibrationSummary>> &byDay,
                                      const QString &referenceModel)
{
    m_empty = summary.isEmpty();
    m_emptyLabel->setVisible(m_empty);
    fillRates(summary);
    fillComparison(summary, referenceModel);
    fillHistory(byDay);
}

void CalibrationPanel::fillRates(const CalibrationSummary &summary)
{
    m_rates->clear();
    for (const ModelCalibration &m : summary.models) {
        QTreeWidgetItem *top = rateItem(m.reference(), m.overall);
        top->setText(NoiseColumn, noiseText(m.noisePerReview()));
        top->setText(PerReviewColumn, moneyText(m.costPerReview()));
        top->setText(PerCatchColumn, moneyText(m.costPerCatch()));
        top->setToolTip(ReviewerColumn, trustSentence(summary, m.provider, m.model));
        for (const ClassRate &rate : m.classes)
            top->addChild(rateItem(rate.bugClass, rate));
        m_rates->addTopLevelItem(top);
        top->setExpanded(true);
    }
}

void CalibrationPanel::fillComparison(const CalibrationSummary &summary, const QString &reference)
{
    m_comparison->clear();
    for (const ModelComparisonRow &row : compareModels(summary, reference)) {
        auto *item = new QTreeWidgetItem;
        item->setText(0, row.reference);
        item->setText(1,
                      QStringLiteral("%1 of %2").arg(row.overall.caught).arg(row.overall.seeded));
        setRate(item, 2, row.overall);
        item->setText(3, moneyText(row.costPerReview));
        item->setText(4, moneyText(row.costPerCatch));
        QString versus = QStringLiteral("–");
        if (row.isReference)
            versus = tr("reference");
        else if (row.cheaperThanReferencePercent)
            versus = *row.cheaperThanReferencePercent >= 0
                         ? tr("%1 % cheaper").arg(qRound(*row.cheaperThanReferencePercent))
                         : tr("%1 % dearer").arg(-qRound(*row.cheaperThanReferencePercent));
        item->setText(5, versus);
        m_comparison->addTopLevelItem(item);
    }
}

void CalibrationPanel::fillHistory(const QList<QPair<QDate, CalibrationSummary>> &byDay)
{
    m_history->clear();
    for (const auto &[day, summary] : byDay) {
        auto *top = new QTreeWidgetItem;
        top->setText(0, QLocale().toString(day, QLocale::ShortFormat));
        top->setData(0, Qt::UserRole, day);
        for (const ModelCalibration &m : summary.models) {
            auto *item = new QTreeWidgetItem(top);
            item->setText(0, m.reference());
            item->setText(1,
                          QStringLiteral("%1 of %2").arg(m.overall.caught).arg(m.overall.seeded));
            setRate(item, 2, m.overall);
            item->setText(3, m.overall.seeded > 0 ? intervalText(m.overall.interval)
                                                  : QStringLiteral("–"));
            item->setText(4, noiseText(m.noisePerReview()));
            item->setText(5, m.cost.format());
        }
        m_history->addTopLevelItem(top);
        top->setExpanded(true);
    }
}

} // namespace agentdesk::watchui
