#include "FileTools.h"

#include "core/DurableFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

namespace agentdesk::agents {

namespace {

constexpr qsizetype kBinarySniffBytes = 8000;

QString stringArg(const QJsonObject &input, const char *name)
{
    return input.value(QLatin1String(name)).toString();
}

// Models send integers as JSON numbers, sometimes as strings: accept both, else `fallback`.
int intArg(const QJsonObject &input, const char *name, int fallback)
{
    const QJsonValue value = input.value(QLatin1String(name));
    if (value.isDouble())
        return value.toInt(fallback);
    bool ok = false;
    const int parsed = value.toString().toInt(&ok);
    return ok ? parsed : fallback;
}

int lineOfOffset(const QByteArray &data, qsizetype offset)
{
    return static_cast<int>(std::count(data.cbegin(), data.cbegin() + offset, '\n')) + 1;
}

Result<QByteArray> readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("io"),
                     QStringLiteral("Cannot read it: %1").arg(file.errorString()));
    return file.readAll();
}

// Every write, fsync and close checked (core/DurableFile.h): on a full disk the model is told
// the write failed — never "Created" for a file that came out empty.
VoidResult writeAll(const QString &path, const QByteArray &data, const QString &shown)
{
    const VoidResult written = writeFileAtomically(path, data);
    if (written)
        return {};
    QString why = written.errorMessage();
    why.replace(path, shown);
    return Error(written.errorCode(), QStringLiteral("Nothing was written: ") + why);
}

} // namespace

FileTools::FileTools(const WorktreePaths &paths, const FileToolLimits &limits)
    : m_paths(paths)
    , m_limits(limits)
{}

bool FileTools::looksBinary(const QByteArray &head)
{
    return head.left(kBinarySniffBytes).contains('\0');
}

Result<QString> FileTools::existingFile(const QJsonObject &input,
                                        WorktreePaths::Access access) const
{
    const QString given = stringArg(input, "path");
    auto resolved = m_paths.resolve(given, access);
    if (!resolved)
        return resolved;
    const QFileInfo info(*resolved);
    if (!info.exists())
        return Error(QStringLiteral("not-found"),
                     QStringLiteral("There is no file '%1'.").arg(given));
    if (info.isDir()) {
        return Error(QStringLiteral("is-directory"),
                     QStringLiteral("'%1' is a directory; use list_directory.").arg(given));
    }
    return resolved;
}

ToolResult FileTools::listDirectory(const QJsonObject &input) const
{
    QString given = stringArg(input, "path");
    if (given.trimmed().isEmpty())
        given = QStringLiteral(".");
    const auto resolved = m_paths.resolve(given);
    if (!resolved)
        return ToolResult::failure(resolved.errorMessage());
    const QFileInfo info(*resolved);
    if (!info.isDir()) {
        return ToolResult::failure(info.exists()
                                       ? QStringLiteral("'%1' is a file; use read_file.").arg(given)
                                       : QStringLiteral("There is no directory '%1'.").arg(given));
    }
    const QFileInfoList entries = QDir(*resolved).entryInfoList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot,
        QDir::DirsFirst | QDir::Name);
    QStringList lines{
        QStringLiteral("%1 (%2 entries)").arg(m_paths.display(*resolved)).arg(entries.size())};
    for (const QFileInfo &entry : entries) {
        if (lines.size() > m_limits.maxListEntries) {
            lines << QStringLiteral("[... %1 more entries not shown]")
                         .arg(entries.size() - m_limits.maxListEntries);
            break;
        }
        if (entry.isSymLink())
            lines << entry.fileName() + QStringLiteral("@ (symbolic link)");
        else if (entry.isDir())
            lines << entry.fileName() + QLatin1Char('/');
        else
            lines << QStringLiteral("%1 (%2 bytes)").arg(entry.fileName()).arg(entry.size());
    }
    return ToolResult::success(lines.join(QLatin1Char('\n')));
}

ToolResult FileTools::readFile(const QJsonObject &input) const
{
    const auto path = existingFile(input, WorktreePaths::Access::Read);
    if (!path)
        return ToolResult::failure(path.errorMessage());
    const QString shown = m_paths.display(*path);
    const qint64 size = QFileInfo(*path).size();
    if (size > m_limits.maxReadFileBytes) {
        return ToolResult::failure(QStringLiteral("'%1' is %2 bytes, too large to read; use "
                                                  "search_text to find the lines you need.")
                                       .arg(shown)
                                       .arg(size));
    }
    const auto data = readAll(*path);
    if (!data)
        return ToolResult::failure(data.errorMessage());
    if (looksBinary(*data)) {
        return ToolResult::failure(
            QStringLiteral("'%1' is a binary file (%2 bytes); it is not shown.")
                .arg(shown)
                .arg(size));
    }
    QList<QByteArray> lines = data->split('\n');
    if (data->endsWith('\n'))
        lines.removeLast();
    const int total = static_cast<int>(lines.size());
    if (total == 0)
        return ToolResult::success(QStringLiteral("%1 is empty.").arg(shown));
    const int start = intArg(input, "start_line", 1);
    const int end = std::min(intArg(input, "end_line", total), total);
    if (start < 1 || start > total || end < start) {
        return ToolResult::failure(
            QStringLiteral("Lines %1-%2 are not in '%3', which has %4 lines.")
                .arg(start)
                .arg(intArg(input, "end_line", total))
                .arg(shown)
                .arg(total));
    }
    QString body;
    int last = start - 1;
    for (int n = start; n <= end; ++n) {
        if (n - start >= m_limits.maxReadLines || body.size() >= m_limits.maxReadOutputBytes)
            break;
        body += QStringLiteral("%1\t").arg(n, 6) + QString::fromUtf8(lines.at(n - 1)) +
                QLatin1Char('\n');
        last = n;
    }
    QString text =
        QStringLiteral("%1: lines %2-%3 of %4\n").arg(shown).arg(start).arg(last).arg(total) + body;
    if (last < end) {
        text += QStringLiteral("[cut at line %1; read on with start_line=%2]\n")
                    .arg(last)
                    .arg(last + 1);
    }
    return ToolResult::success(text);
}

void FileTools::searchFile(const QString &file, const QRegularExpression &pattern, int maxResults,
                           QStringList &matches) const
{
    QFile f(file);
    if (f.size() > m_limits.maxSearchFileBytes || !f.open(QIODevice::ReadOnly))
        return;
    const QByteArray data = f.readAll();
    if (looksBinary(data))
        return;
    const QString shown = m_paths.display(file);
    const QList<QByteArray> lines = data.split('\n');
    for (qsizetype i = 0; i < lines.size() && matches.size() < maxResults; ++i) {
        const QString line = QString::fromUtf8(lines.at(i));
        if (!pattern.match(line).hasMatch())
            continue;
        QString excerpt = line.left(m_limits.maxSearchLineChars);
        if (line.size() > excerpt.size())
            excerpt += QStringLiteral(" [...]");
        matches << QStringLiteral("%1:%2: %3").arg(shown).arg(i + 1).arg(excerpt);
    }
}

ToolResult FileTools::searchText(const QJsonObject &input) const
{
    const QString given = stringArg(input, "pattern");
    if (given.isEmpty())
        return ToolResult::failure(QStringLiteral("search_text needs a non-empty \"pattern\"."));
    const bool literal = input.value(QStringLiteral("literal")).toBool(false);
    QRegularExpression pattern(literal ? QRegularExpression::escape(given) : given);
    if (input.value(QStringLiteral("case_insensitive")).toBool(false))
        pattern.setPatternOptions(QRegularExpression::CaseInsensitiveOption);
    if (!pattern.isValid()) {
        return ToolResult::failure(QStringLiteral("The pattern is not a valid regular expression "
                                                  "(%1 at offset %2); set \"literal\": true to "
                                                  "search for plain text.")
                                       .arg(pattern.errorString())
                                       .arg(pattern.patternErrorOffset()));
    }
    const int maxResults = std::clamp(intArg(input, "max_results", m_limits.defaultSearchResults),
                                      1, m_limits.maxSearchResults);
    QString where = stringArg(input, "path");
    if (where.trimmed().isEmpty())
        where = QStringLiteral(".");
    const auto root = m_paths.resolve(where);
    if (!root)
        return ToolResult::failure(root.errorMessage());
    if (!QFileInfo::exists(*root))
        return ToolResult::failure(QStringLiteral("There is no '%1' to search.").arg(where));

    QStringList matches;
    QStringList pending{*root};
    int filesSeen = 0;
    // Depth-first by hand rather than QDirIterator: .git must be pruned, not walked and
    // filtered, and symbolic links are never followed (they may lead out of the worktree).
    while (!pending.isEmpty() && matches.size() < maxResults &&
           filesSeen < m_limits.maxSearchFiles) {
        const QString current = pending.takeLast();
        const QFileInfo info(current);
        if (info.isFile()) {
            ++filesSeen;
            searchFile(current, pattern, maxResults, matches);
            continue;
        }
        const QFileInfoList children = QDir(current).entryInfoList(
            QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot | QDir::NoSymLinks,
            QDir::Name | QDir::Reversed);
        for (const QFileInfo &child : children) {
            if (child.fileName() != QLatin1String(".git"))
                pending << child.filePath();
        }
    }
    if (matches.isEmpty())
        return ToolResult::success(QStringLiteral("No matches for %1 in %2.").arg(given, where));
    QString text = matches.join(QLatin1Char('\n'));
    if (matches.size() >= maxResults) {
        text += QStringLiteral("\n[stopped at %1 matches; narrow the pattern or the path]")
                    .arg(maxResults);
    } else if (filesSeen >= m_limits.maxSearchFiles) {
        text += QStringLiteral("\n[stopped after %1 files; narrow the path]").arg(filesSeen);
    }
    return ToolResult::success(text);
}

ToolResult FileTools::writeFile(const QJsonObject &input) const
{
    if (!input.value(QStringLiteral("content")).isString())
        return ToolResult::failure(QStringLiteral("write_file needs \"content\" as a string."));
    const QByteArray content = stringArg(input, "content").toUtf8();
    if (content.size() > m_limits.maxWriteBytes) {
        return ToolResult::failure(QStringLiteral("The content is %1 bytes; at most %2 can be "
                                                  "written at once.")
                                       .arg(content.size())
                                       .arg(m_limits.maxWriteBytes));
    }
    const auto path = m_paths.resolve(stringArg(input, "path"), WorktreePaths::Access::Write);
    if (!path)
        return ToolResult::failure(path.errorMessage());
    const QFileInfo info(*path);
    if (info.isDir())
        return ToolResult::failure(
            QStringLiteral("'%1' is a directory.").arg(m_paths.display(*path)));
    const bool existed = info.exists();
    if (!QDir().mkpath(info.absolutePath())) {
        return ToolResult::failure(QStringLiteral("Cannot create the folder '%1'.")
                                       .arg(m_paths.display(info.absolutePath())));
    }
    if (const auto written = writeAll(*path, content, m_paths.display(*path)); !written)
        return ToolResult::failure(written.errorMessage());
    return ToolResult::success(
        QStringLiteral("%1 %2 (%3 bytes).")
            .arg(existed ? QStringLiteral("Overwrote") : QStringLiteral("Created"),
                 m_paths.display(*path))
            .arg(content.size()));
}

ToolResult FileTools::editFile(const QJsonObject &input) const
{
    const auto path = existingFile(input, WorktreePaths::Access::Write);
    if (!path)
        return ToolResult::failure(path.errorMessage());
    const QString shown = m_paths.display(*path);
    const QByteArray oldText = stringArg(input, "old_text").toUtf8();
    const QByteArray newText = stringArg(input, "new_text").toUtf8();
    if (oldText.isEmpty())
        return ToolResult::failure(
            QStringLiteral("old_text is empty; to write a whole file use write_file."));
    if (oldText == newText)
        return ToolResult::failure(
            QStringLiteral("old_text and new_text are identical; nothing to change."));
    const auto data = readAll(*path);
    if (!data)
        return ToolResult::failure(data.errorMessage());
    if (looksBinary(*data))
        return ToolResult::failure(
            QStringLiteral("'%1' is a binary file; it cannot be edited.").arg(shown));

    QList<qsizetype> offsets;
    for (qsizetype at = data->indexOf(oldText); at >= 0; at = data->indexOf(oldText, at + 1))
        offsets << at;
    if (offsets.isEmpty()) {
        return ToolResult::failure(QStringLiteral("old_text was not found in '%1'. It must match "
                                                  "exactly, whitespace included, without "
                                                  "read_file's line-number prefix; read the file "
                                                  "again and copy the text.")
                                       .arg(shown));
    }
    if (offsets.size() > 1) {
        QStringList lines;
        for (qsizetype i = 0; i < std::min<qsizetype>(offsets.size(), 10); ++i)
            lines << QString::number(lineOfOffset(*data, offsets.at(i)));
        return ToolResult::failure(QStringLiteral("old_text occurs %1 times in '%2' (at lines %3); "
                                                  "include more surrounding text so that it "
                                                  "matches exactly once.")
                                       .arg(offsets.size())
                                       .arg(shown, lines.join(QStringLiteral(", "))));
    }
    QByteArray updated = *data;
    updated.replace(offsets.first(), oldText.size(), newText);
    if (const auto written = writeAll(*path, updated, shown); !written)
        return ToolResult::failure(written.errorMessage());
    return ToolResult::success(QStringLiteral("Edited %1 at line %2.")
                                   .arg(shown)
                                   .arg(lineOfOffset(*data, offsets.first())));
}

} // namespace agentdesk::agents
