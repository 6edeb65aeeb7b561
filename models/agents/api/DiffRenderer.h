#pragma once

#include "git/DiffTypes.h"

#include <QString>

#include <vector>

namespace agentdesk::agents {

// The diff as the reviewer reads it: per file a header, then each hunk with every line
// prefixed by its old and new line numbers, so findings can name lines exactly as the review
// document indexes them.
//
//   === src/a.cpp (modified, +2 -1)
//   @@ -10,3 +10,4 @@ int main()
//      10    10   context line
//      11       - removed line
//            11 + added line
class DiffRenderer
{
public:
    // Output past `maxChars` is cut at a line boundary with a note saying how much was left
    // out, so a huge diff cannot blow the reviewer's context (or its budget).
    static QString render(const std::vector<git::FileDelta> &files, qsizetype maxChars = 400000);

private:
    static QString fileHeader(const git::FileDelta &file);
    static void renderHunk(const git::FileDelta &file, const git::DiffHunk &hunk, QString &out);
};

} // namespace agentdesk::agents
