// Removing a guard: an `if` that returns (or continues, breaks, throws) when a value is null,
// None or empty, or when a call failed. One line (`if (!p) return;`), two (`if x is None:` and
// its one-line body) or three (`if (!p) {`, the statement, `}`), all of them lines the change
// added, and never a guard that an `else` follows. The condition decides the class: a test of
// an error, a status or a result is an ignored error; a test of a value is a null check.

#include "calibration/MutationText.h"

#include <QRegularExpression>

namespace agentdesk::calibration::detail {

namespace {

const QString kName = QStringLiteral("[A-Za-z_$][\\w$]*(?:(?:\\.|->|::)[A-Za-z_$][\\w$]*|\\(\\))*");

struct Guard
{
    QString condition;
    QString body;
    int lines = 1;
};

bool isExit(const QString &statement, Language language)
{
    static const QRegularExpression cExit(
        QStringLiteral("^(\\{\\s*)?(return|continue|break|throw|goto)\\b[^{}]*;\\s*(\\}\\s*)?$"));
    static const QRegularExpression pyExit(
        QStringLiteral("^(return|continue|break|raise)\\b[^:]*$"));
    return (language == Language::Python ? pyExit : cExit).match(statement.trimmed()).hasMatch();
}

bool startsElse(const SourceFile &file, int index)
{
    if (index >= file.lineCount())
        return false;
    static const QRegularExpression otherwise(
        QStringLiteral("^\\s*(\\}\\s*)?(else|elif|except|finally|catch)\\b"));
    return otherwise.match(file.line(index)).hasMatch();
}

// The text after `if` up to the end of its condition, for C-like languages.
std::optional<Guard> cGuardAt(const SourceFile &file, int index)
{
    const CodeLine line{file.line(index), file.code(index), file.language()};
    static const QRegularExpression start(QStringLiteral("^\\s*if\\s*\\("));
    const QRegularExpressionMatch match = start.match(line.text);
    if (!match.hasMatch())
        return std::nullopt;
    const qsizetype open = match.capturedEnd() - 1;
    const qsizetype close = line.closingParen(open);
    if (close < 0)
        return std::nullopt;
    Guard guard;
    guard.condition = line.text.mid(open + 1, close - open - 1).trimmed();
    const QString rest = line.text.mid(close + 1).trimmed();
    if (!rest.isEmpty() && rest != QLatin1String("{")) {
        guard.body = rest;
        return isExit(rest, file.language()) ? std::optional(guard) : std::nullopt;
    }
    if (index + 1 >= file.lineCount() || file.indentation(index + 1) <= file.indentation(index))
        return std::nullopt;
    guard.body = file.line(index + 1).trimmed();
    guard.lines = 2;
    if (rest == QLatin1String("{")) {
        if (index + 2 >= file.lineCount() || file.line(index + 2).trimmed() != QLatin1String("}"))
            return std::nullopt;
        guard.lines = 3;
    }
    return isExit(guard.body, file.language()) ? std::optional(guard) : std::nullopt;
}

std::optional<Guard> pythonGuardAt(const SourceFile &file, int index)
{
    const QString &text = file.line(index);
    static const QRegularExpression start(QStringLiteral("^\\s*if\\s+"));
    const QRegularExpressionMatch match = start.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const CodeLine line{text, file.code(index), file.language()};
    const QList<qsizetype> colons = line.find(QStringLiteral(":"));
    if (colons.isEmpty())
        return std::nullopt;
    const qsizetype colon = colons.constLast();
    Guard guard;
    guard.condition = text.mid(match.capturedEnd(), colon - match.capturedEnd()).trimmed();
    const QString rest = text.mid(colon + 1).trimmed();
    if (!rest.isEmpty()) {
        guard.body = rest;
        return isExit(rest, file.language()) ? std::optional(guard) : std::nullopt;
    }
    const int indent = file.indentation(index);
    if (index + 1 >= file.lineCount() || file.indentation(index + 1) <= indent)
        return std::nullopt;
    // The body must be that one line: the next line with code is back at the `if`'s level.
    for (int next = index + 2; next < file.lineCount(); ++next) {
        if (!file.hasCode(next))
            continue;
        if (file.indentation(next) > indent)
            return std::nullopt;
        break;
    }
    guard.body = file.line(index + 1).trimmed();
    guard.lines = 2;
    return isExit(guard.body, file.language()) ? std::optional(guard) : std::nullopt;
}

bool isErrorName(const QString &name)
{
    static const QRegularExpression error(
        QStringLiteral("(^|[._>:])(ok|err|error|errors|rc|ret|res|result|status|success|"
                       "succeeded|failed|failure|valid|opened|saved|written|done|started|parsed|"
                       "loaded|exc|\\w*Error|\\w*_error|\\w*Result|\\w*_result)(\\(\\))?$"),
        QRegularExpression::CaseInsensitiveOption);
    return error.match(name).hasMatch();
}

bool matchesAll(const QString &condition, const QString &separator,
                const QList<QRegularExpression> &patterns)
{
    const QStringList parts = condition.split(separator);
    for (const QString &part : parts) {
        bool matched = false;
        for (const QRegularExpression &pattern : patterns) {
            if (pattern.match(part.trimmed()).hasMatch()) {
                matched = true;
                break;
            }
        }
        if (!matched)
            return false;
    }
    return true;
}

QList<QRegularExpression> anchored(const QStringList &forms)
{
    QList<QRegularExpression> patterns;
    for (QString form : forms)
        patterns.append(QRegularExpression(
            QLatin1Char('^') +
            form.replace(QStringLiteral("NAME"), QLatin1Char('(') + kName + QLatin1Char(')')) +
            QLatin1Char('$')));
    return patterns;
}

bool isNullTest(const QString &condition, Language language)
{
    static const QList<QRegularExpression> c = anchored({
        QStringLiteral("!\\s*NAME"),
        QStringLiteral("NAME\\s*==\\s*(nullptr|NULL)"),
        QStringLiteral("(nullptr|NULL)\\s*==\\s*NAME"),
        QStringLiteral("NAME(\\.|->)(isEmpty|empty|isNull)\\(\\)"),
        QStringLiteral("!\\s*NAME(\\.|->)(has_value|isValid)\\(\\)"),
    });
    static const QList<QRegularExpression> script = anchored({
        QStringLiteral("!\\s*NAME"),
        QStringLiteral("NAME\\s*===?\\s*(null|undefined)"),
        QStringLiteral("(null|undefined)\\s*===?\\s*NAME"),
        QStringLiteral("typeof NAME\\s*===?\\s*['\"]undefined['\"]"),
        QStringLiteral("NAME\\.length\\s*===?\\s*0"),
        QStringLiteral("!\\s*NAME\\.length"),
    });
    static const QList<QRegularExpression> python = anchored({
        QStringLiteral("NAME is None"),
        QStringLiteral("not NAME"),
        QStringLiteral("NAME == None"),
        QStringLiteral("len\\(NAME\\) == 0"),
    });
    switch (language) {
    case Language::Python:
        return matchesAll(condition, QStringLiteral(" or "), python);
    case Language::JavaScript:
    case Language::TypeScript:
        return matchesAll(condition, QStringLiteral("||"), script);
    case Language::Cpp:
        break;
    }
    return matchesAll(condition, QStringLiteral("||"), c);
}

bool isErrorTest(const Guard &guard, Language language)
{
    static const QRegularExpression tested(QLatin1String("^(!\\s*|not\\s+)?(") + kName +
                                           QLatin1String(")(\\s*(<|!=|!==|is not)\\s*(0|None|"
                                                         "null|OK|\\w+_OK))?$"));
    const QRegularExpressionMatch match = tested.match(guard.condition);
    if (match.hasMatch() && isErrorName(match.captured(2)))
        return true;
    static const QRegularExpression failed(
        QStringLiteral("(\\.|->)(failed|isError|hasError|has_error)\\(\\)$"));
    if (failed.match(guard.condition).hasMatch())
        return true;
    // `if (!saved) return saved.error();`: whatever the name, the body passes an error on.
    static const QRegularExpression passesError(
        QStringLiteral("\\b(error|errorMessage|err|errno|exc)\\b|Error\\b"));
    return isNullTest(guard.condition, language) && passesError.match(guard.body).hasMatch();
}

} // namespace

void guardMutations(const SourceFile &file, int index, const QSet<int> &addedLines,
                    QList<Mutation> &out)
{
    if (!file.hasCode(index))
        return;
    const std::optional<Guard> guard =
        file.language() == Language::Python ? pythonGuardAt(file, index) : cGuardAt(file, index);
    if (!guard || startsElse(file, index + guard->lines))
        return;
    for (int i = index; i < index + guard->lines; ++i) {
        if (!addedLines.contains(i))
            return;
    }
    Mutation mutation;
    mutation.line = index;
    mutation.removedLines = guard->lines;
    if (isErrorTest(*guard, file.language()))
        mutation.bugClass = BugClass::IgnoredError;
    else if (isNullTest(guard->condition, file.language()))
        mutation.bugClass = BugClass::NullCheck;
    else
        return;
    mutation.description = QStringLiteral("the guard `if %1` (%2) removed")
                               .arg(guard->condition, guard->body.left(60));
    out.append(mutation);
}

} // namespace agentdesk::calibration::detail
