#include "tasks/environment/WorktreeInclude.h"

#include "git/IgnoredFiles.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace agentdesk::tasks {

namespace {

// .worktreeinclude is a short list of patterns; anything bigger is not one.
constexpr qint64 kMaxIncludeFileSize = 256 * 1024;

struct Rule
{
    QRegularExpression expression;
    bool negated = false;
    bool directoryOnly = false;
};

QString globToRegex(const QString &glob)
{
    QString out;
    for (qsizetype i = 0; i < glob.size(); ++i) {
        const QChar c = glob.at(i);
        if (c == QLatin1Char('*')) {
            if (i + 1 < glob.size() && glob.at(i + 1) == QLatin1Char('*')) {
                const bool slashAfter = i + 2 < glob.size() && glob.at(i + 2) == QLatin1Char('/');
                if (slashAfter) {
                    out += QStringLiteral("(?:.*/)?");
                    i += 2;
                } else {
                    out += QStringLiteral(".*");
                    i += 1;
                }
            } else {
                out += QStringLiteral("[^/]*");
            }
        } else if (c == QLatin1Char('?')) {
            out += QStringLiteral("[^/]");
        } else if (c == QLatin1Char('[')) {
            const qsizetype close = glob.indexOf(QLatin1Char(']'), i + 1);
            if (close < 0) {
                out += QStringLiteral("\\[");
                continue;
            }
            QString set = glob.mid(i + 1, close - i - 1);
            if (set.startsWith(QLatin1Char('!')))
                set[0] = QLatin1Char('^');
            out += QLatin1Char('[') + set.replace(QLatin1Char('\\'), QStringLiteral("\\\\")) +
                   QLatin1Char(']');
            i = close;
        } else if (c == QLatin1Char('\\') && i + 1 < glob.size()) {
            out += QRegularExpression::escape(glob.at(++i));
        } else {
            out += QRegularExpression::escape(c);
        }
    }
    return out;
}

QList<Rule> compile(const QStringList &patterns)
{
    QList<Rule> rules;
    for (QString line : patterns) {
        if (line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        while (line.endsWith(QLatin1Char(' ')) && !line.endsWith(QStringLiteral("\\ ")))
            line.chop(1);
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        Rule rule;
        if (line.startsWith(QLatin1Char('!'))) {
            rule.negated = true;
            line.remove(0, 1);
        } else if (line.startsWith(QStringLiteral("\\!")) ||
                   line.startsWith(QStringLiteral("\\#"))) {
            line.remove(0, 1);
        }
        if (line.endsWith(QLatin1Char('/'))) {
            rule.directoryOnly = true;
            line.chop(1);
        }
        if (line.isEmpty())
            continue;
        const bool anchored = line.contains(QLatin1Char('/'));
        if (line.startsWith(QLatin1Char('/')))
            line.remove(0, 1);
        const QString body = globToRegex(line);
        rule.expression.setPattern(anchored ? QStringLiteral("^%1$").arg(body)
                                            : QStringLiteral("^(?:.*/)?%1$").arg(body));
        if (rule.expression.isValid())
            rules.append(rule);
    }
    return rules;
}

// Whether the rules select `path` itself (a folder when `isDirectory`), last match wins.
std::optional<bool> decide(const QList<Rule> &rules, const QString &path, bool isDirectory)
{
    std::optional<bool> verdict;
    for (const Rule &rule : rules) {
        if (rule.directoryOnly && !isDirectory)
            continue;
        if (rule.expression.match(path).hasMatch())
            verdict = !rule.negated;
    }
    return verdict;
}

bool selected(const QList<Rule> &rules, const QString &relativePath)
{
    // A folder that is selected selects everything under it, as in gitignore (a file under it
    // cannot be re-included).
    const QStringList parts = relativePath.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QString prefix;
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        prefix += (prefix.isEmpty() ? QString() : QStringLiteral("/")) + parts.at(i);
        if (decide(rules, prefix, true).value_or(false))
            return true;
    }
    return decide(rules, parts.join(QLatin1Char('/')), relativePath.endsWith(QLatin1Char('/')))
        .value_or(false);
}

// Whether the folders leading to `relative` under `root` are real folders (or not there yet):
// a symbolic link among them (one the agent committed, say) would take the copy out of the
// checkout.
bool parentsAreRealFolders(const QString &root, const QString &relative)
{
    const QStringList parts = relative.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    QString path = root;
    for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
        path += QLatin1Char('/') + parts.at(i);
        const QFileInfo folder(path);
        if (folder.isSymLink())
            return false;
        if (!folder.exists())
            return true;
    }
    return true;
}

bool copyOne(const QString &from, const QString &destination, QStringList *notes,
             const QString &relative)
{
    const QString to = destination + QLatin1Char('/') + relative;
    if (!parentsAreRealFolders(destination, relative)) {
        notes->append(
            QStringLiteral("%1: a folder on its way in the checkout is a symbolic link, not copied")
                .arg(relative));
        return false;
    }
    const QFileInfo info(from);
    if (info.isSymLink()) {
        notes->append(QStringLiteral("%1: a symbolic link, not copied").arg(relative));
        return false;
    }
    if (!info.isFile())
        return false;
    QDir().mkpath(QFileInfo(to).absolutePath());
    if (QFileInfo::exists(to) || QFileInfo(to).isSymLink())
        QFile::remove(to);
    if (!QFile::copy(from, to)) {
        notes->append(QStringLiteral("%1: cannot copy to %2").arg(relative, to));
        return false;
    }
    QFile::setPermissions(to, info.permissions());
    return true;
}

} // namespace

QStringList WorktreeInclude::patterns(const QString &sourceCheckout,
                                      const QStringList &extraPatterns)
{
    QStringList result;
    QFile file(sourceCheckout + QStringLiteral("/.worktreeinclude"));
    if (file.size() <= kMaxIncludeFileSize && file.open(QIODevice::ReadOnly))
        result = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    result += extraPatterns;
    return result;
}

bool WorktreeInclude::matches(const QStringList &patterns, const QString &relativePath)
{
    return selected(compile(patterns), relativePath);
}

Result<WorktreeInclude::Copied> WorktreeInclude::copy(const QString &sourceCheckout,
                                                      const QString &destination,
                                                      const QStringList &extraPatterns)
{
    Copied copied;
    const QList<Rule> rules = compile(patterns(sourceCheckout, extraPatterns));
    if (rules.isEmpty())
        return copied;
    Result<QStringList> ignored = git::ignoredPaths(sourceCheckout);
    if (!ignored)
        return ignored.error();
    const QString root = QDir(sourceCheckout).absolutePath() + QLatin1Char('/');
    for (const QString &entry : *ignored) {
        if (!entry.endsWith(QLatin1Char('/'))) {
            if (selected(rules, entry) && copyOne(root + entry, destination, &copied.notes, entry))
                copied.files.append(entry);
            continue;
        }
        // An ignored folder: every file under it is ignored too; pick the selected ones.
        QDirIterator it(root + entry, QDir::Files | QDir::Hidden | QDir::System,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            const QString relative = path.mid(root.size());
            if (relative.startsWith(QStringLiteral(".git/")) ||
                relative.contains(QStringLiteral("/.git/")))
                continue;
            if (selected(rules, relative) && copyOne(path, destination, &copied.notes, relative))
                copied.files.append(relative);
        }
    }
    copied.files.sort();
    return copied;
}

} // namespace agentdesk::tasks
