#pragma once

#include "ValidationResult.h"

#include <QByteArray>
#include <QString>

namespace agentdesk::tasks {

// Reads what test runners print: ctest, pytest, jest, vitest, go test (-v text and -json),
// cargo test. Each parser recognises its own runner's lines and returns an empty format when
// it saw none, so a command that runs several runners (a Makefile) gets all of them merged.
// Names are kept as the runner spells them; totals come from the runner's summary line when
// it names fewer tests than it counts (pytest without -v, jest without --verbose).
class TestOutputParser
{
public:
    static TestReport parse(const QByteArray &output);

    static TestReport parseCtest(const QString &output);
    static TestReport parsePytest(const QString &output);
    static TestReport parseJest(const QString &output);
    static TestReport parseVitest(const QString &output);
    static TestReport parseGoTest(const QString &output);
    static TestReport parseGoTestJson(const QString &output);
    static TestReport parseCargoTest(const QString &output);
};

} // namespace agentdesk::tasks
