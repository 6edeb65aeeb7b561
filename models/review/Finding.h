#pragma once

#include <QString>
#include <QStringList>

#include <optional>

// The findings contract (ARCHITECTURE.md §6): what the reviewer says about a diff, as plain
// values. The reviewer's output is validated into these; the diff view and the item models
// read them.

namespace agentdesk::review {

enum class FindingCategory
{
    TypeError,
    NullCheck,
    LogicEdgeCase,
    TestGap,
    Security,
    Performance,
    ApiChange,
    Other,
};

// Which side of the diff a line number refers to.
enum class Side
{
    Old,
    New,
};

struct Finding
{
    QString title;
    QString body;
    FindingCategory category = FindingCategory::Other;
    int priority = 3;        // 0 = blocker ... 3 = nit
    double confidence = 0.5; // 0..1
    QString file;            // path on the side named by `side`
    Side side = Side::New;
    int startLine = 0; // 1-based, inclusive; 0 = the whole file
    int endLine = 0;
    QString suggestedFix; // empty when the reviewer offered none
    // Set by anchoring against a diff document: the range starts on a row of the diff. An
    // unanchored finding is listed at the top of its file instead of on a line.
    bool anchored = false;
    bool acknowledged = false;

    bool isBlocking() const { return priority == 0; }
};

enum class Verdict
{
    Correct,
    Incorrect,
};

struct ReviewVerdict
{
    Verdict verdict = Verdict::Correct;
    QString explanation;
    double confidence = 0.5;
    QStringList decisionsToReview;
};

// Stable identifiers, as the reviewer's schema and the store spell them ("null-check").
QString categoryId(FindingCategory category);
std::optional<FindingCategory> categoryFromId(const QString &id);
// Words for people ("Null check").
QString categoryLabel(FindingCategory category);
constexpr int findingCategoryCount = 8;

} // namespace agentdesk::review
