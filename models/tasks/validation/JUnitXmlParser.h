#pragma once

#include "ValidationResult.h"

#include "core/Result.h"

#include <QByteArray>
#include <QDateTime>
#include <QStringList>

namespace agentdesk::tasks {

// JUnit XML as pytest (--junitxml), jest-junit, vitest (--reporter=junit), go-junit-report,
// cargo2junit, ctest (--output-junit) and Surefire write it: <testsuites>/<testsuite> holding
// <testcase classname name> with <failure>, <error> or <skipped> children.
class JUnitXmlParser
{
public:
    static Result<TestReport> parse(const QByteArray &xml);

    // JUnit files under `directory` written at or after `since`: TEST-*.xml, *junit*.xml and
    // any *.xml in a folder named test-results or test-reports. Bounded: skips .git and
    // node_modules, at most `maxFiles` files examined.
    static QStringList find(const QString &directory, const QDateTime &since, int maxFiles = 20000);
    // Files matching glob `patterns` (relative to `directory`, one folder level of wildcards
    // per component, e.g. "build/test-results/*.xml").
    static QStringList match(const QString &directory, const QStringList &patterns);
};

} // namespace agentdesk::tasks
