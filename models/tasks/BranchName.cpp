#include "tasks/BranchName.h"

namespace agentdesk::tasks {

QString BranchName::slug(const QString &title)
{
    // Decompose first so "Résumé" becomes "resume" rather than "r-sum".
    const QString decomposed = title.normalized(QString::NormalizationForm_KD);
    QString slug;
    bool pendingHyphen = false;
    for (const QChar ch : decomposed) {
        if (ch.isMark())
            continue;
        const char16_t c = ch.unicode();
        const bool lower = (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9');
        const bool upper = c >= u'A' && c <= u'Z';
        if (!lower && !upper) {
            pendingHyphen = !slug.isEmpty();
            continue;
        }
        if (pendingHyphen)
            slug.append(QLatin1Char('-'));
        pendingHyphen = false;
        slug.append(upper ? QChar(char16_t(c - u'A' + u'a')) : ch);
        if (slug.size() > 2 * maxSlugLength)
            break; // enough to choose a cut from
    }
    if (slug.size() > maxSlugLength) {
        // Cut at a word boundary when one is not too far back, so the name stays readable.
        const qsizetype hyphen = slug.lastIndexOf(QLatin1Char('-'), maxSlugLength);
        slug.truncate(hyphen > maxSlugLength / 2 ? hyphen : maxSlugLength);
        while (slug.endsWith(QLatin1Char('-')))
            slug.chop(1);
    }
    return slug.isEmpty() ? QStringLiteral("task") : slug;
}

QString BranchName::forTask(TaskId id, const QString &title)
{
    return QStringLiteral("agentdesk/") + QString::number(id) + QLatin1Char('-') + slug(title);
}

} // namespace agentdesk::tasks
