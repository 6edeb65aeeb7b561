#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace agentdesk::ui {

// A place in the diff a report points at: a file and a line (range), on the new side unless
// the report says "(base side)".
struct LineLink
{
    QString path;
    int line = 0;
    int endLine = 0; // == line for a single line
    bool oldSide = false;
    friend bool operator==(const LineLink &, const LineLink &) = default;
};

// Turns "file:line" references in an agent's Markdown report into links the review page
// follows to that line of the diff: `agentdesk-line:src/parser.c#L42` (or `#L42-L48`; a
// base-side line carries `?side=old`).
namespace reportlinks {

QString scheme(); // "agentdesk-line"

QUrl lineUrl(const LineLink &link);
std::optional<LineLink> parseLineUrl(const QUrl &url);

// Links the references in the report's "decisions" sections: each Markdown heading (or a
// line that is only bold text) that mentions "decision" starts one, the next heading of the
// same or a higher level ends it. Fenced code is left alone; a code span that is exactly a
// reference becomes a link in code font. A reference names a path with an extension and a
// line: `src/parser.c:42`, `parser.c:42-48`; one followed by "(base side)", as the task
// report writes a removed line, links to the old side. With `knownPaths`, a reference is linked
// only when it names one of them, or is the unique one ending in "/<reference>" (the link then
// carries the full path); with none, every reference is linked.
QString linkDecisions(const QString &markdown, const QStringList &knownPaths = {});
// Links every reference in one piece of text (a reviewer's decision to review).
QString linkReferences(const QString &text, const QStringList &knownPaths = {});

} // namespace reportlinks

} // namespace agentdesk::ui
