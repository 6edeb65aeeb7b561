#include "review/Finding.h"

#include <array>

namespace agentdesk::review {

namespace {

struct CategoryNames
{
    FindingCategory category;
    const char16_t *id;
    const char16_t *label;
};

constexpr std::array<CategoryNames, findingCategoryCount> categoryNames{{
    {FindingCategory::TypeError, u"type-error", u"Type error"},
    {FindingCategory::NullCheck, u"null-check", u"Null check"},
    {FindingCategory::LogicEdgeCase, u"logic-edge-case", u"Logic edge case"},
    {FindingCategory::TestGap, u"test-gap", u"Test gap"},
    {FindingCategory::Security, u"security", u"Security"},
    {FindingCategory::Performance, u"performance", u"Performance"},
    {FindingCategory::ApiChange, u"api-change", u"API change"},
    {FindingCategory::Other, u"other", u"Other"},
}};

} // namespace

QString categoryId(FindingCategory category)
{
    return QString::fromUtf16(categoryNames.at(size_t(category)).id);
}

std::optional<FindingCategory> categoryFromId(const QString &id)
{
    for (const CategoryNames &names : categoryNames) {
        if (id == QStringView(names.id))
            return names.category;
    }
    return std::nullopt;
}

QString categoryLabel(FindingCategory category)
{
    return QString::fromUtf16(categoryNames.at(size_t(category)).label);
}

} // namespace agentdesk::review
