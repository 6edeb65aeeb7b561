#include "git/MergeJournal.h"

#include "core/DurableFile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <fcntl.h>
#include <unistd.h>

namespace agentdesk::git::detail {

QString mergeJournalPath(const QString &commonDir)
{
    return QDir(commonDir).filePath(QStringLiteral("agentdesk-merge-journal"));
}

VoidResult writeMergeIntent(const QString &commonDir, const MergeIntent &intent)
{
    const QJsonObject json{
        {QStringLiteral("version"), 1},
        {QStringLiteral("ref"), intent.refName},
        {QStringLiteral("old"), intent.oldId},
        {QStringLiteral("new"), intent.newId},
        {QStringLiteral("checkouts"), QJsonArray::fromStringList(intent.checkouts)},
        {QStringLiteral("pid"), intent.owner.pid},
        {QStringLiteral("token"), intent.owner.token},
    };
    return writeFileAtomically(mergeJournalPath(commonDir),
                               QJsonDocument(json).toJson(QJsonDocument::Compact));
}

std::optional<MergeIntent> readMergeIntent(const QString &commonDir)
{
    QFile file(mergeJournalPath(commonDir));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject json = QJsonDocument::fromJson(file.read(1 << 20)).object();
    if (json.value(QStringLiteral("version")).toInt() != 1)
        return std::nullopt;
    MergeIntent intent;
    intent.refName = json.value(QStringLiteral("ref")).toString();
    intent.oldId = json.value(QStringLiteral("old")).toString();
    intent.newId = json.value(QStringLiteral("new")).toString();
    for (const QJsonValue &value : json.value(QStringLiteral("checkouts")).toArray())
        intent.checkouts.append(value.toString());
    intent.owner.pid = json.value(QStringLiteral("pid")).toInteger();
    intent.owner.token = json.value(QStringLiteral("token")).toString();
    if (intent.refName.isEmpty() || intent.oldId.isEmpty() || intent.newId.isEmpty())
        return std::nullopt;
    return intent;
}

void removeMergeIntent(const QString &commonDir)
{
    QFile::remove(mergeJournalPath(commonDir));
    const int dir =
        ::open(QFile::encodeName(commonDir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        (void)::fsync(dir);
        ::close(dir);
    }
}

} // namespace agentdesk::git::detail
