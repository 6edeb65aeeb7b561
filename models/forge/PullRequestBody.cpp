#include "forge/PullRequestBody.h"

#include <QStringList>

#include <algorithm>

namespace agentdesk::forge {

namespace {

enum class UnitKind
{
    Line,
    TableHead, // a table's header and separator rows: only with at least one row after them
    TableRow,
    Fence, // a fenced code block, whole
};

struct Unit
{
    UnitKind kind = UnitKind::Line;
    QStringList lines;
    qsizetype size = 0; // characters, newlines included
};

bool isFence(const QString &line)
{
    const QString t = line.trimmed();
    return t.startsWith(QLatin1String("```")) || t.startsWith(QLatin1String("~~~"));
}

bool isTableLine(const QString &line)
{
    return line.trimmed().startsWith(QLatin1Char('|'));
}

QList<Unit> splitUnits(const QStringList &lines)
{
    QList<Unit> units;
    const auto add = [&units](UnitKind kind, const QStringList &part) {
        Unit unit{kind, part, 0};
        for (const QString &line : part)
            unit.size += line.size() + 1;
        units.append(unit);
    };
    for (qsizetype i = 0; i < lines.size();) {
        const QString &line = lines.at(i);
        if (isFence(line)) {
            const QString marker = line.trimmed().left(3);
            qsizetype end = i + 1;
            while (end < lines.size() && !lines.at(end).trimmed().startsWith(marker))
                ++end;
            end = std::min(end + 1, lines.size());
            add(UnitKind::Fence, lines.mid(i, end - i));
            i = end;
        } else if (isTableLine(line) && i + 1 < lines.size() && isTableLine(lines.at(i + 1))) {
            add(UnitKind::TableHead, lines.mid(i, 2));
            i += 2;
            while (i < lines.size() && isTableLine(lines.at(i)))
                add(UnitKind::TableRow, {lines.at(i++)});
        } else {
            add(UnitKind::Line, {line});
            ++i;
        }
    }
    return units;
}

QString omittedNote(int lines)
{
    return QStringLiteral("\n_… %1 more line%2 left out to fit the forge's size limit; the "
                          "full report is in AgentDesk._")
        .arg(lines)
        .arg(lines == 1 ? QString() : QStringLiteral("s"));
}

QString render(const PullRequestReport &report)
{
    QStringList parts;
    if (!report.lead.trimmed().isEmpty())
        parts.append(report.lead.trimmed());
    for (const BodySection &section : report.sections)
        parts.append(QStringLiteral("## ") + section.heading + QStringLiteral("\n\n") +
                     section.markdown.trimmed());
    if (!report.footer.trimmed().isEmpty())
        parts.append(report.footer.trimmed());
    return parts.join(QStringLiteral("\n\n")) + QLatin1Char('\n');
}

// The largest cap C such that capping every section's length at C fits `room`.
qsizetype waterLevel(const QList<qsizetype> &lengths, qsizetype room)
{
    qsizetype low = 0;
    qsizetype high = lengths.isEmpty() ? 0 : *std::max_element(lengths.begin(), lengths.end());
    while (low < high) {
        const qsizetype mid = (low + high + 1) / 2;
        qsizetype total = 0;
        for (const qsizetype length : lengths)
            total += std::min(length, mid);
        if (total <= room)
            low = mid;
        else
            high = mid - 1;
    }
    return low;
}

} // namespace

int bodyLimit(ForgeKind kind)
{
    return kind == ForgeKind::GitLab ? 1'048'576 : 65'536;
}

QString shortenMarkdown(const QString &markdown, int budget, int *omittedLines)
{
    const QString text = markdown.trimmed();
    const QStringList lines = text.split(QLatin1Char('\n'));
    if (omittedLines)
        *omittedLines = 0;
    if (text.size() <= budget)
        return text;
    const qsizetype available = budget - omittedNote(int(lines.size())).size();
    if (available < 0) {
        if (omittedLines)
            *omittedLines = int(lines.size());
        return QString();
    }
    const QList<Unit> units = splitUnits(lines);
    QStringList kept;
    qsizetype used = 0;
    for (qsizetype i = 0; i < units.size(); ++i) {
        const Unit &unit = units.at(i);
        qsizetype needed = unit.size;
        // A header alone is not a table: take it only with its first row.
        if (unit.kind == UnitKind::TableHead && i + 1 < units.size() &&
            units.at(i + 1).kind == UnitKind::TableRow)
            needed += units.at(i + 1).size;
        if (used + needed > available)
            break;
        kept += unit.lines;
        used += unit.size;
    }
    while (!kept.isEmpty() && kept.constLast().trimmed().isEmpty())
        kept.removeLast();
    const int omitted = int(lines.size() - kept.size());
    if (omittedLines)
        *omittedLines = omitted;
    QString out = kept.join(QLatin1Char('\n'));
    if (!out.isEmpty())
        out += QLatin1Char('\n');
    return out + omittedNote(omitted).mid(out.isEmpty() ? 1 : 0);
}

PullRequestReport splitReport(const QString &markdown)
{
    PullRequestReport report;
    QStringList lead;
    BodySection *current = nullptr;
    QStringList currentLines;
    bool inFence = false;
    const auto close = [&] {
        if (current)
            current->markdown = currentLines.join(QLatin1Char('\n')).trimmed();
        currentLines.clear();
    };
    for (const QString &line : markdown.split(QLatin1Char('\n'))) {
        if (isFence(line))
            inFence = !inFence;
        if (!inFence && line.startsWith(QLatin1String("## "))) {
            close();
            report.sections.append(BodySection{line.mid(3).trimmed(), QString()});
            current = &report.sections.last();
            continue;
        }
        if (current)
            currentLines.append(line);
        else if (!(line.startsWith(QLatin1String("# ")) &&
                   lead.join(QString()).trimmed().isEmpty()))
            lead.append(line);
    }
    close();
    report.lead = lead.join(QLatin1Char('\n')).trimmed();
    return report;
}

QString composeBody(const PullRequestReport &report, int limit)
{
    QString whole = render(report);
    if (whole.size() <= limit)
        return whole;
    PullRequestReport shortened = report;
    QList<qsizetype> lengths;
    qsizetype content = 0;
    for (BodySection &section : shortened.sections) {
        section.markdown = section.markdown.trimmed();
        lengths.append(section.markdown.size());
        content += section.markdown.size();
    }
    const qsizetype fixed = whole.size() - content;
    const qsizetype cap = waterLevel(lengths, std::max<qsizetype>(0, limit - fixed));
    for (BodySection &section : shortened.sections) {
        if (section.markdown.size() > cap)
            section.markdown = shortenMarkdown(section.markdown, int(cap), nullptr);
    }
    whole = render(shortened);
    if (whole.size() > limit) {
        // The sections are down to their notes: the lead gives way next.
        const qsizetype over = whole.size() - limit;
        shortened.lead = shortenMarkdown(
            shortened.lead, int(std::max<qsizetype>(0, shortened.lead.size() - over)), nullptr);
        whole = render(shortened);
    }
    if (whole.size() > limit) {
        // Only a limit too small for the headings themselves gets here: cut at a line.
        const qsizetype cut = whole.lastIndexOf(QLatin1Char('\n'), limit - 1);
        whole = whole.left(cut > 0 ? cut + 1 : limit);
    }
    return whole;
}

} // namespace agentdesk::forge
