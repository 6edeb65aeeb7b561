#pragma once

// Private to models/calibration: what the mutation operators share.

#include "calibration/Mutation.h"

#include <QStringList>

namespace agentdesk::calibration::detail {

// One line of a source file with its code mask.
struct CodeLine
{
    const QString &text;
    const QBitArray &code;
    Language language;

    bool isCode(qsizetype pos, qsizetype length = 1) const;
    // Positions where `needle` occurs with every character in code.
    QList<qsizetype> find(const QString &needle) const;
    // The ')' matching the '(' at `open`, or -1 when it is not on this line.
    qsizetype closingParen(qsizetype open) const;
    // The arguments between `open` and `close`, split at top-level commas, trimmed.
    QStringList arguments(qsizetype open, qsizetype close) const;
};

bool isIdentifierChar(QChar c);
// An lvalue or operand with no spaces: `a`, `self.x`, `p->next`, `items[i]`, `42`.
bool isSimpleOperand(const QString &text);
QString replaced(const QString &text, qsizetype pos, qsizetype length, const QString &with);

void lineMutations(const SourceFile &file, int index, QList<Mutation> &out);
void guardMutations(const SourceFile &file, int index, const QSet<int> &addedLines,
                    QList<Mutation> &out);

} // namespace agentdesk::calibration::detail
