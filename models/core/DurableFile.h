#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QString>

namespace agentdesk {

// Writes `data` to `path` so that afterwards the file holds exactly `data` or, on any failure,
// exactly what it held before: a new file in the same folder, every write(2), fsync(2) and
// close(2) checked, then rename(2) over the old one (whose permission bits it keeps) and an
// fsync of the folder. QSaveFile was not enough: its commit() ignores a failed flush of its
// buffer, so on a full disk it answered success for an empty file.
//
// Codes: "disk-full" (ENOSPC, EDQUOT, or EFBIG past the file size limit) and "io-error"; the
// message names the file and the system's reason.
VoidResult writeFileAtomically(const QString &path, const QByteArray &data);

// Whether an error code from writeFileAtomically (or the store) means the disk has no room.
bool isDiskFullError(const QString &code);

} // namespace agentdesk
