#include "FinishReport.h"

#include <QJsonArray>

namespace agentdesk::agents {

Result<FinishReport> FinishReport::fromToolInput(const QJsonObject &input)
{
    FinishReport report;
    report.summary = input.value(QStringLiteral("summary")).toString().trimmed();
    if (report.summary.isEmpty()) {
        return Error(QStringLiteral("invalid-input"),
                     QStringLiteral("finish needs a non-empty \"summary\" of what changed."));
    }
    const QJsonValue decisions = input.value(QStringLiteral("decisions"));
    if (!decisions.isUndefined() && !decisions.isNull() && !decisions.isArray()) {
        return Error(QStringLiteral("invalid-input"),
                     QStringLiteral("\"decisions\" must be an array of objects with "
                                    "\"description\", and optionally \"file\" and \"line\"."));
    }
    const QJsonArray list = decisions.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QJsonObject item = list.at(i).toObject();
        ReviewDecision decision;
        decision.description = item.value(QStringLiteral("description")).toString().trimmed();
        decision.file = item.value(QStringLiteral("file")).toString().trimmed();
        const double line = item.value(QStringLiteral("line")).toDouble(0);
        if (decision.description.isEmpty() || line < 0 || line != static_cast<int>(line)) {
            return Error(QStringLiteral("invalid-input"),
                         QStringLiteral("decisions[%1] needs a non-empty \"description\"; "
                                        "\"line\", when given, is a positive whole number.")
                             .arg(i));
        }
        decision.line = static_cast<int>(line);
        report.decisions.append(decision);
    }
    return report;
}

QJsonObject FinishReport::toJson() const
{
    QJsonArray list;
    for (const ReviewDecision &decision : decisions) {
        QJsonObject item{{QStringLiteral("description"), decision.description}};
        if (!decision.file.isEmpty())
            item.insert(QStringLiteral("file"), decision.file);
        if (decision.line > 0)
            item.insert(QStringLiteral("line"), decision.line);
        list.append(item);
    }
    return {{QStringLiteral("summary"), summary}, {QStringLiteral("decisions"), list}};
}

} // namespace agentdesk::agents
