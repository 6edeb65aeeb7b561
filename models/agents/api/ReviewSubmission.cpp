#include "agents/api/ReviewSubmission.h"

#include <QJsonArray>

#include <cmath>

namespace agentdesk::agents {

namespace {

QJsonObject typed(const char *type, const QString &description = QString())
{
    QJsonObject schema{{QStringLiteral("type"), QString::fromLatin1(type)}};
    if (!description.isEmpty())
        schema.insert(QStringLiteral("description"), description);
    return schema;
}

QJsonObject bounded(const char *type, double minimum, double maximum, const QString &description)
{
    QJsonObject schema = typed(type, description);
    schema.insert(QStringLiteral("minimum"), minimum);
    schema.insert(QStringLiteral("maximum"), maximum);
    return schema;
}

QJsonObject enumeration(const QStringList &values, const QString &description)
{
    QJsonObject schema = typed("string", description);
    schema.insert(QStringLiteral("enum"), QJsonArray::fromStringList(values));
    return schema;
}

QStringList categoryIds()
{
    QStringList ids;
    for (int i = 0; i < review::findingCategoryCount; ++i)
        ids << review::categoryId(review::FindingCategory(i));
    return ids;
}

QJsonObject findingSchema()
{
    const QStringList required{
        QStringLiteral("title"),    QStringLiteral("body"),       QStringLiteral("category"),
        QStringLiteral("priority"), QStringLiteral("confidence"), QStringLiteral("file"),
        QStringLiteral("side"),     QStringLiteral("start_line"), QStringLiteral("end_line")};
    const QJsonObject properties{
        {QStringLiteral("title"), typed("string", QStringLiteral("One line."))},
        {QStringLiteral("body"), typed("string", QStringLiteral("What is wrong and why."))},
        {QStringLiteral("category"), enumeration(categoryIds(), QString())},
        {QStringLiteral("priority"),
         bounded("integer", 0, 3, QStringLiteral("0 blocker, 1 major, 2 minor, 3 nit."))},
        {QStringLiteral("confidence"),
         bounded("number", 0, 1, QStringLiteral("Probability that the finding is real."))},
        {QStringLiteral("file"), typed("string", QStringLiteral("Path as shown in the diff."))},
        {QStringLiteral("side"),
         enumeration({QStringLiteral("old"), QStringLiteral("new")},
                     QStringLiteral("'old' for removed lines, 'new' otherwise."))},
        {QStringLiteral("start_line"),
         bounded("integer", 1, 1e9, QStringLiteral("Line number on that side, from the diff."))},
        {QStringLiteral("end_line"), bounded("integer", 1, 1e9, QStringLiteral("Inclusive."))},
        {QStringLiteral("suggested_fix"),
         typed("string", QStringLiteral("Optional: the code or change that fixes it."))}};
    return {{QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("properties"), properties},
            {QStringLiteral("required"), QJsonArray::fromStringList(required)},
            {QStringLiteral("additionalProperties"), false}};
}

// Strict readers: each appends a message to `errors` and returns a default when the value is
// missing or of the wrong type.
class Reader
{
public:
    explicit Reader(QStringList &errors)
        : m_errors(errors)
    {}

    QString string(const QJsonObject &object, const QString &key, const QString &path,
                   bool required = true)
    {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isNull()) {
            if (required)
                m_errors << QStringLiteral("%1.%2: missing (a string is required)").arg(path, key);
            return QString();
        }
        if (!value.isString()) {
            m_errors << QStringLiteral("%1.%2: must be a string").arg(path, key);
            return QString();
        }
        if (required && value.toString().trimmed().isEmpty())
            m_errors << QStringLiteral("%1.%2: must not be empty").arg(path, key);
        return value.toString().trimmed();
    }

    double number(const QJsonObject &object, const QString &key, const QString &path,
                  double minimum, double maximum, bool integral)
    {
        const QJsonValue value = object.value(key);
        const QString kind = integral ? QStringLiteral("an integer") : QStringLiteral("a number");
        if (!value.isDouble()) {
            m_errors << QStringLiteral("%1.%2: must be %3 from %4 to %5")
                            .arg(path, key, kind)
                            .arg(minimum)
                            .arg(maximum);
            return minimum;
        }
        const double number = value.toDouble();
        if (!std::isfinite(number) || number < minimum || number > maximum ||
            (integral && number != std::floor(number))) {
            m_errors << QStringLiteral("%1.%2: must be %3 from %4 to %5 (got %6)")
                            .arg(path, key, kind)
                            .arg(minimum)
                            .arg(maximum)
                            .arg(number);
            return minimum;
        }
        return number;
    }

private:
    QStringList &m_errors;
};

review::Finding readFinding(const QJsonObject &object, const QString &path, Reader &read,
                            QStringList &errors)
{
    review::Finding finding;
    finding.title = read.string(object, QStringLiteral("title"), path);
    finding.body = read.string(object, QStringLiteral("body"), path);
    const QString category = read.string(object, QStringLiteral("category"), path);
    if (const auto id = review::categoryFromId(category))
        finding.category = *id;
    else if (!category.isEmpty())
        errors << QStringLiteral("%1.category: '%2' is not one of %3")
                      .arg(path, category, categoryIds().join(QStringLiteral(", ")));
    finding.priority = int(read.number(object, QStringLiteral("priority"), path, 0, 3, true));
    finding.confidence = read.number(object, QStringLiteral("confidence"), path, 0, 1, false);
    finding.file = read.string(object, QStringLiteral("file"), path);
    const QString side = read.string(object, QStringLiteral("side"), path);
    if (side == QLatin1String("old"))
        finding.side = review::Side::Old;
    else if (side == QLatin1String("new"))
        finding.side = review::Side::New;
    else if (!side.isEmpty())
        errors << QStringLiteral("%1.side: must be 'old' or 'new' (got '%2')").arg(path, side);
    finding.startLine = int(read.number(object, QStringLiteral("start_line"), path, 1, 1e9, true));
    finding.endLine = int(read.number(object, QStringLiteral("end_line"), path, 1, 1e9, true));
    if (finding.endLine < finding.startLine)
        errors << QStringLiteral("%1.end_line: must not be before start_line").arg(path);
    finding.suggestedFix =
        read.string(object, QStringLiteral("suggested_fix"), path, /*required=*/false);
    return finding;
}

} // namespace

llm::ToolDefinition ReviewSubmission::tool()
{
    const QJsonObject properties{
        {QStringLiteral("findings"), QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                                                 {QStringLiteral("items"), findingSchema()}}},
        {QStringLiteral("verdict"),
         enumeration({QStringLiteral("correct"), QStringLiteral("incorrect")},
                     QStringLiteral("Whether the change does what the task asks, safely."))},
        {QStringLiteral("explanation"), typed("string", QString())},
        {QStringLiteral("confidence"), bounded("number", 0, 1, QString())},
        {QStringLiteral("decisions_to_review"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                     {QStringLiteral("items"), typed("string", QString())}}}};
    const QJsonObject schema{
        {QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("properties"), properties},
        {QStringLiteral("required"),
         QJsonArray{QStringLiteral("findings"), QStringLiteral("verdict"),
                    QStringLiteral("explanation"), QStringLiteral("confidence")}},
        {QStringLiteral("additionalProperties"), false}};
    return {QString::fromLatin1(toolName),
            QStringLiteral("Submit the review: every finding anchored to the diff, the overall "
                           "verdict, and the decisions a human should check. Call it once."),
            schema};
}

Result<ReviewSubmission> ReviewSubmission::fromToolInput(const QJsonObject &input)
{
    QStringList errors;
    Reader read(errors);
    ReviewSubmission submission;
    const QString root = QStringLiteral("review");
    const QJsonValue findings = input.value(QStringLiteral("findings"));
    if (!findings.isArray())
        errors << QStringLiteral("review.findings: must be an array (empty when there are none)");
    const QJsonArray list = findings.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = QStringLiteral("findings[%1]").arg(i);
        if (!list.at(i).isObject()) {
            errors << QStringLiteral("%1: must be an object").arg(path);
            continue;
        }
        submission.findings.push_back(readFinding(list.at(i).toObject(), path, read, errors));
    }
    const QString verdict = read.string(input, QStringLiteral("verdict"), root);
    if (verdict == QLatin1String("correct"))
        submission.verdict.verdict = review::Verdict::Correct;
    else if (verdict == QLatin1String("incorrect"))
        submission.verdict.verdict = review::Verdict::Incorrect;
    else if (!verdict.isEmpty())
        errors << QStringLiteral("review.verdict: must be 'correct' or 'incorrect' (got '%1')")
                      .arg(verdict);
    submission.verdict.explanation = read.string(input, QStringLiteral("explanation"), root);
    submission.verdict.confidence =
        read.number(input, QStringLiteral("confidence"), root, 0, 1, false);
    const QJsonValue decisions = input.value(QStringLiteral("decisions_to_review"));
    if (!decisions.isUndefined() && !decisions.isNull() && !decisions.isArray())
        errors << QStringLiteral("review.decisions_to_review: must be an array of strings");
    const QJsonArray decisionList = decisions.toArray();
    for (qsizetype i = 0; i < decisionList.size(); ++i) {
        if (!decisionList.at(i).isString() || decisionList.at(i).toString().trimmed().isEmpty())
            errors << QStringLiteral("review.decisions_to_review[%1]: must be a non-empty string")
                          .arg(i);
        else
            submission.verdict.decisionsToReview << decisionList.at(i).toString().trimmed();
    }
    if (!errors.isEmpty())
        return makeError(QStringLiteral("malformed-review"),
                         QStringLiteral("The review does not match the submit_review schema:\n- ") +
                             errors.join(QStringLiteral("\n- ")));
    return submission;
}

} // namespace agentdesk::agents
