#pragma once

#include <QString>

// Recognising tests in source lines, per language (chosen by the file's path): markers that
// skip or focus tests, and declarations that define one.

namespace agentdesk::tasks::report {

struct SkipMarker
{
    QString label;      // as written: "@pytest.mark.skip", "it.skip(", "QSKIP(", ...
    bool focus = false; // ".only(" / "fit(": every other test stops running
};

// The skip or focus marker on one line of a file at `path`; an empty label when there is
// none. Commented-out markers and markers in documentation files do not count.
SkipMarker skipMarkerIn(const QString &path, const QString &line);

// Reads a file's lines in order and names the tests they declare. Some languages put the
// test attribute on the line before the function (`#[test]`, `@Test`, `[Fact]`), so the reader
// keeps that state between lines: use one reader per file and side.
class TestDeclarationReader
{
public:
    explicit TestDeclarationReader(const QString &path);

    // The test the line declares ("test_parse", "Suite.Name", "parses empty input"), or empty.
    QString next(const QString &line);

private:
    enum class Language
    {
        None,
        Python,
        Go,
        JavaScript,
        Ruby,
        Rust,
        Cpp,
        QtTest,
        JvmOrDotNet,
    };
    Language m_language = Language::None;
    bool m_attributePending = false;
};

} // namespace agentdesk::tasks::report
