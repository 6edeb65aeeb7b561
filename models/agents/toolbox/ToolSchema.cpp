#include "ToolSchema.h"

#include <QJsonArray>

namespace agentdesk::agents {

namespace {

QJsonObject property(const char *type, const QString &description)
{
    QJsonObject schema{{QStringLiteral("type"), QString::fromLatin1(type)}};
    if (!description.isEmpty())
        schema.insert(QStringLiteral("description"), description);
    return schema;
}

QJsonObject objectSchema(const QJsonObject &properties, const QStringList &required)
{
    return {{QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("properties"), properties},
            {QStringLiteral("required"), QJsonArray::fromStringList(required)},
            {QStringLiteral("additionalProperties"), false}};
}

const QString kPathHelp = QStringLiteral("Path relative to the worktree root, e.g. \"src/a.cpp\". "
                                         "Absolute paths and '..' are refused.");

ToolSchema listDirectory()
{
    return {QString::fromLatin1(toolnames::kListDirectory),
            QStringLiteral("List the entries of a directory in the worktree (directories end with "
                           "'/', files show their size)."),
            objectSchema({{QStringLiteral("path"),
                           property("string", kPathHelp + QStringLiteral(" Default: \".\"."))}},
                         {})};
}

ToolSchema readFile()
{
    return {QString::fromLatin1(toolnames::kReadFile),
            QStringLiteral("Read a text file, each line prefixed with its number and a tab (the "
                           "prefix is not part of the file). Long files are cut: ask for a "
                           "line range."),
            objectSchema({{QStringLiteral("path"), property("string", kPathHelp)},
                          {QStringLiteral("start_line"),
                           property("integer", QStringLiteral("First line to read, 1-based."))},
                          {QStringLiteral("end_line"),
                           property("integer", QStringLiteral("Last line to read, inclusive."))}},
                         {QStringLiteral("path")})};
}

ToolSchema searchText()
{
    return {QString::fromLatin1(toolnames::kSearchText),
            QStringLiteral("Search the worktree's text files for a regular expression (or a "
                           "literal string) and list matching lines as path:line: text. Skips "
                           ".git and binary files; results are bounded."),
            objectSchema(
                {{QStringLiteral("pattern"),
                  property("string", QStringLiteral("Perl-compatible regular expression, or the "
                                                    "literal text when \"literal\" is true."))},
                 {QStringLiteral("literal"),
                  property("boolean", QStringLiteral("Match the pattern as plain text."))},
                 {QStringLiteral("case_insensitive"), property("boolean", QString())},
                 {QStringLiteral("path"),
                  property("string", QStringLiteral("Directory or file to search in. Default "
                                                    "\".\"."))},
                 {QStringLiteral("max_results"),
                  property("integer", QStringLiteral("At most this many matches (default 100, "
                                                     "at most 500)."))}},
                {QStringLiteral("pattern")})};
}

ToolSchema writeFile()
{
    return {QString::fromLatin1(toolnames::kWriteFile),
            QStringLiteral("Create or overwrite a file with the given content. Missing parent "
                           "directories are created."),
            objectSchema({{QStringLiteral("path"), property("string", kPathHelp)},
                          {QStringLiteral("content"),
                           property("string", QStringLiteral("The whole new content."))}},
                         {QStringLiteral("path"), QStringLiteral("content")})};
}

ToolSchema editFile()
{
    return {QString::fromLatin1(toolnames::kEditFile),
            QStringLiteral("Replace one exact occurrence of old_text with new_text in a file. "
                           "old_text must match the file exactly (whitespace included, without "
                           "read_file's line-number prefix) and occur exactly once: include "
                           "enough surrounding lines to make it unique."),
            objectSchema(
                {{QStringLiteral("path"), property("string", kPathHelp)},
                 {QStringLiteral("old_text"), property("string", QString())},
                 {QStringLiteral("new_text"), property("string", QString())}},
                {QStringLiteral("path"), QStringLiteral("old_text"), QStringLiteral("new_text")})};
}

ToolSchema runCommand()
{
    return {QString::fromLatin1(toolnames::kRunCommand),
            QStringLiteral("Run a shell command (/bin/sh -c) in the worktree root and return its "
                           "exit code and combined output (long output keeps its head and tail). "
                           "There is no network access and no API key in the environment; only "
                           "the worktree is writable. Do not commit: AgentDesk commits for you."),
            objectSchema(
                {{QStringLiteral("command"), property("string", QString())},
                 {QStringLiteral("timeout_seconds"),
                  property("integer", QStringLiteral("Kill the command after this long (capped "
                                                     "by the task's command timeout)."))}},
                {QStringLiteral("command")})};
}

ToolSchema finish()
{
    const QJsonObject decision = objectSchema(
        {{QStringLiteral("description"),
          property("string", QStringLiteral("The decision and why the human should check it."))},
         {QStringLiteral("file"), property("string", kPathHelp)},
         {QStringLiteral("line"), property("integer", QStringLiteral("1-based line in file."))}},
        {QStringLiteral("description")});
    return {QString::fromLatin1(toolnames::kFinish),
            QStringLiteral("End the task with a report: a summary of what changed, and the "
                           "decisions a human reviewer should look at specifically."),
            objectSchema({{QStringLiteral("summary"), property("string", QString())},
                          {QStringLiteral("decisions"),
                           QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                                       {QStringLiteral("items"), decision}}}},
                         {QStringLiteral("summary")})};
}

} // namespace

QList<ToolSchema> ToolSchema::implementerTools()
{
    return {listDirectory(), readFile(),   searchText(), writeFile(),
            editFile(),      runCommand(), finish()};
}

} // namespace agentdesk::agents
