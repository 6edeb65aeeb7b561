#include "ui/review/ReportView.h"

#include <QDesktopServices>
#include <QRegularExpression>

namespace agentdesk::ui {

ReportView::ReportView(QWidget *parent)
    : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("reportView"));
    setAccessibleName(tr("Report"));
    setOpenLinks(false);
    setFrameShape(QFrame::NoFrame);
    document()->setDocumentMargin(12);
    connect(this, &QTextBrowser::anchorClicked, this, &ReportView::follow);
}

void ReportView::setReport(const QString &reportMarkdown, const QString &revisionRequest,
                           const std::optional<store::ReviewVerdictRecord> &verdict,
                           const QStringList &knownPaths)
{
    // The task report (models/tasks/report) already quotes the revision request and gives the
    // reviewer's verdict and decisions; a plain agent report does not, so they are added here.
    const bool quotesRequest =
        reportMarkdown.contains(QLatin1String("Revision request"), Qt::CaseInsensitive);
    static const QRegularExpression reviewerHeading(QStringLiteral(R"(^#{1,6}\s.*reviewer)"),
                                                    QRegularExpression::CaseInsensitiveOption |
                                                        QRegularExpression::MultilineOption);
    const bool hasReviewer = reviewerHeading.match(reportMarkdown).hasMatch();
    QString markdown;
    if (!revisionRequest.trimmed().isEmpty() && !quotesRequest)
        markdown +=
            tr("> **Revision requested:** %1\n\n")
                .arg(revisionRequest.trimmed().replace(QLatin1Char('\n'), QStringLiteral("\n> ")));
    markdown += reportMarkdown.trimmed().isEmpty()
                    ? tr("*The implementer left no report for this iteration.*")
                    : reportlinks::linkDecisions(reportMarkdown.trimmed(), knownPaths);
    if (verdict && !hasReviewer) {
        markdown += QStringLiteral("\n\n---\n\n");
        markdown += tr("## Reviewer: %1 (%2% confident)\n\n")
                        .arg(verdict->correct ? tr("looks correct") : tr("looks incorrect"))
                        .arg(qRound(verdict->confidence * 100));
        if (!verdict->explanation.trimmed().isEmpty())
            markdown += verdict->explanation.trimmed() + QStringLiteral("\n\n");
        if (!verdict->decisionsToReview.isEmpty()) {
            markdown += tr("### Decisions the reviewer wants you to check\n\n");
            for (const QString &decision : verdict->decisionsToReview)
                markdown += QStringLiteral("- %1\n").arg(
                    reportlinks::linkReferences(decision.simplified(), knownPaths));
        }
    }
    if (markdown == m_markdown)
        return;
    m_markdown = markdown;
    setMarkdown(m_markdown);
}

void ReportView::follow(const QUrl &url)
{
    if (const auto link = reportlinks::parseLineUrl(url)) {
        Q_EMIT lineLinkActivated(*link);
        return;
    }
    if (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http"))
        QDesktopServices::openUrl(url);
}

} // namespace agentdesk::ui
