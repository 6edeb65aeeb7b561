// The operators that change one line in place: comparisons, operators, arguments, types,
// dropped results and inline null checks. Each looks only at code characters (never inside a
// string or a comment) and at operators written with spaces around them, which is how they
// are written in the code a reviewer reads and keeps templates, pointers and unary signs out.

#include "calibration/MutationText.h"

#include <QRegularExpression>

#include <functional>

namespace agentdesk::calibration::detail {

namespace {

struct LineContext
{
    const SourceFile &file;
    int index;
    CodeLine line;
    QList<Mutation> &out;

    void add(QString text, BugClass bugClass, const QString &description) const
    {
        if (text == line.text || text.trimmed().isEmpty())
            return;
        Mutation mutation;
        mutation.line = index;
        mutation.replacement = std::move(text);
        mutation.bugClass = bugClass;
        mutation.description = description;
        out.append(mutation);
    }
    bool isPython() const { return line.language == Language::Python; }
    bool isScript() const
    {
        return line.language == Language::JavaScript || line.language == Language::TypeScript;
    }
};

QString quoted(const QString &text)
{
    return QLatin1Char('`') + text.trimmed() + QLatin1Char('`');
}

// Swaps `from` for `to` at every code occurrence, one mutation each.
void swapOperator(const LineContext &c, const QString &from, const QString &to, BugClass bugClass,
                  const std::function<bool(qsizetype)> &accept = {})
{
    for (qsizetype pos : c.line.find(from)) {
        if (accept && !accept(pos))
            continue;
        c.add(replaced(c.line.text, pos, from.size(), to), bugClass,
              QStringLiteral("%1 became %2").arg(quoted(from), quoted(to)));
    }
}

bool operandsAreCode(const CodeLine &line, qsizetype pos, qsizetype length)
{
    const qsizetype before = pos - 1;
    const qsizetype after = pos + length;
    return before >= 0 && after < line.text.size() && line.isCode(before) && line.isCode(after) &&
           !line.text.at(before).isSpace();
}

void offByOne(const LineContext &c)
{
    const auto operands = [&c](qsizetype length) {
        return [&c, length](qsizetype pos) { return operandsAreCode(c.line, pos, length); };
    };
    swapOperator(c, QStringLiteral(" < "), QStringLiteral(" <= "), BugClass::OffByOne, operands(3));
    swapOperator(c, QStringLiteral(" <= "), QStringLiteral(" < "), BugClass::OffByOne, operands(4));
    swapOperator(c, QStringLiteral(" > "), QStringLiteral(" >= "), BugClass::OffByOne, operands(3));
    swapOperator(c, QStringLiteral(" >= "), QStringLiteral(" > "), BugClass::OffByOne, operands(4));
    for (const QString &step : {QStringLiteral(" - 1"), QStringLiteral(" + 1")}) {
        for (qsizetype pos : c.line.find(step)) {
            const qsizetype after = pos + step.size();
            if (after < c.line.text.size() && (isIdentifierChar(c.line.text.at(after)) ||
                                               c.line.text.at(after) == QLatin1Char('.')))
                continue;
            if (pos == 0 || !(isIdentifierChar(c.line.text.at(pos - 1)) ||
                              c.line.text.at(pos - 1) == QLatin1Char(')') ||
                              c.line.text.at(pos - 1) == QLatin1Char(']')))
                continue;
            c.add(replaced(c.line.text, pos, step.size(), QString()), BugClass::OffByOne,
                  QStringLiteral("%1 dropped from a bound").arg(quoted(step)));
        }
    }
}

void flippedCondition(const LineContext &c)
{
    const auto operands = [&c](qsizetype length) {
        return [&c, length](qsizetype pos) { return operandsAreCode(c.line, pos, length); };
    };
    if (c.isScript()) {
        swapOperator(c, QStringLiteral(" === "), QStringLiteral(" !== "),
                     BugClass::FlippedCondition);
        swapOperator(c, QStringLiteral(" !== "), QStringLiteral(" === "),
                     BugClass::FlippedCondition);
    }
    swapOperator(c, QStringLiteral(" == "), QStringLiteral(" != "), BugClass::FlippedCondition,
                 operands(4));
    swapOperator(c, QStringLiteral(" != "), QStringLiteral(" == "), BugClass::FlippedCondition,
                 operands(4));
    if (c.isPython()) {
        swapOperator(c, QStringLiteral(" is not "), QStringLiteral(" is "),
                     BugClass::FlippedCondition);
        swapOperator(c, QStringLiteral(" not in "), QStringLiteral(" in "),
                     BugClass::FlippedCondition);
    }
    // A negation dropped from the start of a condition.
    static const QRegularExpression cNegation(QStringLiteral("\\b(if|while)\\s*\\(\\s*(!)[^=]"));
    static const QRegularExpression pyNegation(QStringLiteral("^\\s*(if|elif|while)\\s+(not\\s+)"));
    const QRegularExpressionMatch match =
        (c.isPython() ? pyNegation : cNegation).match(c.line.text);
    if (match.hasMatch() && c.line.isCode(match.capturedStart(2), match.capturedLength(2)))
        c.add(replaced(c.line.text, match.capturedStart(2), match.capturedLength(2), QString()),
              BugClass::FlippedCondition,
              QStringLiteral("the negation %1 dropped").arg(quoted(match.captured(2))));
    // A boolean result returned the wrong way round.
    const QString t = c.isPython() ? QStringLiteral("True") : QStringLiteral("true");
    const QString f = c.isPython() ? QStringLiteral("False") : QStringLiteral("false");
    const QString trimmed = c.line.text.trimmed();
    for (const auto &[from, to] : {std::pair{t, f}, std::pair{f, t}}) {
        const QString statement = QStringLiteral("return ") + from;
        if (trimmed == statement || trimmed == statement + QLatin1Char(';')) {
            const qsizetype pos = c.line.text.indexOf(statement) + 7;
            c.add(replaced(c.line.text, pos, from.size(), to), BugClass::FlippedCondition,
                  QStringLiteral("returns %1 instead of %2").arg(to, from));
        }
    }
}

bool looksLikePointerDeclaration(const CodeLine &line, qsizetype pos)
{
    static const QRegularExpression typeBefore(
        QStringLiteral("\\b(const|char|int|void|auto|unsigned|long|short|double|float|bool|"
                       "struct|class|[A-Z]\\w*)$"));
    return line.language == Language::Cpp && typeBefore.match(line.text.left(pos)).hasMatch();
}

// A line that builds text: its `+` is most likely a concatenation, which `-` only breaks in a
// way the compiler reports.
bool hasTextLiteral(const CodeLine &line)
{
    for (qsizetype i = 0; i < line.text.size(); ++i) {
        const QChar c = line.text.at(i);
        if (!line.code.testBit(int(i)) &&
            (c == QLatin1Char('"') || c == QLatin1Char('\'') || c == QLatin1Char('`')))
            return true;
    }
    return false;
}

void wrongOperator(const LineContext &c)
{
    const bool text = hasTextLiteral(c.line);
    const auto arithmetic = [&c, text](qsizetype pos) {
        if (text || !operandsAreCode(c.line, pos, 3) || looksLikePointerDeclaration(c.line, pos))
            return false;
        // `x + 1` is an off-by-one candidate already; a sign flip there reads the same.
        const QString rest = c.line.text.mid(pos + 3);
        return !(rest.startsWith(QLatin1Char('1')) &&
                 (rest.size() == 1 || !isIdentifierChar(rest.at(1))));
    };
    swapOperator(c, QStringLiteral(" + "), QStringLiteral(" - "), BugClass::WrongOperator,
                 arithmetic);
    swapOperator(c, QStringLiteral(" - "), QStringLiteral(" + "), BugClass::WrongOperator,
                 arithmetic);
    swapOperator(c, QStringLiteral(" * "), QStringLiteral(" / "), BugClass::WrongOperator,
                 arithmetic);
    swapOperator(c, QStringLiteral(" / "), QStringLiteral(" * "), BugClass::WrongOperator,
                 arithmetic);
    swapOperator(c, QStringLiteral(" += "), QStringLiteral(" -= "), BugClass::WrongOperator);
    swapOperator(c, QStringLiteral(" -= "), QStringLiteral(" += "), BugClass::WrongOperator);
    if (c.isPython()) {
        swapOperator(c, QStringLiteral(" and "), QStringLiteral(" or "), BugClass::WrongOperator);
        swapOperator(c, QStringLiteral(" or "), QStringLiteral(" and "), BugClass::WrongOperator);
    } else {
        swapOperator(c, QStringLiteral(" && "), QStringLiteral(" || "), BugClass::WrongOperator);
        swapOperator(c, QStringLiteral(" || "), QStringLiteral(" && "), BugClass::WrongOperator);
    }
}

bool isDefinitionLine(const LineContext &c)
{
    static const QRegularExpression definition(QStringLiteral(
        "^\\s*(def|class|async\\s+def|function|async\\s+function|lambda|#define)\\b"));
    static const QRegularExpression method(
        QStringLiteral("^\\s*(async\\s+|static\\s+|get\\s+|set\\s+)*[\\w$]+\\s*\\([^()]*\\)\\s*"
                       "(:\\s*[\\w<>\\[\\]|. ]+)?\\{\\s*$"));
    return definition.match(c.line.text).hasMatch() ||
           (c.isScript() && method.match(c.line.text).hasMatch());
}

// Calls whose arguments are meant to be interchangeable, or whose order only changes output.
bool isSymmetricCall(const QString &callee)
{
    static const QRegularExpression symmetric(QStringLiteral(
        "(^|[.:])(min|max|qMin|qMax|qBound|swap|hypot|gcd|lcm|equal|equals|isEqual|"
        "assert\\w*|expect\\w*|QCOMPARE|QVERIFY2?|EXPECT_\\w+|ASSERT_\\w+|print|printf|log|"
        "debug|info|warn|warning|error|qDebug|qWarning|add|mul|zip|eq|ne)$"));
    static const QRegularExpression keyword(
        QStringLiteral("^(if|for|while|switch|catch|return|sizeof|typeof|elif|not|and|or|in)$"));
    return symmetric.match(callee).hasMatch() || keyword.match(callee).hasMatch();
}

void swappedArguments(const LineContext &c)
{
    if (isDefinitionLine(c))
        return;
    const QString &text = c.line.text;
    for (qsizetype open : c.line.find(QStringLiteral("("))) {
        if (open == 0 || !isIdentifierChar(text.at(open - 1)))
            continue;
        const qsizetype close = c.line.closingParen(open);
        if (close < 0)
            continue;
        qsizetype start = open;
        while (start > 0 &&
               (isIdentifierChar(text.at(start - 1)) || text.at(start - 1) == QLatin1Char('.') ||
                text.at(start - 1) == QLatin1Char(':')))
            --start;
        const QString callee = text.mid(start, open - start);
        const QStringList args = c.line.arguments(open, close);
        if (args.size() != 2 || isSymmetricCall(callee) || args.at(0) == args.at(1) ||
            !isSimpleOperand(args.at(0)) || !isSimpleOperand(args.at(1)))
            continue;
        const QString swapped = args.at(1) + QStringLiteral(", ") + args.at(0);
        c.add(replaced(text, open + 1, close - open - 1, swapped), BugClass::SwappedArguments,
              QStringLiteral("%1(%2, %3) became %1(%3, %2)").arg(callee, args.at(0), args.at(1)));
    }
}

// `name(ARG)` → `ARG`: a conversion left out.
void unwrapCall(const LineContext &c, const QString &name, const QString &why)
{
    const QString &text = c.line.text;
    for (qsizetype pos : c.line.find(name + QLatin1Char('('))) {
        if (pos > 0 &&
            (isIdentifierChar(text.at(pos - 1)) || text.at(pos - 1) == QLatin1Char('.')) &&
            !name.contains(QLatin1Char('.')))
            continue;
        const qsizetype open = pos + name.size();
        const qsizetype close = c.line.closingParen(open);
        if (close < 0)
            continue;
        const QStringList args = c.line.arguments(open, close);
        if (args.isEmpty() || args.first().isEmpty())
            continue;
        c.add(replaced(text, pos, close - pos + 1, args.first()), BugClass::TypeConfusion,
              QStringLiteral("%1 %2").arg(quoted(name + QStringLiteral("(…)")), why));
    }
}

void replaceWord(const LineContext &c, const QString &from, const QString &to, const QString &why)
{
    const QString &text = c.line.text;
    for (qsizetype pos : c.line.find(from)) {
        if (pos > 0 && isIdentifierChar(text.at(pos - 1)))
            continue;
        const qsizetype end = pos + from.size();
        if (end < text.size() && isIdentifierChar(text.at(end)) && isIdentifierChar(from.back()))
            continue;
        c.add(replaced(text, pos, from.size(), to), BugClass::TypeConfusion,
              QStringLiteral("%1 became %2 (%3)").arg(quoted(from), quoted(to), why));
    }
}

void missingAwait(const LineContext &c)
{
    for (qsizetype pos : c.line.find(QStringLiteral("await "))) {
        if (pos > 0 && isIdentifierChar(c.line.text.at(pos - 1)))
            continue;
        c.add(replaced(c.line.text, pos, 6, QString()), BugClass::TypeConfusion,
              QStringLiteral("a missing `await`: the promise is used as its value"));
    }
}

void typeConfusion(const LineContext &c)
{
    switch (c.line.language) {
    case Language::Python:
        swapOperator(c, QStringLiteral(" / "), QStringLiteral(" // "), BugClass::TypeConfusion,
                     [&c](qsizetype pos) { return operandsAreCode(c.line, pos, 3); });
        swapOperator(c, QStringLiteral(" // "), QStringLiteral(" / "), BugClass::TypeConfusion);
        replaceWord(c, QStringLiteral("float("), QStringLiteral("int("),
                    QStringLiteral("int for float"));
        unwrapCall(c, QStringLiteral("int"), QStringLiteral("dropped: the text stays a string"));
        for (qsizetype pos : c.line.find(QStringLiteral("+ str("))) {
            const qsizetype open = pos + 5;
            const qsizetype close = c.line.closingParen(open);
            if (close > open + 1)
                c.add(replaced(c.line.text, pos + 2, close - pos - 1,
                               c.line.text.mid(open + 1, close - open - 1)),
                      BugClass::TypeConfusion,
                      QStringLiteral("`str(…)` dropped: a number added to a string"));
        }
        missingAwait(c);
        break;
    case Language::JavaScript:
    case Language::TypeScript:
        missingAwait(c);
        unwrapCall(c, QStringLiteral("Number"), QStringLiteral("dropped: the text stays a string"));
        unwrapCall(c, QStringLiteral("parseInt"),
                   QStringLiteral("dropped: the text stays a string"));
        unwrapCall(c, QStringLiteral("Math.floor"),
                   QStringLiteral("dropped: a fraction where an integer is expected"));
        replaceWord(c, QStringLiteral("parseFloat("), QStringLiteral("parseInt("),
                    QStringLiteral("int for float"));
        break;
    case Language::Cpp:
        unwrapCall(c, QStringLiteral("static_cast<double>"),
                   QStringLiteral("dropped: integer division"));
        replaceWord(c, QStringLiteral("std::stod("), QStringLiteral("std::stoi("),
                    QStringLiteral("int for float"));
        for (const QString &type :
             {QStringLiteral("double "), QStringLiteral("float "), QStringLiteral("qint64 "),
              QStringLiteral("int64_t "), QStringLiteral("size_t ")}) {
            static const QRegularExpression declaration(QStringLiteral("^\\s*(const\\s+)?$"));
            for (qsizetype pos : c.line.find(type)) {
                if (declaration.match(c.line.text.left(pos)).hasMatch() &&
                    c.line.text.indexOf(QLatin1Char('='), pos) > pos)
                    replaceWord(c, type, QStringLiteral("int "),
                                QStringLiteral("a narrowing type"));
                break;
            }
        }
        break;
    }
}

bool isCallExpression(const CodeLine &line, qsizetype start, qsizetype end)
{
    static const QRegularExpression callStart(
        QStringLiteral("^(await\\s+)?(this\\.|self\\.)?[A-Za-z_$][\\w$]*([.:]+[A-Za-z_$][\\w$]*|->"
                       "[A-Za-z_]\\w*)*\\("));
    const QString expression = line.text.mid(start, end - start);
    if (!callStart.match(expression).hasMatch() || !expression.endsWith(QLatin1Char(')')))
        return false;
    const qsizetype open = line.text.indexOf(QLatin1Char('('), start);
    return line.closingParen(open) == end - 1;
}

void droppedResult(const LineContext &c)
{
    const QString &text = c.line.text;
    qsizetype indent = 0;
    while (indent < text.size() && text.at(indent).isSpace())
        ++indent;
    qsizetype end = text.size();
    while (end > indent && text.at(end - 1).isSpace())
        --end;
    if (end <= indent || !c.line.isCode(end - 1))
        return;
    if (!c.isPython()) {
        if (text.at(end - 1) != QLatin1Char(';'))
            return;
        --end;
    }
    const QString trimmed = text.trimmed();
    if (trimmed.startsWith(QLatin1String("return ")) && isCallExpression(c.line, indent + 7, end)) {
        c.add(replaced(text, indent, 7, QString()), BugClass::IgnoredError,
              QStringLiteral("the call's result is no longer returned"));
        return;
    }
    static const QRegularExpression assignment(
        QStringLiteral("^\\s*((this\\.|self\\.)?[A-Za-z_$][\\w$]*((\\.|->)[A-Za-z_]\\w*|\\[[^\\]]+"
                       "\\])*)\\s*=\\s*"));
    const QRegularExpressionMatch match = assignment.match(text);
    if (match.hasMatch() && text.at(match.capturedEnd()) != QLatin1Char('=') &&
        isCallExpression(c.line, match.capturedEnd(), end))
        c.add(replaced(text, indent, match.capturedEnd() - indent, QString()),
              BugClass::IgnoredError,
              QStringLiteral("the call's result no longer reaches %1")
                  .arg(quoted(match.captured(1))));
}

void inlineNullCheck(const LineContext &c)
{
    const QString &text = c.line.text;
    const auto remove = [&c, &text](qsizetype pos, qsizetype length) {
        c.add(replaced(text, pos, length, QString()), BugClass::NullCheck,
              QStringLiteral("the check %1 removed").arg(quoted(text.mid(pos, length))));
    };
    static const QRegularExpression cGuard(QStringLiteral(
        "([A-Za-z_]\\w*(?:(?:->|\\.)[A-Za-z_]\\w*)*)\\s*!=\\s*(?:nullptr|NULL|null|undefined)\\s*"
        "(?:&&|\\|\\|)\\s*|!([A-Za-z_]\\w*(?:(?:->|\\.)[A-Za-z_]\\w*)*)\\.(?:isEmpty|empty)\\(\\)"
        "\\s*&&\\s*"));
    static const QRegularExpression pyGuard(
        QStringLiteral("([A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*)*) is not None and "));
    static const QRegularExpression repeated(QStringLiteral(
        "\\b([A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)*) (?:&&|and) \\1(?:\\.|->|\\[)"));
    for (const QRegularExpression *pattern : {c.isPython() ? &pyGuard : &cGuard, &repeated}) {
        for (auto it = pattern->globalMatch(text); it.hasNext();) {
            const QRegularExpressionMatch match = it.next();
            const qsizetype length = pattern == &repeated
                                         ? match.capturedLength(1) + (c.isPython() ? 5 : 4)
                                         : match.capturedLength();
            if (c.line.isCode(match.capturedStart(), length))
                remove(match.capturedStart(), length);
        }
    }
    if (c.isScript()) {
        for (qsizetype pos : c.line.find(QStringLiteral("?."))) {
            if (pos + 2 < text.size() && isIdentifierChar(text.at(pos + 2)))
                c.add(replaced(text, pos, 2, QStringLiteral(".")), BugClass::NullCheck,
                      QStringLiteral("the optional chaining `?.` became `.`"));
        }
    }
}

} // namespace

void lineMutations(const SourceFile &file, int index, QList<Mutation> &out)
{
    if (!file.hasCode(index) || file.line(index).size() > 240)
        return;
    const LineContext context{
        file, index, {file.line(index), file.code(index), file.language()}, out};
    inlineNullCheck(context);
    offByOne(context);
    flippedCondition(context);
    wrongOperator(context);
    droppedResult(context);
    swappedArguments(context);
    typeConfusion(context);
}

} // namespace agentdesk::calibration::detail
