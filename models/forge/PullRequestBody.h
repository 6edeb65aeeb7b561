#pragma once

#include "forge/ForgeTypes.h"

#include <QList>
#include <QString>

// A pull request's description from a task's report, within the forge's size limit.

namespace agentdesk::forge {

struct BodySection
{
    QString heading;  // without "## "
    QString markdown; // the section's content
};

struct PullRequestReport
{
    QString lead; // before the first section (which task, which commits)
    QList<BodySection> sections;
    QString footer; // after them (where it came from)
};

// The most characters a description may have: GitHub 65,536; GitLab 1,048,576; Gitea keeps
// bodies in a text column, but a body beyond GitHub's size is no review aid either: 65,536.
int bodyLimit(ForgeKind kind);

// The report as Markdown of at most `limit` characters (UTF-16 code units, never fewer than
// the forge's characters). When it does not fit, the longest sections are shortened first,
// each at a line boundary: a table loses whole rows from its end (never cut inside a row,
// never left without its header), a code fence goes whole or not at all, and a shortened
// section ends with a note of how many lines it left out. Every heading stays.
QString composeBody(const PullRequestReport &report, int limit);

// Splits Markdown at its level-2 headings ("## …"). Lines before the first are the lead; a
// level-1 heading there (the report's title) is dropped: the pull request's title says it.
PullRequestReport splitReport(const QString &markdown);

// Shortens one section's Markdown to at most `budget` characters by the rules above (the
// note included). Returns the text and sets `*omittedLines`.
QString shortenMarkdown(const QString &markdown, int budget, int *omittedLines);

} // namespace agentdesk::forge
