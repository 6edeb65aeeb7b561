#include "calibration/Mutation.h"

#include "calibration/MutationText.h"

#include <QRegularExpression>

#include <algorithm>

namespace agentdesk::calibration {

namespace detail {

bool CodeLine::isCode(qsizetype pos, qsizetype length) const
{
    if (pos < 0 || pos + length > text.size())
        return false;
    for (qsizetype i = pos; i < pos + length; ++i) {
        if (!code.testBit(int(i)))
            return false;
    }
    return true;
}

QList<qsizetype> CodeLine::find(const QString &needle) const
{
    QList<qsizetype> found;
    for (qsizetype pos = text.indexOf(needle); pos >= 0; pos = text.indexOf(needle, pos + 1)) {
        if (isCode(pos, needle.size()))
            found.append(pos);
    }
    return found;
}

qsizetype CodeLine::closingParen(qsizetype open) const
{
    if (open < 0 || open >= text.size() || text.at(open) != QLatin1Char('(') || !isCode(open))
        return -1;
    int depth = 0;
    for (qsizetype i = open; i < text.size(); ++i) {
        if (!code.testBit(int(i)))
            continue;
        const QChar c = text.at(i);
        if (c == QLatin1Char('(') || c == QLatin1Char('[') || c == QLatin1Char('{'))
            ++depth;
        else if (c == QLatin1Char(')') || c == QLatin1Char(']') || c == QLatin1Char('}'))
            --depth;
        if (depth == 0)
            return c == QLatin1Char(')') ? i : -1;
    }
    return -1;
}

QStringList CodeLine::arguments(qsizetype open, qsizetype close) const
{
    QStringList args;
    int depth = 0;
    qsizetype start = open + 1;
    for (qsizetype i = open + 1; i < close; ++i) {
        if (!code.testBit(int(i)))
            continue;
        const QChar c = text.at(i);
        if (c == QLatin1Char('(') || c == QLatin1Char('[') || c == QLatin1Char('{') ||
            (language == Language::Cpp && c == QLatin1Char('<')))
            ++depth;
        else if (c == QLatin1Char(')') || c == QLatin1Char(']') || c == QLatin1Char('}') ||
                 (language == Language::Cpp && c == QLatin1Char('>') && depth > 0))
            --depth;
        else if (c == QLatin1Char(',') && depth == 0) {
            args.append(text.mid(start, i - start).trimmed());
            start = i + 1;
        }
    }
    args.append(text.mid(start, close - start).trimmed());
    return args;
}

bool isIdentifierChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$');
}

bool isSimpleOperand(const QString &text)
{
    static const QRegularExpression simple(QStringLiteral(
        "^[&*]?([A-Za-z_$][\\w$]*((\\.|->|::)[A-Za-z_$][\\w$]*|\\[[\\w$.]+\\])*|\\d+(\\.\\d+)?)$"));
    return simple.match(text).hasMatch();
}

QString replaced(const QString &text, qsizetype pos, qsizetype length, const QString &with)
{
    QString out = text;
    out.replace(pos, length, with);
    return out;
}

} // namespace detail

int Mutation::seededLine(int lineCountAfter) const
{
    if (replacement)
        return line + 1;
    return std::max(1, std::min(line + 1, lineCountAfter));
}

QByteArray Mutation::apply(const SourceFile &file) const
{
    if (replacement && removedLines == 1)
        return file.withLineReplaced(line, *replacement);
    return file.withLinesRemoved(line, removedLines);
}

QList<Mutation> mutationsOf(const SourceFile &file, const QSet<int> &addedLines)
{
    QList<int> lines(addedLines.begin(), addedLines.end());
    std::sort(lines.begin(), lines.end());
    QList<Mutation> mutations;
    for (int index : lines) {
        if (index < 0 || index >= file.lineCount())
            continue;
        detail::guardMutations(file, index, addedLines, mutations);
        detail::lineMutations(file, index, mutations);
    }
    return mutations;
}

} // namespace agentdesk::calibration
