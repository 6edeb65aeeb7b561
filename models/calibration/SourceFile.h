#pragma once

#include <QBitArray>
#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace agentdesk::calibration {

enum class Language
{
    Cpp, // C and C++
    Python,
    JavaScript,
    TypeScript,
};

// By file name; nullopt for a language calibration does not seed bugs into.
std::optional<Language> languageOf(const QString &path);
QString languageId(Language language); // "cpp", "python", "javascript", "typescript"
// Tests, fixtures and vendored code: a bug seeded there says little about a reviewer of
// product code, so they are left alone.
bool isTestOrVendoredPath(const QString &path);

// A source file split into lines, with which characters of each line are code: outside
// string literals, comments and preprocessor lines. A light lexer per language (block
// comments, Python's triple-quoted strings and JavaScript's template literals carry over
// lines), enough to keep seeded defects out of text. Line terminators are kept as they were,
// so a file rebuilt with one line changed differs in that line only.
class SourceFile
{
public:
    // nullopt when the bytes are not valid UTF-8 or hold a NUL (binary).
    static std::optional<SourceFile> parse(Language language, const QByteArray &bytes);

    Language language() const { return m_language; }
    int lineCount() const { return int(m_lines.size()); }
    const QString &line(int index) const { return m_lines.at(index); }
    // One bit per character of line(index): set where the character is code.
    const QBitArray &code(int index) const { return m_code.at(index); }
    // True when the line holds any code at all (not blank, not only a comment or text).
    bool hasCode(int index) const;
    int indentation(int index) const;

    QByteArray bytes() const;
    QByteArray withLineReplaced(int index, const QString &text) const;
    QByteArray withLinesRemoved(int first, int count) const;

private:
    void lex();

    Language m_language = Language::Cpp;
    QStringList m_lines;
    QList<QByteArray> m_terminators; // "\n", "\r\n" or "" for the last line
    QList<QBitArray> m_code;
};

} // namespace agentdesk::calibration
