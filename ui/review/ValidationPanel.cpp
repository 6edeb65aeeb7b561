#include "ui/review/ValidationPanel.h"

#include "diff/CodeFont.h"
#include "ui/review/ReviewFormat.h"

#include <QEvent>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace agentdesk::ui {

using reviewformat::coloured;
using reviewformat::html;
using reviewformat::Tone;

namespace {

// At most `shown` names, then "and N more"; the whole list goes in a tooltip elsewhere.
QString nameList(const QStringList &names, int shown = 8)
{
    QStringList escaped;
    for (int i = 0; i < std::min<qsizetype>(names.size(), shown); ++i)
        escaped << QStringLiteral("<tt>%1</tt>").arg(html(names[i]));
    QString text = escaped.join(QStringLiteral(", "));
    if (names.size() > shown)
        text += ValidationPanel::tr(" and %n more", nullptr, int(names.size() - shown));
    return text;
}

} // namespace

ValidationPanel::ValidationPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("validationPanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("validationSummaryLabel"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    QFont big = m_summary->font();
    big.setPointSizeF(big.pointSizeF() * 1.15);
    m_summary->setFont(big);
    layout->addWidget(m_summary);

    m_details = new QLabel(this);
    m_details->setObjectName(QStringLiteral("validationDetailsLabel"));
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::RichText);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_details);

    m_output = new QPlainTextEdit(this);
    m_output->setObjectName(QStringLiteral("validationOutput"));
    m_output->setAccessibleName(tr("Test output"));
    m_output->setReadOnly(true);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_output->setFont(diffview::codeFont());
    m_output->setPlaceholderText(tr("No output was recorded."));
    layout->addWidget(m_output, 1);
    refresh();
}

void ValidationPanel::setValidation(std::optional<store::ValidationRecord> record,
                                    const QString &headCommit)
{
    m_record = std::move(record);
    m_headCommit = headCommit;
    refresh();
}

QString ValidationPanel::tabTitle() const
{
    if (!m_record)
        return tr("Tests");
    if (m_record->ranZeroTests() || m_record->timedOut)
        return tr("Tests ⚠");
    if (m_record->failed > 0)
        return tr("Tests ✗ %1").arg(m_record->failed);
    return tr("Tests ✓ %1").arg(m_record->passed);
}

void ValidationPanel::refresh()
{
    const QPalette &p = palette();
    if (!m_record) {
        m_summary->setText(tr("No validation has run for this iteration yet."));
        m_details->clear();
        m_details->setVisible(false);
        m_output->clear();
        m_output->setVisible(false);
        return;
    }
    const store::ValidationRecord &v = *m_record;
    m_details->setVisible(true);
    m_output->setVisible(true);

    QString summary;
    if (v.ranZeroTests()) {
        summary = coloured(tr("⚠ No tests ran."), Tone::Warning, p) + QLatin1Char(' ') +
                  tr("A run that executes no tests proves nothing: check the validation "
                     "command (exit code %1).")
                      .arg(v.exitCode);
    } else {
        const QString counts =
            tr("%1 passed · %2 failed · %3 skipped").arg(v.passed).arg(v.failed).arg(v.skipped);
        summary = v.failed > 0 ? coloured(tr("✗ %1").arg(counts), Tone::Bad, p)
                               : coloured(tr("✓ %1").arg(counts), Tone::Good, p);
    }
    if (v.timedOut)
        summary +=
            QStringLiteral("<br>") +
            coloured(tr("⚠ The run timed out; the counts cover what finished."), Tone::Warning, p);
    m_summary->setText(summary);

    QStringList rows;
    const auto row = [&rows](const QString &label, const QString &value) {
        rows << QStringLiteral("<tr><td style=\"padding-right:12px\"><b>%1</b></td><td>%2</td>"
                               "</tr>")
                    .arg(label, value);
    };
    if (v.failed > 0 || !v.newlyFailing.isEmpty() || !v.preexistingFailing.isEmpty()) {
        if (v.baseCommit.isEmpty()) {
            row(tr("Failures"), tr("the base was not validated, so new and pre-existing "
                                   "failures cannot be told apart"));
        } else {
            row(tr("Newly failing"),
                v.newlyFailing.isEmpty()
                    ? coloured(tr("none"), Tone::Good, p)
                    : coloured(tr("%1: ").arg(v.newlyFailing.size()), Tone::Bad, p) +
                          nameList(v.newlyFailing));
            row(tr("Already failing"),
                v.preexistingFailing.isEmpty()
                    ? tr("none")
                    : tr("%1 on the base: ").arg(v.preexistingFailing.size()) +
                          nameList(v.preexistingFailing));
        }
    }
    if (!v.baseCommit.isEmpty())
        row(tr("Base"), tr("<tt>%1</tt>: %2 passed · %3 failed · %4 skipped")
                            .arg(reviewformat::shortCommit(v.baseCommit))
                            .arg(v.basePassed)
                            .arg(v.baseFailed)
                            .arg(v.baseSkipped));
    row(tr("Command"), QStringLiteral("<tt>%1</tt>").arg(html(v.command)));
    QString commit = QStringLiteral("<tt>%1</tt>").arg(reviewformat::shortCommit(v.commit));
    if (!m_headCommit.isEmpty() && v.commit == m_headCommit)
        commit += tr(" — the branch head");
    else if (!m_headCommit.isEmpty())
        commit += QLatin1Char(' ') +
                  coloured(tr("— not the branch head (<tt>%1</tt>): the result is stale")
                               .arg(reviewformat::shortCommit(m_headCommit)),
                           Tone::Warning, p);
    row(tr("Commit"), commit);
    row(tr("Ran"), tr("%1, exit code %2, %3")
                       .arg(QLocale().toString(v.at.toLocalTime(), QLocale::ShortFormat))
                       .arg(v.exitCode)
                       .arg(reviewformat::duration(v.durationMs)));
    m_details->setText(QStringLiteral("<table>%1</table>").arg(rows.join(QString())));
    m_details->setToolTip(v.newlyFailing.isEmpty()
                              ? QString()
                              : tr("Newly failing:\n%1").arg(v.newlyFailing.join(u'\n')));

    if (m_output->toPlainText() != v.outputExcerpt)
        m_output->setPlainText(v.outputExcerpt);
}

void ValidationPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        refresh();
    QWidget::changeEvent(event);
}

} // namespace agentdesk::ui
