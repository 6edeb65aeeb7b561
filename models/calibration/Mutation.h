#pragma once

#include "calibration/BugClass.h"
#include "calibration/SourceFile.h"

#include <QList>
#include <QSet>
#include <QString>

#include <optional>

namespace agentdesk::calibration {

// One known defect in one place of a file: `removedLines` lines starting at `line` (0-based)
// are replaced by `replacement`, or deleted when it is empty (a removed guard).
struct Mutation
{
    int line = 0;
    int removedLines = 1;
    std::optional<QString> replacement;
    BugClass bugClass = BugClass::NullCheck;
    QString description; // "`<` became `<=`", for people; never shown to the reviewer

    // The 1-based line of the mutated file where the defect is: the changed line, or for a
    // deletion the line that now stands where the removed ones were.
    int seededLine(int lineCountAfter) const;
    QByteArray apply(const SourceFile &file) const;
};

// Every defect that can be seeded into the lines of `file` listed in `addedLines` (0-based
// indexes of the lines the change added or modified), language-aware, each touching those
// lines only. In line order, then in the order of the operators.
QList<Mutation> mutationsOf(const SourceFile &file, const QSet<int> &addedLines);

} // namespace agentdesk::calibration
