#pragma once

#include <QString>
#include <QStringList>

// What a repository path is, judged by its name alone: the report's mechanical decisions
// start here. Paths are repository-relative with '/' separators, as git writes them.

namespace agentdesk::tasks::report {

enum class ManifestKind
{
    None,
    Manifest, // declares dependencies: package.json, Cargo.toml, requirements.txt, ...
    LockFile, // pins them: package-lock.json, Cargo.lock, go.sum, ...
};

QString fileNameOf(const QString &path);
// The file name's extension after the last '.', lower-case; empty when there is none.
QString extensionOf(const QString &path);

ManifestKind manifestKind(const QString &path);

// A test file by its name (test_x.py, x_test.go, x.test.ts, x_spec.rb, tst_x.cpp, ...) or by a
// folder it is in (test, tests, __tests__, spec, specs, XyzTests).
bool isTestPath(const QString &path);
// Only the file name says it is a test (not merely a file in a test folder).
bool isTestFileName(const QString &path);

bool isHeaderPath(const QString &path);   // .h .hh .hpp .hxx .h++
bool isInIncludeDir(const QString &path); // a folder named "include"
// Always part of an interface: .d.ts, .proto, GraphQL schemas, OpenAPI/Swagger documents.
bool isInterfaceDefinitionPath(const QString &path);
// A package's export list: index.ts/js, __init__.py, lib.rs, mod.rs.
bool isModuleIndexPath(const QString &path);

// A database migration or schema by path: a migrations/migration/migrate folder,
// alembic/versions, a non-test file named like a migration, *.prisma, db/schema.rb,
// schema.sql/structure.sql.
bool isMigrationPath(const QString &path);

// Documentation and plain text, where a code marker is only an example.
bool isProsePath(const QString &path);

// Path-like words in a prompt: words containing '/' (not URLs, absolute paths or "and/or"),
// or file names with a known source extension ("parser.cpp", "*.ts"). Stripped of quotes,
// brackets, trailing punctuation, "./" and a trailing '/'. Sorted, unique.
QStringList pathsNamedIn(const QString &text);
// `path` is one of the named paths, lies under one, or ends with one, matched on whole path
// components ("parser.cpp" names "src/parser.cpp"; "src/*.ts" and "**/x" are globs).
bool isWithinNamedPath(const QString &path, const QStringList &named);

} // namespace agentdesk::tasks::report
