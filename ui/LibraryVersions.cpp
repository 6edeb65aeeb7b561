#include "ui/LibraryVersions.h"

#include "core/BuildInfo.h"
#include "git/GitLibrary.h"

#include <ksyntaxhighlighting_version.h>

#include <QtGlobal>

namespace agentdesk::ui {

namespace {

QString syntaxHighlightingVersion()
{
#if defined(KSYNTAXHIGHLIGHTING_VERSION_STRING)
    return QStringLiteral(KSYNTAXHIGHLIGHTING_VERSION_STRING);
#elif defined(SyntaxHighlighting_VERSION_STRING)
    return QStringLiteral(SyntaxHighlighting_VERSION_STRING);
#else
    return QString::fromLatin1(buildinfo::ksyntaxHighlightingVersion);
#endif
}

} // namespace

QList<LibraryVersion> libraryVersions()
{
    return {
        {QStringLiteral("AgentDesk"), QString::fromLatin1(buildinfo::projectVersion)},
        {QStringLiteral("Qt"), QString::fromLatin1(qVersion())},
        {QStringLiteral("libgit2"), git::GitLibrary::runtimeVersion()},
        {QStringLiteral("KSyntaxHighlighting"), syntaxHighlightingVersion()},
    };
}

QString libraryVersionsText()
{
    QString text;
    for (const LibraryVersion &library : libraryVersions())
        text += library.name + QLatin1Char(' ') + library.version + QLatin1Char('\n');
    return text;
}

} // namespace agentdesk::ui
