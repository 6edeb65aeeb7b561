#pragma once

#include "store/StoreTypes.h"
#include "ui/review/ReportLinks.h"

#include <QTextBrowser>

#include <optional>

namespace agentdesk::ui {

// The implementer's report for the shown iteration, rendered from Markdown, followed by the
// reviewer's verdict and the decisions it wants a person to check. "file:line" references in
// decisions become links; following one emits lineLinkActivated (other links open in the
// desktop's browser).
class ReportView : public QTextBrowser
{
    Q_OBJECT
public:
    explicit ReportView(QWidget *parent = nullptr);

    // `knownPaths`: the diff's files, so only references to them are linked.
    void setReport(const QString &reportMarkdown, const QString &revisionRequest,
                   const std::optional<store::ReviewVerdictRecord> &verdict,
                   const QStringList &knownPaths);
    // The Markdown actually rendered (links added), for tests.
    QString renderedMarkdown() const { return m_markdown; }

Q_SIGNALS:
    void lineLinkActivated(const agentdesk::ui::LineLink &link);

private:
    void follow(const QUrl &url);
    QString m_markdown;
};

} // namespace agentdesk::ui
