#include "app/commands/DiffCommand.h"

#include "git/DiffEngine.h"
#include "git/Repository.h"
#include "review/DiffDocument.h"
#include "review/DiffDocumentStream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace agentdesk::app {

namespace {

struct DiffArguments
{
    QString repository;
    QString from;
    QString to;
    bool json = false;
};

QString statusName(git::DeltaStatus status)
{
    return git::deltaStatusId(status);
}

// Returns an error text for `err`, or empty when the arguments parsed.
QString parse(const QStringList &arguments, DiffArguments &parsed)
{
    QString range;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString &argument = arguments[i];
        if (argument == QLatin1String("--json")) {
            parsed.json = true;
        } else if (argument == QLatin1String("--repo") && i + 1 < arguments.size()) {
            parsed.repository = arguments[++i];
        } else if (argument.startsWith(QLatin1String("--repo="))) {
            parsed.repository = argument.mid(7);
        } else if (!argument.startsWith(QLatin1Char('-')) && range.isEmpty()) {
            range = argument;
        } else {
            return QStringLiteral("unexpected argument '%1'").arg(argument);
        }
    }
    if (parsed.repository.isEmpty())
        return QStringLiteral("--repo PATH is required");
    // FROM...TO means the same here as FROM..TO: the diff always starts at the merge base.
    const QString separator =
        range.contains(QLatin1String("...")) ? QStringLiteral("...") : QStringLiteral("..");
    const int at = range.indexOf(separator);
    if (at <= 0 || at + separator.size() >= range.size())
        return QStringLiteral("expected a range FROM..TO, got '%1'").arg(range);
    parsed.from = range.left(at);
    parsed.to = range.mid(at + separator.size());
    return QString();
}

QJsonObject fileJson(const review::DiffFile &file, const git::FileDelta &delta)
{
    return QJsonObject{
        {QStringLiteral("oldPath"), delta.oldPath},
        {QStringLiteral("newPath"), delta.newPath},
        {QStringLiteral("status"), statusName(delta.status)},
        {QStringLiteral("similarity"), delta.similarity},
        {QStringLiteral("added"), delta.added},
        {QStringLiteral("removed"), delta.removed},
        {QStringLiteral("rows"), int(file.rows.size())},
        {QStringLiteral("binary"), delta.binary},
        {QStringLiteral("tooLarge"), delta.tooLarge},
        {QStringLiteral("oldMode"), QString::number(delta.oldMode, 8)},
        {QStringLiteral("newMode"), QString::number(delta.newMode, 8)},
    };
}

void printJson(const git::CommitDiff &diff, const review::DiffDocument &document, QTextStream &out)
{
    QJsonArray files;
    for (size_t i = 0; i < diff.files.size(); ++i)
        files.append(fileJson(document.file(int(i)), diff.files[i]));
    const git::DiffTotals totals = git::DiffEngine::totals(diff.files);
    const QJsonObject root{
        {QStringLiteral("base"), diff.baseId},
        {QStringLiteral("to"), diff.toId},
        {QStringLiteral("files"), files},
        {QStringLiteral("totals"), QJsonObject{{QStringLiteral("files"), totals.files},
                                               {QStringLiteral("added"), totals.added},
                                               {QStringLiteral("removed"), totals.removed},
                                               {QStringLiteral("rows"), document.totalRows()}}},
    };
    out << QJsonDocument(root).toJson(QJsonDocument::Indented);
}

void printText(const git::CommitDiff &diff, const review::DiffDocument &document, QTextStream &out)
{
    out << "diff " << diff.baseId.left(12) << ".." << diff.toId.left(12) << '\n';
    for (size_t i = 0; i < diff.files.size(); ++i) {
        const git::FileDelta &delta = diff.files[i];
        QString path = delta.displayPath();
        if (!delta.oldPath.isEmpty() && !delta.newPath.isEmpty() && delta.oldPath != delta.newPath)
            path = delta.oldPath + QStringLiteral(" => ") + delta.newPath;
        const QString counts = delta.binary ? QStringLiteral("binary")
                               : delta.tooLarge
                                   ? QStringLiteral("too large")
                                   : QStringLiteral("+%1 -%2").arg(delta.added).arg(delta.removed);
        out << QStringLiteral("%1 %2 %3 rows  %4\n")
                   .arg(statusName(delta.status), -12)
                   .arg(counts, -14)
                   .arg(document.file(int(i)).rows.size(), 6)
                   .arg(path);
    }
    const git::DiffTotals totals = git::DiffEngine::totals(diff.files);
    out << QStringLiteral("%1 files changed, %2 insertions(+), %3 deletions(-), %4 rows\n")
               .arg(totals.files)
               .arg(totals.added)
               .arg(totals.removed)
               .arg(document.totalRows());
}

} // namespace

int runDiffCommand(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    DiffArguments parsed;
    const QString problem = parse(arguments, parsed);
    if (!problem.isEmpty()) {
        err << "agentdesk diff: " << problem << "\nUsage: agentdesk " << diffCommand().usage
            << '\n';
        return 2;
    }
    Result<git::Repository> repository = git::Repository::open(parsed.repository);
    if (!repository) {
        err << "agentdesk diff: " << repository.errorMessage() << '\n';
        return 1;
    }
    // The document is built file by file while git still prints the diff.
    review::DiffDocumentStream stream;
    git::DiffOptions options;
    options.fileParsed = [&stream](size_t index, const git::FileDelta &file) {
        stream.add(index, file);
    };
    Result<git::CommitDiff> diff =
        git::DiffEngine::diffCommits(*repository, parsed.from, parsed.to, options);
    if (!diff) {
        err << "agentdesk diff: " << diff.errorMessage() << '\n';
        return 1;
    }
    Result<review::DiffDocumentPtr> document = stream.finish(diff->files);
    if (!document) {
        err << "agentdesk diff: " << document.errorMessage() << '\n';
        return 1;
    }
    if (parsed.json)
        printJson(*diff, **document, out);
    else
        printText(*diff, **document, out);
    return 0;
}

HeadlessCommand diffCommand()
{
    return {QStringLiteral("diff"), QStringLiteral("diff --repo PATH FROM..TO [--json]"),
            QStringLiteral("Print what TO changed since it left FROM: per file paths, status, "
                           "added/removed lines and rows, then totals"),
            runDiffCommand};
}

} // namespace agentdesk::app
