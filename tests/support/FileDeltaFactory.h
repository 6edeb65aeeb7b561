#pragma once

#include "git/DiffTypes.h"

#include <QByteArray>
#include <QString>

namespace agentdesk::test {

// Builds git::FileDelta values by hand, for the review layer's tests and benchmarks, which
// must not depend on libgit2. The hunk text is a unified diff body as git prints it
// ("@@ -1,2 +1,2 @@", then ' '/'-'/'+' lines and "\ No newline at end of file"); raw bytes
// are kept as they are, so CRLF endings and invalid UTF-8 reach the document untouched.
class FileDeltaFactory
{
public:
    static git::FileDelta make(const QString &oldPath, const QString &newPath,
                               const QByteArray &unifiedHunks,
                               git::DeltaStatus status = git::DeltaStatus::Modified);

    // Appends one hunk's lines; used by `make` and by generators that build big diffs.
    static void appendHunks(git::FileDelta &delta, const QByteArray &unifiedHunks);
};

} // namespace agentdesk::test
