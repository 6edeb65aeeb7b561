#include "core/Secrets.h"

#include <QReadWriteLock>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <atomic>

namespace agentdesk {

namespace {

struct Registry
{
    QReadWriteLock lock;
    QStringList values; // each with its percent-encoded form when that differs
    std::atomic<int> count{0};
};

Registry &registry()
{
    static Registry instance;
    return instance;
}

// Provider key shapes (Anthropic "sk-ant-…", OpenAI "sk-…", OpenRouter "sk-or-…"), forge
// tokens (GitHub "ghp_…", "github_pat_…", GitLab "glpat-…") and bearer credentials in echoed
// headers, registered or not.
QString redactShapes(const QString &text)
{
    // Anchored at a word start: "risk-assessment-for-the-new-module" is a task title, not a
    // key, and the store scrubs every string it writes (branch names included).
    static const QRegularExpression keyPattern(
        QStringLiteral("((?<![A-Za-z0-9_\\-])(sk-[A-Za-z0-9_\\-]{16,}|gh[pousr]_[A-Za-z0-9]{20,}|"
                       "github_pat_[A-Za-z0-9_]{20,}|glpat-[A-Za-z0-9_\\-]{16,})|"
                       "\\b(?i:bearer)\\s+[A-Za-z0-9._~+/\\-]{12,}=*)"));
    static const QStringList markers{
        QStringLiteral("sk-"),  QStringLiteral("earer"),       QStringLiteral("ghp_"),
        QStringLiteral("gho_"), QStringLiteral("ghu_"),        QStringLiteral("ghs_"),
        QStringLiteral("ghr_"), QStringLiteral("github_pat_"), QStringLiteral("glpat-")};
    bool marked = false;
    for (const QString &marker : markers)
        marked = marked || text.contains(marker);
    if (!marked)
        return text; // the common case costs a few scans, not a regex
    QString out = text;
    out.replace(keyPattern, Secrets::marker());
    return out;
}

QtMessageHandler previousHandler = nullptr;

void redactingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (previousHandler)
        previousHandler(type, context, Secrets::redact(message));
}

} // namespace

const QString &Secrets::marker()
{
    static const QString text = QStringLiteral("[redacted]");
    return text;
}

void Secrets::add(const QString &secret)
{
    const QString value = secret.trimmed();
    if (value.size() < minimumLength)
        return;
    Registry &r = registry();
    QWriteLocker locker(&r.lock);
    if (r.values.contains(value))
        return;
    r.values.append(value);
    const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(value));
    if (encoded != value && !r.values.contains(encoded))
        r.values.append(encoded);
    // Longest first, so a secret that contains another is replaced whole.
    std::sort(r.values.begin(), r.values.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
    r.count.store(int(r.values.size()));
}

int Secrets::count()
{
    return registry().count.load();
}

bool Secrets::containsSecret(const QString &text)
{
    Registry &r = registry();
    if (r.count.load() == 0 || text.size() < minimumLength)
        return false;
    QReadLocker locker(&r.lock);
    for (const QString &value : std::as_const(r.values)) {
        if (text.contains(value))
            return true;
    }
    return false;
}

QString Secrets::redact(const QString &text)
{
    Registry &r = registry();
    QString out = text;
    if (r.count.load() > 0 && text.size() >= minimumLength) {
        QReadLocker locker(&r.lock);
        for (const QString &value : std::as_const(r.values)) {
            if (out.contains(value))
                out.replace(value, marker());
        }
    }
    return redactShapes(out);
}

QByteArray Secrets::redact(const QByteArray &utf8)
{
    return redact(QString::fromUtf8(utf8)).toUtf8();
}

QString redactSecrets(const QString &text)
{
    return Secrets::redact(text);
}

void installRedactingMessageHandler()
{
    static std::atomic<bool> installed{false};
    if (installed.exchange(true))
        return;
    previousHandler = qInstallMessageHandler(redactingHandler);
}

} // namespace agentdesk
