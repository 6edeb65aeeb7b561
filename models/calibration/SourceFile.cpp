#include "calibration/SourceFile.h"

#include <QFileInfo>
#include <QStringDecoder>

namespace agentdesk::calibration {

namespace {

enum class Carry
{
    None,
    BlockComment,   // /* ... */
    TripleDouble,   // """ ... """
    TripleSingle,   // ''' ... '''
    TemplateString, // ` ... `
};

bool usesSlashComments(Language language)
{
    return language != Language::Python;
}

// Marks the characters of one line, starting in `carry` and returning the state it ends in.
Carry lexLine(Language language, const QString &text, QBitArray &code, Carry carry)
{
    const qsizetype n = text.size();
    code = QBitArray(int(n), false);
    const QString trimmed = text.trimmed();
    if (carry == Carry::None && language == Language::Cpp && trimmed.startsWith(QLatin1Char('#')))
        return Carry::None; // a preprocessor line: never mutated
    qsizetype i = 0;
    while (i < n) {
        const QChar c = text.at(i);
        const QChar next = i + 1 < n ? text.at(i + 1) : QChar();
        switch (carry) {
        case Carry::BlockComment:
            if (c == QLatin1Char('*') && next == QLatin1Char('/')) {
                carry = Carry::None;
                i += 2;
            } else {
                ++i;
            }
            continue;
        case Carry::TripleDouble:
        case Carry::TripleSingle: {
            const QString close =
                carry == Carry::TripleDouble ? QStringLiteral("\"\"\"") : QStringLiteral("'''");
            if (c == QLatin1Char('\\')) {
                i += 2;
            } else if (text.mid(i, 3) == close) {
                carry = Carry::None;
                i += 3;
            } else {
                ++i;
            }
            continue;
        }
        case Carry::TemplateString:
            if (c == QLatin1Char('\\')) {
                i += 2;
            } else {
                if (c == QLatin1Char('`'))
                    carry = Carry::None;
                ++i;
            }
            continue;
        case Carry::None:
            break;
        }
        if (usesSlashComments(language) && c == QLatin1Char('/') && next == QLatin1Char('/'))
            return carry; // the rest is a comment
        if (usesSlashComments(language) && c == QLatin1Char('/') && next == QLatin1Char('*')) {
            carry = Carry::BlockComment;
            i += 2;
            continue;
        }
        if (language == Language::Python && c == QLatin1Char('#'))
            return carry;
        if (language == Language::Python &&
            (text.mid(i, 3) == QLatin1String("\"\"\"") || text.mid(i, 3) == QLatin1String("'''"))) {
            carry = c == QLatin1Char('"') ? Carry::TripleDouble : Carry::TripleSingle;
            i += 3;
            continue;
        }
        if ((language == Language::JavaScript || language == Language::TypeScript) &&
            c == QLatin1Char('`')) {
            carry = Carry::TemplateString;
            ++i;
            continue;
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            // A string or character literal; an unterminated one ends with the line.
            ++i;
            while (i < n && text.at(i) != c) {
                i += text.at(i) == QLatin1Char('\\') ? 2 : 1;
            }
            ++i;
            continue;
        }
        code.setBit(int(i));
        ++i;
    }
    return carry;
}

} // namespace

std::optional<Language> languageOf(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    static const QStringList cpp = {
        QStringLiteral("c"),   QStringLiteral("h"),   QStringLiteral("cc"), QStringLiteral("cpp"),
        QStringLiteral("cxx"), QStringLiteral("hpp"), QStringLiteral("hh"), QStringLiteral("hxx")};
    if (cpp.contains(suffix))
        return Language::Cpp;
    if (suffix == QLatin1String("py"))
        return Language::Python;
    if (suffix == QLatin1String("js") || suffix == QLatin1String("mjs") ||
        suffix == QLatin1String("cjs") || suffix == QLatin1String("jsx"))
        return Language::JavaScript;
    if (suffix == QLatin1String("ts") || suffix == QLatin1String("mts") ||
        suffix == QLatin1String("cts") || suffix == QLatin1String("tsx"))
        return Language::TypeScript;
    return std::nullopt;
}

QString languageId(Language language)
{
    switch (language) {
    case Language::Cpp:
        return QStringLiteral("cpp");
    case Language::Python:
        return QStringLiteral("python");
    case Language::JavaScript:
        return QStringLiteral("javascript");
    case Language::TypeScript:
        break;
    }
    return QStringLiteral("typescript");
}

bool isTestOrVendoredPath(const QString &path)
{
    const QStringList parts = path.toLower().split(QLatin1Char('/'));
    static const QStringList folders = {
        QStringLiteral("test"),       QStringLiteral("tests"),    QStringLiteral("testing"),
        QStringLiteral("__tests__"),  QStringLiteral("spec"),     QStringLiteral("specs"),
        QStringLiteral("fixtures"),   QStringLiteral("vendor"),   QStringLiteral("third_party"),
        QStringLiteral("thirdparty"), QStringLiteral("external"), QStringLiteral("node_modules"),
        QStringLiteral("dist"),       QStringLiteral("build"),
    };
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        if (folders.contains(parts.at(i)))
            return true;
    }
    const QString name = parts.constLast();
    return name.startsWith(QLatin1String("test_")) || name.startsWith(QLatin1String("tst_")) ||
           name.contains(QLatin1String("_test.")) || name.contains(QLatin1String(".test.")) ||
           name.contains(QLatin1String(".spec.")) || name.contains(QLatin1String(".min."));
}

std::optional<SourceFile> SourceFile::parse(Language language, const QByteArray &bytes)
{
    if (bytes.contains('\0'))
        return std::nullopt;
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder(bytes);
    if (decoder.hasError())
        return std::nullopt;
    SourceFile file;
    file.m_language = language;
    qsizetype start = 0;
    while (start < text.size()) {
        const qsizetype newline = text.indexOf(QLatin1Char('\n'), start);
        const qsizetype end = newline < 0 ? text.size() : newline;
        QString line = text.mid(start, end - start);
        QByteArray terminator = newline < 0 ? QByteArray() : QByteArray("\n");
        if (newline >= 0 && line.endsWith(QLatin1Char('\r'))) {
            line.chop(1);
            terminator = "\r\n";
        }
        file.m_lines.append(line);
        file.m_terminators.append(terminator);
        start = newline < 0 ? text.size() : newline + 1;
    }
    file.lex();
    return file;
}

void SourceFile::lex()
{
    m_code.clear();
    Carry carry = Carry::None;
    for (const QString &line : std::as_const(m_lines)) {
        QBitArray code;
        carry = lexLine(m_language, line, code, carry);
        m_code.append(code);
    }
}

bool SourceFile::hasCode(int index) const
{
    const QString &text = m_lines.at(index);
    const QBitArray &code = m_code.at(index);
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (code.testBit(int(i)) && !text.at(i).isSpace())
            return true;
    }
    return false;
}

int SourceFile::indentation(int index) const
{
    const QString &text = m_lines.at(index);
    int width = 0;
    for (QChar c : text) {
        if (c == QLatin1Char(' '))
            ++width;
        else if (c == QLatin1Char('\t'))
            width += 8 - width % 8;
        else
            break;
    }
    return width;
}

QByteArray SourceFile::bytes() const
{
    QByteArray out;
    for (qsizetype i = 0; i < m_lines.size(); ++i)
        out += m_lines.at(i).toUtf8() + m_terminators.at(i);
    return out;
}

QByteArray SourceFile::withLineReplaced(int index, const QString &text) const
{
    QByteArray out;
    for (qsizetype i = 0; i < m_lines.size(); ++i)
        out += (i == index ? text : m_lines.at(i)).toUtf8() + m_terminators.at(i);
    return out;
}

QByteArray SourceFile::withLinesRemoved(int first, int count) const
{
    QByteArray out;
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        if (i >= first && i < first + count)
            continue;
        out += m_lines.at(i).toUtf8() + m_terminators.at(i);
    }
    // Removing the last line must not leave the new last line with a different ending.
    if (first + count == m_lines.size() && first > 0 && m_terminators.constLast().isEmpty())
        out.chop(m_terminators.at(first - 1).size());
    return out;
}

} // namespace agentdesk::calibration
