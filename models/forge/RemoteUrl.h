#pragma once

#include <QString>

#include <optional>

namespace agentdesk::forge {

// A git remote URL taken apart, in the forms git accepts: https://host[:port]/path,
// http://, ssh://[user@]host[:port]/path, git+ssh://, git://, and the scp-like
// [user@]host:path. Local paths and file:// URLs have no host (`isLocal`).
struct RemoteLocation
{
    QString scheme; // "https", "http", "ssh", "git"; "ssh" for the scp-like form
    QString host;   // lower case
    int port = -1;
    QString path; // without the leading '/', a trailing ".git" or '/'
    bool isLocal = false;

    bool isHttp() const
    {
        return scheme == QLatin1String("https") || scheme == QLatin1String("http");
    }
};

// nullopt when `url` is empty or not a URL git would take.
std::optional<RemoteLocation> parseRemoteUrl(const QString &url);

// `url` with any user name and password removed ("https://user:secret@host/x" →
// "https://host/x"): for messages, logs and the store.
QString withoutUserInfo(const QString &url);

// Removes the user info of every URL in `text` (git's stderr can echo the remote URL).
QString scrubUserInfo(const QString &text);

// True for 127.0.0.0/8, ::1 and "localhost": the only hosts plain http is accepted for.
bool isLoopbackHost(const QString &host);

} // namespace agentdesk::forge
