#pragma once

#include "git/DiffTypes.h"

#include <QString>

// Small readers over a git::FileDelta's lines, shared by the report's detectors.

namespace agentdesk::tasks::report {

// Where a decision points: a line on the head side, or on the base side for a removed line.
struct LineRef
{
    int line = 0; // 0: the whole file
    bool oldSide = false;
};

// One line's text, decoded as UTF-8 (the detectors look for ASCII markers only).
QString lineString(const git::FileDelta &delta, const git::DiffLine &line);

// An added or context line points at the head side, a removed line at the base side.
LineRef refOf(const git::DiffLine &line);

// The first added line, else the first removed line (a non-blank one when there is one),
// else the whole file.
LineRef firstChangedLine(const git::FileDelta &delta);

// The line is visible on the side that `changed` (an added or removed line) is on.
inline bool sameSide(const git::DiffLine &line, const git::DiffLine &changed)
{
    return line.origin == ' ' || line.origin == changed.origin;
}

// A copy's removed lines are lines of its source that the copy left out; the source is still
// there, so they are not removals from the project.
inline bool removedLinesAreRemovals(const git::FileDelta &delta)
{
    return delta.status != git::DeltaStatus::Copied;
}

// Leading whitespace, a tab counting as one.
int indentationOf(const QString &text);

// Whether the delta changes the file at all (lines, binary or too-large content, or the
// file appearing, disappearing or moving).
bool changesContent(const git::FileDelta &delta);

} // namespace agentdesk::tasks::report
