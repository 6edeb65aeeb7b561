#include "ReviewSample.h"

#include "git/DiffEngine.h"
#include "git/Repository.h"

#include <QJsonArray>
#include <QTimeZone>

namespace agentdesk::test {

namespace {

const QByteArray configHeader = R"c(#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>

typedef struct config_entry {
    char *key;
    char *value;
    struct config_entry *next;
} config_entry;

typedef struct config {
    config_entry *head;
    size_t count;
} config;

int config_parse(config *cfg, const char *text);
const char *config_get(const config *cfg, const char *key);
void config_free(config *cfg);

#endif
)c";

const QByteArray configSourceBase = R"c(#include "config.h"

#include <stdlib.h>
#include <string.h>

static char *copy_range(const char *start, size_t length)
{
    char *copy = malloc(length + 1);
    if (copy == NULL)
        return NULL;
    memcpy(copy, start, length);
    copy[length] = '\0';
    return copy;
}

static int add_entry(config *cfg, const char *key, size_t key_length, const char *value,
                     size_t value_length)
{
    config_entry *entry = malloc(sizeof *entry);
    if (entry == NULL)
        return -1;
    entry->key = copy_range(key, key_length);
    entry->value = copy_range(value, value_length);
    if (entry->key == NULL || entry->value == NULL) {
        free(entry->key);
        free(entry->value);
        free(entry);
        return -1;
    }
    entry->next = cfg->head;
    cfg->head = entry;
    cfg->count++;
    return 0;
}

int config_parse(config *cfg, const char *text)
{
    const char *line = text;
    cfg->head = NULL;
    cfg->count = 0;
    while (*line != '\0') {
        const char *end = strchr(line, '\n');
        if (end == NULL)
            end = line + strlen(line);
        const char *equals = memchr(line, '=', (size_t)(end - line));
        if (equals != NULL) {
            if (add_entry(cfg, line, (size_t)(equals - line), equals + 1,
                          (size_t)(end - equals - 1)) != 0)
                return -1;
        }
        line = *end == '\n' ? end + 1 : end;
    }
    return 0;
}

const char *config_get(const config *cfg, const char *key)
{
    for (const config_entry *entry = cfg->head; entry != NULL; entry = entry->next) {
        if (strcmp(entry->key, key) == 0)
            return entry->value;
    }
    return NULL;
}

void config_free(config *cfg)
{
    config_entry *entry = cfg->head;
    while (entry != NULL) {
        config_entry *next = entry->next;
        free(entry->key);
        free(entry->value);
        free(entry);
        entry = next;
    }
    cfg->head = NULL;
    cfg->count = 0;
}
)c";

const QByteArray testsBase = R"c(#include "../src/config.h"

#include <stdio.h>
#include <string.h>

static int passed = 0;
static int failed = 0;

#define CHECK(name, condition)                                         \
    do {                                                               \
        if (condition) {                                               \
            passed++;                                                  \
            printf("PASS %s\n", name);                                 \
        } else {                                                       \
            failed++;                                                  \
            printf("FAIL %s (%s:%d)\n", name, __FILE__, __LINE__);     \
        }                                                              \
    } while (0)

static void test_parse_basic(void)
{
    config cfg;
    CHECK("test_parse_basic", config_parse(&cfg, "name=agentdesk\n") == 0 && cfg.count == 1);
    CHECK("test_get_value", strcmp(config_get(&cfg, "name"), "agentdesk") == 0);
    CHECK("test_get_missing", config_get(&cfg, "port") == NULL);
    config_free(&cfg);
}

int main(void)
{
    test_parse_basic();
    printf("%d tests, %d passed, %d failed\n", passed + failed, passed, failed);
    return failed == 0 ? 0 : 1;
}
)c";

const QByteArray makefileBase = R"c(CC ?= cc
CFLAGS ?= -Wall -Wextra -O2

build/test_config: tests/test_config.c src/config.c src/config.h
	mkdir -p build
	$(CC) $(CFLAGS) -Isrc -o $@ tests/test_config.c src/config.c
)c";

const QByteArray readmeBase = R"c(# tinyconf

A small parser for `key=value` configuration files.
)c";

QByteArray replaced(QByteArray text, const QByteArray &from, const QByteArray &to)
{
    Q_ASSERT(text.contains(from));
    return text.replace(from, to);
}

QByteArray configHeaderHead()
{
    return replaced(configHeader, "const char *config_get(const config *cfg, const char *key);\n",
                    "const char *config_get(const config *cfg, const char *key);\n"
                    "/* The value of `key` as an int; `fallback` when it is not a number. */\n"
                    "int config_get_int(const config *cfg, const char *key, int fallback);\n");
}

QByteArray configSourceIteration1()
{
    QByteArray text = replaced(configSourceBase, "#include <stdlib.h>\n",
                               "#include <ctype.h>\n#include <stdlib.h>\n");
    text = replaced(text, "static int add_entry(",
                    "/* Narrows [*start, *end) to its text without surrounding blanks. */\n"
                    "static void trim(const char **start, const char **end)\n"
                    "{\n"
                    "    while (*start < *end && isspace((unsigned char)**start))\n"
                    "        (*start)++;\n"
                    "    while (*end > *start && isspace((unsigned char)(*end)[-1]))\n"
                    "        (*end)--;\n"
                    "}\n"
                    "\n"
                    "static int add_entry(");
    text =
        replaced(text,
                 "        const char *equals = memchr(line, '=', (size_t)(end - line));\n"
                 "        if (equals != NULL) {\n"
                 "            if (add_entry(cfg, line, (size_t)(equals - line), equals + 1,\n"
                 "                          (size_t)(end - equals - 1)) != 0)\n"
                 "                return -1;\n"
                 "        }\n",
                 "        const char *start = line;\n"
                 "        const char *stop = end;\n"
                 "        trim(&start, &stop);\n"
                 "        const char *equals = memchr(start, '=', (size_t)(stop - start));\n"
                 "        if (start < stop && *start != '#' && equals != NULL) {\n"
                 "            const char *key_end = equals;\n"
                 "            const char *value_start = equals + 1;\n"
                 "            trim(&start, &key_end);\n"
                 "            trim(&value_start, &stop);\n"
                 "            if (add_entry(cfg, start, (size_t)(key_end - start), value_start,\n"
                 "                          (size_t)(stop - value_start)) != 0)\n"
                 "                return -1;\n"
                 "        }\n");
    text = replaced(text, "void config_free(config *cfg)\n",
                    "int config_get_int(const config *cfg, const char *key, int fallback)\n"
                    "{\n"
                    "    const char *value = config_get(cfg, key);\n"
                    "    char *end = NULL;\n"
                    "    long number = strtol(value, &end, 10);\n"
                    "    if (end == value || *end != '\\0')\n"
                    "        return fallback;\n"
                    "    return (int)number;\n"
                    "}\n"
                    "\n"
                    "void config_free(config *cfg)\n");
    return text;
}

QByteArray configSourceIteration2()
{
    return replaced(configSourceIteration1(), "    const char *value = config_get(cfg, key);\n",
                    "    const char *value = config_get(cfg, key);\n"
                    "    if (value == NULL)\n"
                    "        return fallback;\n");
}

QByteArray testsIteration1()
{
    return replaced(testsBase, "int main(void)\n{\n    test_parse_basic();\n",
                    "static void test_trim_whitespace(void)\n"
                    "{\n"
                    "    config cfg;\n"
                    "    config_parse(&cfg, \"  name =  agentdesk  \\n\");\n"
                    "    CHECK(\"test_trim_whitespace\", strcmp(config_get(&cfg, \"name\"), "
                    "\"agentdesk\") == 0);\n"
                    "    config_free(&cfg);\n"
                    "}\n"
                    "\n"
                    "static void test_comments_skipped(void)\n"
                    "{\n"
                    "    config cfg;\n"
                    "    config_parse(&cfg, \"# port=1\\nport = 8080\\n\");\n"
                    "    CHECK(\"test_comments_skipped\", cfg.count == 1);\n"
                    "    config_free(&cfg);\n"
                    "}\n"
                    "\n"
                    "static void test_get_int(void)\n"
                    "{\n"
                    "    config cfg;\n"
                    "    config_parse(&cfg, \"port = 8080\\nname = x\\n\");\n"
                    "    CHECK(\"test_get_int\", config_get_int(&cfg, \"port\", 0) == 8080);\n"
                    "    CHECK(\"test_get_int_not_a_number\", config_get_int(&cfg, \"name\", 7) "
                    "== 7);\n"
                    "    config_free(&cfg);\n"
                    "}\n"
                    "\n"
                    "int main(void)\n{\n    test_parse_basic();\n    test_trim_whitespace();\n"
                    "    test_comments_skipped();\n    test_get_int();\n");
}

QByteArray makefileHead()
{
    return makefileBase + "\n.PHONY: test\ntest: build/test_config\n\t./build/test_config\n";
}

review::DiffDocumentPtr diffDocument(const QString &repository, const QString &from,
                                     const QString &to)
{
    auto repo = git::Repository::open(repository);
    if (!repo.ok())
        return nullptr;
    auto diff = git::DiffEngine::diffCommits(repo.value(), from, to);
    if (!diff.ok())
        return nullptr;
    auto document = review::DiffDocument::build(diff.value().files);
    return document.ok() ? document.value() : nullptr;
}

int lineIn(const QByteArray &text, const QByteArray &marker)
{
    const qsizetype at = text.indexOf(marker);
    return at < 0 ? 0 : int(text.left(at).count('\n')) + 1;
}

QDateTime at(int minute, int second = 0)
{
    return QDateTime(QDate(2025, 3, 14), QTime(9, minute, second), QTimeZone::utc());
}

store::StoredEvent event(qint64 id, int iteration, tasks::TaskEventKind kind, QDateTime when,
                         QJsonObject payload)
{
    store::StoredEvent stored;
    stored.id = id;
    stored.event = tasks::TaskEvent{7, iteration, kind, std::move(when), std::move(payload)};
    return stored;
}

} // namespace

std::unique_ptr<ReviewSample> ReviewSample::create()
{
    std::unique_ptr<ReviewSample> sample(new ReviewSample);
    return sample->build() ? std::move(sample) : nullptr;
}

bool ReviewSample::build()
{
    if (!m_repo.isValid())
        return false;
    m_repo.writeFile(QStringLiteral("src/config.h"), configHeader);
    m_repo.writeFile(QStringLiteral("src/config.c"), configSourceBase);
    m_repo.writeFile(QStringLiteral("tests/test_config.c"), testsBase);
    m_repo.writeFile(QStringLiteral("Makefile"), makefileBase);
    m_repo.writeFile(QStringLiteral("README.md"), readmeBase);
    m_base = m_repo.commitAll(QStringLiteral("tinyconf: parse key=value files"));
    const QString branch = QStringLiteral("agentdesk/7-integer-settings");
    if (m_base.isEmpty() ||
        m_repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("-b"), branch})
                .exitCode != 0)
        return false;
    m_repo.writeFile(QStringLiteral("src/config.h"), configHeaderHead());
    m_repo.writeFile(QStringLiteral("src/config.c"), configSourceIteration1());
    m_repo.writeFile(QStringLiteral("tests/test_config.c"), testsIteration1());
    m_repo.writeFile(QStringLiteral("Makefile"), makefileHead());
    m_head1 = m_repo.commitAll(QStringLiteral("Add config_get_int, trim blanks, skip comments"));
    m_repo.writeFile(QStringLiteral("src/config.c"), configSourceIteration2());
    m_head2 = m_repo.commitAll(QStringLiteral("config_get_int: fall back for a missing key"));
    // Meanwhile someone else landed a change on main.
    if (m_repo.git({QStringLiteral("checkout"), QStringLiteral("-q"), QStringLiteral("main")})
            .exitCode != 0)
        return false;
    m_repo.writeFile(QStringLiteral("README.md"),
                     readmeBase + "\nBuild and test with `make test`.\n");
    m_mainHead = m_repo.commitAll(QStringLiteral("README: how to build"));
    m_document1 = diffDocument(m_repo.path(), m_base, m_head1);
    m_document2 = diffDocument(m_repo.path(), m_base, m_head2);
    m_since = diffDocument(m_repo.path(), m_head1, m_head2);
    return !m_head1.isEmpty() && !m_head2.isEmpty() && !m_mainHead.isEmpty() && m_document1 &&
           m_document2 && m_since;
}

int ReviewSample::lineOf(int iteration, const QString &path, const QString &marker) const
{
    const QByteArray text =
        m_repo.git({QStringLiteral("show"), headCommit(iteration) + QLatin1Char(':') + path}).out;
    return lineIn(text, marker.toUtf8());
}

itemmodels::ReviewSnapshot ReviewSample::snapshot(int iteration, int latest) const
{
    const int newest = std::max(iteration, latest);
    const QString source = QStringLiteral("src/config.c");
    itemmodels::ReviewSnapshot s;
    s.task.id = 7;
    s.task.repositoryId = 1;
    s.task.spec.repositoryPath = m_repo.path();
    s.task.spec.baseBranch = QStringLiteral("main");
    s.task.spec.baseCommit = m_base;
    s.task.spec.title = QStringLiteral("Read integer settings from the config file");
    s.task.spec.prompt = QStringLiteral(
        "Add config_get_int(cfg, key, fallback) to tinyconf. Also trim blanks around keys "
        "and values and skip lines starting with #. Add tests.");
    s.task.spec.risk = tasks::RiskLevel::Medium;
    s.task.spec.implementer = {QStringLiteral("anthropic"), QStringLiteral("claude-sonnet-4-5")};
    s.task.spec.reviewer = {QStringLiteral("openai"), QStringLiteral("gpt-5-mini")};
    s.task.spec.budget = Money::fromCents(200);
    s.task.spec.validationCommand = QStringLiteral("make test");
    s.task.branch = QStringLiteral("agentdesk/7-integer-settings");
    s.task.worktreePath = m_repo.scratchPath(QStringLiteral("worktrees/7"));
    s.task.state = tasks::TaskState::ReadyForReview;
    s.task.createdAt = at(0);
    s.task.updatedAt = at(newest == 1 ? 7 : 12);

    tasks::Iteration first;
    first.number = 1;
    first.baseCommit = m_base;
    first.headCommit = m_head1;
    first.startedAt = at(0, 5);
    first.finishedAt = at(7, 17);
    const int getIntLine = lineOf(1, source, QStringLiteral("int config_get_int("));
    const int commentLine = lineOf(1, source, QStringLiteral("*start != '#'"));
    const int trimLine = lineOf(1, source, QStringLiteral("static void trim("));
    first.reportMarkdown =
        QStringLiteral(
            "## What changed\n\n"
            "- Added `config_get_int()` to read integer settings with a fallback "
            "(`src/config.h`, `src/config.c`).\n"
            "- `config_parse()` now trims blanks around keys and values and skips lines "
            "starting with `#`.\n"
            "- Three new tests in `tests/test_config.c`; `make test` builds and runs them.\n\n"
            "## Which tests passed\n\n"
            "`make test`: **7 passed, 0 failed** (3 before this change). New: "
            "`test_trim_whitespace`, `test_comments_skipped`, `test_get_int`, "
            "`test_get_int_not_a_number`.\n\n"
            "## Decisions to review\n\n"
            "- `config_get_int()` returns the fallback when the value is not a number "
            "(src/config.c:%1) instead of reporting an error.\n"
            "- Comments are recognised only at the start of a line (src/config.c:%2): "
            "`port = 80 # web` keeps `# web` in the value.\n"
            "- `trim()` narrows pointers instead of copying the line (src/config.c:%3).\n")
            .arg(getIntLine)
            .arg(commentLine)
            .arg(trimLine);
    s.iterations << first;
    if (newest >= 2) {
        tasks::Iteration second;
        second.number = 2;
        second.baseCommit = m_base;
        second.headCommit = m_head2;
        second.requestText =
            QStringLiteral("In src/config.c:%1, fix: config_get_int() passes NULL to strtol "
                           "for a missing key.\nSuggested fix: if (value == NULL) return "
                           "fallback;")
                .arg(lineOf(1, source, QStringLiteral("strtol(")));
        second.startedAt = at(9);
        second.finishedAt = at(11, 40);
        second.reportMarkdown =
            QStringLiteral(
                "## What changed\n\n- `config_get_int()` returns the fallback when the key is "
                "missing.\n\n## Which tests passed\n\n`make test`: **7 passed, 0 failed**.\n\n"
                "## Decisions to review\n\n- The missing-key case returns the fallback, like a "
                "value that is not a number (src/config.c:%1).\n")
                .arg(lineOf(2, source, QStringLiteral("if (value == NULL)")));
        s.iterations << second;
    }
    s.iteration = iteration;
    const int shown = iteration;

    const auto finding = [&](qint64 id, const QString &title, const QString &body,
                             const QString &category, int priority, double confidence,
                             const QString &file, const QString &marker, int span,
                             const QString &fix) {
        store::FindingRecord f;
        f.id = id;
        f.taskId = 7;
        f.iteration = shown;
        f.title = title;
        f.body = body;
        f.category = category;
        f.priority = priority;
        f.confidence = confidence;
        f.file = file;
        f.side = QStringLiteral("new");
        f.startLine = lineOf(shown, file, marker);
        f.endLine = f.startLine + span;
        f.suggestedFix = fix;
        f.anchored = true;
        return f;
    };
    store::FindingRecord nullCheck = finding(
        nullCheckFindingId,
        QStringLiteral("config_get_int() passes NULL to strtol for a missing key"),
        QStringLiteral("config_get() returns NULL when the key is absent, and strtol(NULL, ...) "
                       "is undefined behaviour: the first lookup of an unset setting crashes."),
        QStringLiteral("null-check"), 0, 0.93, source, QStringLiteral("strtol("), 0,
        QStringLiteral("if (value == NULL) return fallback;"));
    store::FindingRecord overflow = finding(
        overflowFindingId, QStringLiteral("Values outside int's range wrap silently"),
        QStringLiteral("strtol returns a long; `(int)number` truncates 4294967296 to 0 instead "
                       "of falling back. ERANGE is not checked either."),
        QStringLiteral("logic-edge-case"), 1, 0.74, source, QStringLiteral("return (int)number;"),
        0,
        QStringLiteral("if (errno == ERANGE || number < INT_MIN || number > INT_MAX) return "
                       "fallback;"));
    store::FindingRecord testGap = finding(
        testGapFindingId, QStringLiteral("No test for a missing key in config_get_int()"),
        QStringLiteral("The tests cover a number and a non-number, not an absent key — the case "
                       "that crashes."),
        QStringLiteral("test-gap"), 2, 0.81, QStringLiteral("tests/test_config.c"),
        QStringLiteral("static void test_get_int(void)"), 7, QString());
    store::FindingRecord nit = finding(
        nitFindingId, QStringLiteral("Comment in trim() says blanks, code trims all whitespace"),
        QStringLiteral("isspace() also strips \\r and \\f; say \"whitespace\" or use a blank "
                       "check."),
        QStringLiteral("other"), 3, 0.55, source, QStringLiteral("/* Narrows"), 0, QString());
    if (iteration == 1) {
        s.findings = {nullCheck, overflow, testGap, nit};
    } else {
        store::FindingRecord resolved = nullCheck;
        resolved.id = 201;
        resolved.carriedFromId = nullCheckFindingId;
        resolved.status = store::FindingStatus::Resolved;
        overflow.id = 202;
        overflow.carriedFromId = overflowFindingId;
        overflow.acknowledged = true;
        testGap.id = 203;
        testGap.carriedFromId = testGapFindingId;
        nit.id = 204;
        nit.carriedFromId = nitFindingId;
        s.findings = {resolved, overflow, testGap, nit};
    }

    store::ReviewVerdictRecord verdict;
    verdict.taskId = 7;
    verdict.iteration = shown;
    verdict.correct = iteration >= 2;
    verdict.confidence = iteration >= 2 ? 0.86 : 0.78;
    verdict.explanation =
        iteration >= 2
            ? QStringLiteral("The missing-key crash is fixed; the remaining findings are "
                             "edge cases and a test gap.")
            : QStringLiteral("Parsing changes are sound, but config_get_int() crashes on the "
                             "most common call: a setting that is not in the file.");
    verdict.decisionsToReview = {
        QStringLiteral("Whether a malformed number should fall back silently "
                       "(src/config.c:%1) or be reported to the caller.")
            .arg(lineOf(shown, source, QStringLiteral("if (end == value"))),
        QStringLiteral("Whether `make test` in the Makefile should also build with "
                       "-fsanitize=address.")};
    s.verdict = verdict;

    const auto validation = [&](int number, const QString &commit) {
        store::ValidationRecord v;
        v.id = number;
        v.taskId = 7;
        v.iteration = number;
        v.commit = commit;
        v.command = QStringLiteral("make test");
        v.exitCode = 0;
        v.passed = 7;
        v.durationMs = 1840;
        v.baseCommit = m_base;
        v.basePassed = 3;
        v.outputExcerpt = QStringLiteral(
            "mkdir -p build\n"
            "cc -Wall -Wextra -O2 -Isrc -o build/test_config tests/test_config.c src/config.c\n"
            "./build/test_config\n"
            "PASS test_parse_basic\nPASS test_get_value\nPASS test_get_missing\n"
            "PASS test_trim_whitespace\nPASS test_comments_skipped\nPASS test_get_int\n"
            "PASS test_get_int_not_a_number\n"
            "7 tests, 7 passed, 0 failed\n");
        QJsonArray tests;
        for (const char *name :
             {"test_parse_basic", "test_get_value", "test_get_missing", "test_trim_whitespace",
              "test_comments_skipped", "test_get_int", "test_get_int_not_a_number"})
            tests.append(QJsonObject{{QStringLiteral("name"), QLatin1String(name)},
                                     {QStringLiteral("status"), QStringLiteral("passed")}});
        v.tests = tests;
        v.at = number == 1 ? at(6, 50) : at(11, 20);
        return v;
    };
    s.validations << validation(1, m_head1);
    if (newest >= 2)
        s.validations << validation(2, m_head2);

    using K = tasks::TaskEventKind;
    const int n = shown;
    const qint64 idBase = shown * 100;
    s.timeline = {
        event(idBase + 1, n, K::StateChange, at(n == 1 ? 0 : 9, 5),
              {{QStringLiteral("from"),
                n == 1 ? QStringLiteral("preparing") : QStringLiteral("revising")},
               {QStringLiteral("to"), QStringLiteral("implementing")},
               {QStringLiteral("reason"), QString()}}),
        event(idBase + 2, n, K::ModelText, at(n == 1 ? 0 : 9, 12),
              {{QStringLiteral("text"),
                QStringLiteral("I'll read the parser first, then add config_get_int() next to "
                               "config_get().")}}),
        event(idBase + 3, n, K::ToolCall, at(n == 1 ? 0 : 9, 14),
              {{QStringLiteral("name"), QStringLiteral("read_file")},
               {QStringLiteral("input"), QJsonObject{{QStringLiteral("path"), source}}}}),
        event(idBase + 4, n, K::ToolResult, at(n == 1 ? 0 : 9, 14),
              {{QStringLiteral("content"), QString::fromUtf8(configSourceBase.left(120))},
               {QStringLiteral("is_error"), false}}),
        event(idBase + 5, n, K::ToolCall, at(n == 1 ? 3 : 10, 2),
              {{QStringLiteral("name"), QStringLiteral("edit_file")},
               {QStringLiteral("input"), QJsonObject{{QStringLiteral("path"), source}}}}),
        event(idBase + 6, n, K::ToolCall, at(n == 1 ? 5 : 10, 40),
              {{QStringLiteral("name"), QStringLiteral("run_command")},
               {QStringLiteral("input"),
                QJsonObject{{QStringLiteral("command"), QStringLiteral("make test")}}}}),
        event(idBase + 7, n, K::ToolResult, at(n == 1 ? 5 : 10, 43),
              {{QStringLiteral("content"), QStringLiteral("7 tests, 7 passed, 0 failed")},
               {QStringLiteral("is_error"), false}}),
        event(idBase + 8, n, K::Usage, at(n == 1 ? 6 : 11, 0),
              {{QStringLiteral("model"), QStringLiteral("claude-sonnet-4-5")},
               {QStringLiteral("input_tokens"), 48210},
               {QStringLiteral("output_tokens"), 3904}}),
        event(idBase + 9, n, K::ValidationOutput, at(n == 1 ? 6 : 11, 50),
              {{QStringLiteral("text"), QStringLiteral("7 tests, 7 passed, 0 failed")}}),
        event(idBase + 10, n, K::StateChange, at(n == 1 ? 7 : 11, 40),
              {{QStringLiteral("from"), QStringLiteral("reviewing")},
               {QStringLiteral("to"), QStringLiteral("ready-for-review")},
               {QStringLiteral("reason"), QString()}}),
    };

    store::CostLine implementer;
    implementer.taskId = 7;
    implementer.role = store::LedgerRole::Implementer;
    implementer.provider = QStringLiteral("anthropic");
    implementer.model = QStringLiteral("claude-sonnet-4-5");
    implementer.calls = newest >= 2 ? 19 : 14;
    implementer.inputTokens = newest >= 2 ? 231400 : 164220;
    implementer.outputTokens = newest >= 2 ? 11820 : 8610;
    implementer.cost = Money::fromMicrodollars(newest >= 2 ? 871500 : 621810);
    store::CostLine reviewer;
    reviewer.taskId = 7;
    reviewer.role = store::LedgerRole::Reviewer;
    reviewer.provider = QStringLiteral("openai");
    reviewer.model = QStringLiteral("gpt-5-mini");
    reviewer.calls = newest >= 2 ? 2 : 1;
    reviewer.inputTokens = newest >= 2 ? 30100 : 14900;
    reviewer.outputTokens = newest >= 2 ? 2400 : 1310;
    reviewer.cost = Money::fromMicrodollars(newest >= 2 ? 12330 : 6345);
    s.costs = {implementer, reviewer};
    s.totalCost = implementer.cost + reviewer.cost;
    s.durationMs = newest >= 2 ? (7 * 60 + 12 + 2 * 60 + 40) * 1000 : (7 * 60 + 12) * 1000;

    s.gate.headCommit = headCommit(newest);
    s.gate.baseHeadCommit = m_mainHead;
    s.gate.validatedCommit = headCommit(newest);
    s.gate.ahead = newest;
    s.gate.behind = 1;
    if (newest == 1) {
        tasks::GateReason blocking;
        blocking.kind = tasks::GateReason::Kind::BlockingFindings;
        blocking.text =
            QStringLiteral("1 blocking finding is not acknowledged: “%1”").arg(nullCheck.title);
        blocking.findingIds = {nullCheckFindingId};
        s.gate.reasons << blocking;
    }

    s.document = iteration >= 2 ? m_document2 : m_document1;
    s.sinceLastIteration = iteration >= 2 ? m_since : nullptr;
    return s;
}

} // namespace agentdesk::test
