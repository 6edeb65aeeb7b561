#include "MarkdownText.h"

#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <optional>

namespace agentdesk::tasks::report {

namespace {

int longestBacktickRun(const QString &text)
{
    int longest = 0;
    int run = 0;
    for (const QChar c : text) {
        run = c == QLatin1Char('`') ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return longest;
}

int backtickRunAt(const QString &line, qsizetype at)
{
    int run = 0;
    while (at + run < line.size() && line.at(at + run) == QLatin1Char('`'))
        ++run;
    return run;
}

// The end of the code span opened by `run` backticks at `at` (just past its closing run), or
// -1 when it is never closed on this line.
qsizetype codeSpanEnd(const QString &line, qsizetype at, int run)
{
    for (qsizetype i = at + run; i < line.size();) {
        const int other = backtickRunAt(line, i);
        if (other == run)
            return i + other;
        i += std::max(other, 1);
    }
    return -1;
}

// Escapes '<' outside code spans, so a model's text cannot become raw HTML.
QString escapeHtmlOutsideCode(const QString &line)
{
    QString out;
    out.reserve(line.size());
    for (qsizetype i = 0; i < line.size();) {
        const int run = backtickRunAt(line, i);
        if (run > 0) {
            const qsizetype end = codeSpanEnd(line, i, run);
            const qsizetype stop = end < 0 ? i + run : end;
            out += line.mid(i, stop - i);
            i = stop;
            continue;
        }
        if (line.at(i) == QLatin1Char('<'))
            out += QLatin1Char('\\');
        out += line.at(i);
        ++i;
    }
    return out;
}

struct Fence
{
    QChar character;
    int length = 0;
};

QStringList normalizedLines(const QString &text)
{
    QString normalized = text;
    normalized.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    normalized.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    while (normalized.endsWith(QLatin1Char('\n')) || normalized.endsWith(QLatin1Char(' ')) ||
           normalized.endsWith(QLatin1Char('\t')))
        normalized.chop(1);
    QStringList lines = normalized.split(QLatin1Char('\n'));
    while (!lines.isEmpty() && lines.front().trimmed().isEmpty())
        lines.removeFirst();
    return lines;
}

} // namespace

QString inlineText(const QString &text)
{
    static const QString special = QStringLiteral("\\`*_[]<>|~&");
    static const QRegularExpression orderedListStart(QStringLiteral("^(\\d+)([.)])"));
    QString plain = text.simplified();
    QString out;
    out.reserve(plain.size() + 8);
    for (const QChar c : plain) {
        if (special.contains(c))
            out += QLatin1Char('\\');
        out += c;
    }
    if (!out.isEmpty() && QStringLiteral("-+>#=").contains(out.front()))
        out.prepend(QLatin1Char('\\'));
    if (const QRegularExpressionMatch match = orderedListStart.match(out); match.hasMatch())
        out.insert(match.capturedEnd(1), QLatin1Char('\\'));
    return out;
}

QString codeSpan(const QString &text, bool inTable)
{
    if (text.isEmpty())
        return {};
    QString content = text;
    content.replace(QLatin1Char('\n'), QLatin1Char(' '))
        .replace(QLatin1Char('\r'), QLatin1Char(' '));
    // GitHub's Markdown needs "\|" for a pipe in a table cell even inside code, but md4c (Qt's
    // reader) then shows the backslash; escaped plain text reads the same in both.
    if (inTable && content.contains(QLatin1Char('|')))
        return inlineText(content);
    const QString fence(longestBacktickRun(content) + 1, QLatin1Char('`'));
    const bool pad = content.startsWith(QLatin1Char('`')) || content.endsWith(QLatin1Char('`')) ||
                     (content.startsWith(QLatin1Char(' ')) && content.endsWith(QLatin1Char(' ')));
    const QString space = pad ? QStringLiteral(" ") : QString();
    return fence + space + content + space + fence;
}

QString markdownBlock(const QString &text)
{
    static const QRegularExpression fenceLine(QStringLiteral("^ {0,3}(`{3,}|~{3,})(.*)$"));
    static const QRegularExpression heading(QStringLiteral("^( {0,3})(#{1,6}(?:\\s|$))"));
    static const QRegularExpression underline(QStringLiteral("^( {0,3})([=-]+\\s*)$"));
    std::optional<Fence> open;
    QStringList out;
    for (const QString &line : normalizedLines(text)) {
        const QRegularExpressionMatch fence = fenceLine.match(line);
        if (open) {
            const QString marker = fence.captured(1);
            if (fence.hasMatch() && marker.front() == open->character &&
                marker.size() >= open->length && fence.captured(2).trimmed().isEmpty())
                open.reset();
            out << line;
            continue;
        }
        if (fence.hasMatch() && !(fence.captured(1).front() == QLatin1Char('`') &&
                                  fence.captured(2).contains(QLatin1Char('`')))) {
            open = Fence{fence.captured(1).front(), int(fence.captured(1).size())};
            out << line;
            continue;
        }
        QString escaped = escapeHtmlOutsideCode(line);
        if (const QRegularExpressionMatch match = heading.match(escaped); match.hasMatch())
            escaped.insert(match.capturedStart(2), QLatin1Char('\\'));
        else if (const QRegularExpressionMatch rule = underline.match(escaped); rule.hasMatch())
            escaped.insert(rule.capturedStart(2), QLatin1Char('\\'));
        out << escaped;
    }
    if (open)
        out << QString(open->length, open->character);
    return out.join(QLatin1Char('\n'));
}

QString quotedBlock(const QString &text)
{
    QStringList lines = markdownBlock(text).split(QLatin1Char('\n'));
    for (QString &line : lines)
        line = line.isEmpty() ? QStringLiteral(">") : QStringLiteral("> ") + line;
    return lines.join(QLatin1Char('\n'));
}

} // namespace agentdesk::tasks::report
