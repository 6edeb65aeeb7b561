#pragma once

#include <QString>

// Putting text that users and models wrote into the report's Markdown without letting it
// change the report's structure (a "## Decisions to review" in a summary, an unclosed code
// fence swallowing the sections after it, a '|' splitting a table cell).

namespace agentdesk::tasks::report {

// Plain text shown inline (a sentence, a list item): one line, Markdown syntax escaped.
QString inlineText(const QString &text);

// `text` as a code span (paths, test names, commands), on one line. In a table, text with a
// '|' becomes escaped plain text instead (renderers disagree on "\|" inside code).
QString codeSpan(const QString &text, bool inTable = false);

// Markdown a model or user wrote, kept as Markdown, but unable to break the report: headings
// and setext underlines are shown as text, raw HTML is escaped outside code, and a code fence
// left open is closed at the end. Ends without a trailing newline.
QString markdownBlock(const QString &text);

// markdownBlock() as a block quote.
QString quotedBlock(const QString &text);

} // namespace agentdesk::tasks::report
