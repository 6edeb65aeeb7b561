#include "ui/review/ReportLinks.h"

#include <QRegularExpression>

namespace agentdesk::ui::reportlinks {

namespace {

// A path with an extension, a colon and a line, optionally a range ("a/b.c:12-14"). Not
// preceded by a path or URL character, so "https://example.com:8080" never matches.
const QRegularExpression &referencePattern()
{
    static const QRegularExpression pattern(QStringLiteral(
        R"((?<![\w/.\-:@])((?:[\w.\-+@]+/)*[\w\-+@]+(?:\.[\w\-+@]+)+):(\d+)(?:[-–]L?(\d+))?(?![\w/]))"));
    return pattern;
}

const QRegularExpression &headingPattern()
{
    static const QRegularExpression pattern(QStringLiteral(R"(^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$)"));
    return pattern;
}

const QRegularExpression &boldLinePattern()
{
    static const QRegularExpression pattern(QStringLiteral(R"(^\s*(\*\*|__)(.+)\1\s*:?\s*$)"));
    return pattern;
}

// The full path a reference names, or empty when it names none of the known paths.
QString resolve(const QString &reference, const QStringList &knownPaths)
{
    if (knownPaths.isEmpty() || knownPaths.contains(reference))
        return reference;
    QString found;
    const QString suffix = QLatin1Char('/') + reference;
    for (const QString &path : knownPaths) {
        if (path.endsWith(suffix)) {
            if (!found.isEmpty())
                return {}; // ambiguous: two files end like this
            found = path;
        }
    }
    return found;
}

std::optional<LineLink> parseReference(const QRegularExpressionMatch &match,
                                       const QStringList &knownPaths)
{
    LineLink link;
    link.path = resolve(match.captured(1), knownPaths);
    link.line = match.captured(2).toInt();
    link.endLine = match.captured(3).isEmpty() ? link.line : match.captured(3).toInt();
    if (link.path.isEmpty() || link.line <= 0 || link.endLine < link.line)
        return std::nullopt;
    return link;
}

QString markdownLink(const QString &text, const LineLink &link)
{
    return QStringLiteral("[%1](%2)").arg(text, lineUrl(link).toString(QUrl::FullyEncoded));
}

bool baseSideFollows(QStringView rest)
{
    return rest.startsWith(QLatin1String(" (base side)"));
}

// Links the references in text outside code spans.
QString linkPlain(const QString &text, const QStringList &knownPaths)
{
    QString out;
    qsizetype last = 0;
    auto it = referencePattern().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const qsizetype start = match.capturedStart(0);
        const qsizetype end = match.capturedEnd(0);
        // Already the text of a Markdown link: leave it.
        if (start > 0 && text.at(start - 1) == u'[' && text.mid(end, 2) == QLatin1String("]("))
            continue;
        auto link = parseReference(match, knownPaths);
        if (!link)
            continue;
        link->oldSide = baseSideFollows(QStringView(text).mid(end));
        out += text.mid(last, start - last);
        out += markdownLink(match.captured(0), *link);
        last = end;
    }
    out += text.mid(last);
    return out;
}

} // namespace

QString scheme()
{
    return QStringLiteral("agentdesk-line");
}

QUrl lineUrl(const LineLink &link)
{
    QUrl url;
    url.setScheme(scheme());
    url.setPath(link.path);
    if (link.oldSide)
        url.setQuery(QStringLiteral("side=old"));
    url.setFragment(link.endLine > link.line
                        ? QStringLiteral("L%1-L%2").arg(link.line).arg(link.endLine)
                        : QStringLiteral("L%1").arg(link.line));
    return url;
}

std::optional<LineLink> parseLineUrl(const QUrl &url)
{
    if (url.scheme() != scheme() || url.path().isEmpty())
        return std::nullopt;
    static const QRegularExpression fragment(QStringLiteral(R"(^L(\d+)(?:-L?(\d+))?$)"));
    const QRegularExpressionMatch match = fragment.match(url.fragment());
    if (!match.hasMatch())
        return std::nullopt;
    LineLink link;
    link.path = url.path();
    link.line = match.captured(1).toInt();
    link.endLine = match.captured(2).isEmpty() ? link.line : match.captured(2).toInt();
    link.oldSide = url.query() == QLatin1String("side=old");
    if (link.line <= 0 || link.endLine < link.line)
        return std::nullopt;
    return link;
}

QString linkReferences(const QString &text, const QStringList &knownPaths)
{
    // Code spans alternate with plain text when split at backticks (an unclosed span is
    // plain text, as Markdown reads it).
    const QStringList parts = text.split(QLatin1Char('`'));
    const bool closed = parts.size() % 2 == 1;
    QString out;
    for (int i = 0; i < parts.size(); ++i) {
        const bool code = i % 2 == 1 && (closed || i < parts.size() - 1);
        if (!code) {
            if (i % 2 == 1) // the unclosed last span: its backtick is plain text
                out += QLatin1Char('`');
            out += linkPlain(parts[i], knownPaths);
            continue;
        }
        const QString inner = parts[i].trimmed();
        const QRegularExpressionMatch match = referencePattern().match(inner);
        auto link = match.hasMatch() && match.capturedLength(0) == inner.size()
                        ? parseReference(match, knownPaths)
                        : std::nullopt;
        if (link && i + 1 < parts.size())
            link->oldSide = baseSideFollows(parts[i + 1]);
        const QString span = QLatin1Char('`') + parts[i] + QLatin1Char('`');
        out += link ? markdownLink(span, *link) : span;
    }
    return out;
}

QString linkDecisions(const QString &markdown, const QStringList &knownPaths)
{
    QStringList lines = markdown.split(QLatin1Char('\n'));
    int sectionLevel = 0; // 0: not in a decisions section; 7: opened by a bold line
    bool fenced = false;
    QString fence;
    for (QString &line : lines) {
        const QString trimmed = line.trimmed();
        if (fenced) {
            if (trimmed.startsWith(fence))
                fenced = false;
            continue;
        }
        if (trimmed.startsWith(QLatin1String("```")) || trimmed.startsWith(QLatin1String("~~~"))) {
            fenced = true;
            fence = trimmed.left(3);
            continue;
        }
        int level = 0;
        QString title;
        if (const auto heading = headingPattern().match(line); heading.hasMatch()) {
            level = int(heading.captured(1).size());
            title = heading.captured(2);
        } else if (const auto bold = boldLinePattern().match(line); bold.hasMatch()) {
            level = 7;
            title = bold.captured(2);
        }
        if (level > 0) {
            if (title.contains(QLatin1String("decision"), Qt::CaseInsensitive))
                sectionLevel = level;
            else if (sectionLevel > 0 && level <= sectionLevel)
                sectionLevel = 0;
            continue;
        }
        if (sectionLevel > 0)
            line = linkReferences(line, knownPaths);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace agentdesk::ui::reportlinks
