// A stand-in for an agent CLI (claude, codex, aider, a custom command), driven by FAKECLI_*
// environment variables so tests run the real process handling against known output:
//   --version                 print a version line chosen by the name it was invoked as
//   FAKECLI_RECORD=FILE       write argv, the working directory and the environment to FILE
//   FAKECLI_SPAWN_CHILD=FILE  fork a child that sleeps forever; write its pid to FILE
//   FAKECLI_CHILD_IGNORE_TERM the child ignores SIGTERM (so only SIGKILL ends it)
//   FAKECLI_IGNORE_TERM       this process ignores SIGTERM
//   FAKECLI_REPLAY=FILE       print FILE's lines to stdout
//   FAKECLI_DELAY_MS=N        sleep N ms before each line
//   FAKECLI_SPLIT=1           write each line in two pieces with a pause between
//   FAKECLI_ABORT_AFTER=N     abort() (SIGABRT) after N lines
//   FAKECLI_BIG_LINE=N        print one line of N bytes
//   FAKECLI_STDERR=TEXT       print TEXT to stderr before ending
//   FAKECLI_HANG=1            sleep forever after the output
//   FAKECLI_EXIT=N            exit status (default 0)
//   FAKECLI_WRITE_FILE=PATH   before the output, write FAKECLI_WRITE_CONTENT (and a newline) to
//                             PATH in the working directory, as an agent editing its worktree
//   FAKECLI_STDERR_FIRST=TEXT print TEXT to stderr before the output (Codex's warnings)
//   FAKECLI_STDIN_RECORD=FILE append every line read from standard input to FILE
//   FAKECLI_ON_DENY=FILE      after a control_response that denies, go on with FILE's lines
//                             after its first control_request (the CLI's output when denied)
// Standard input is read as the real CLIs read it:
//   - Claude Code with `--input-format stream-json`: the first line (the `user` message) before
//     any output; a replayed `control_request` line then blocks until a `control_response`
//     with its request_id arrives; after a `result` line it reads until standard input closes,
//     as the real CLI waits for more messages then.
//   - Codex with the prompt argument `-`: everything until standard input closes, first. Named
//     `codex` with a prompt argument, it says "Reading additional input from stdin..." on
//     stderr and reads standard input to its end, as Codex 0.171 does.
// Plain C++ and POSIX: no Qt, no interpreter, so it starts fast on any machine.

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <unistd.h>

extern char **environ;

namespace {

bool printedResult = false; // a Claude Code `result` line went out

const char *env(const char *name)
{
    const char *value = std::getenv(name);
    return value && *value ? value : nullptr;
}

long envNumber(const char *name, long fallback)
{
    const char *value = env(name);
    return value ? std::strtol(value, nullptr, 10) : fallback;
}

void sleepMs(long ms)
{
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

[[noreturn]] void sleepForever()
{
    for (;;)
        pause();
}

std::string baseName(const char *path)
{
    const char *slash = std::strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int printVersion(const char *argv0)
{
    if (const char *version = env("FAKECLI_VERSION")) {
        std::printf("%s\n", version);
        return 0;
    }
    const std::string name = baseName(argv0);
    if (name == "claude")
        std::printf("2.1.197 (Claude Code)\n");
    else if (name == "codex")
        std::printf("codex-cli 0.46.0\n");
    else if (name == "aider")
        std::printf("aider 0.86.1\n");
    else
        std::printf("fakecli 1.0\n");
    return 0;
}

void record(const char *path, int argc, char **argv)
{
    std::ofstream out(path, std::ios::trunc);
    for (int i = 1; i < argc; ++i)
        out << "argv\t" << argv[i] << '\n';
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd))
        out << "cwd\t" << cwd << '\n';
    for (char **variable = environ; *variable; ++variable)
        out << "env\t" << *variable << '\n';
}

void spawnChild(const char *pidFile)
{
    const pid_t child = fork();
    if (child == 0) {
        if (env("FAKECLI_CHILD_IGNORE_TERM"))
            std::signal(SIGTERM, SIG_IGN);
        sleepForever();
    }
    // Written whole, then renamed, so a test never reads half a pid.
    const std::string temporary = std::string(pidFile) + ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << child << '\n';
    }
    std::rename(temporary.c_str(), pidFile);
}

// One line of standard input, recorded; false at end of input.
bool readInputLine(std::string &line)
{
    if (!std::getline(std::cin, line))
        return false;
    if (const char *path = env("FAKECLI_STDIN_RECORD")) {
        std::ofstream out(path, std::ios::app);
        out << line << '\n';
    }
    return true;
}

void readInputToEnd()
{
    std::string line;
    while (readInputLine(line)) {
    }
}

bool hasArguments(int argc, char **argv, const char *option, const char *value)
{
    for (int i = 1; i + 1 < argc; ++i) {
        if (std::strcmp(argv[i], option) == 0 && std::strcmp(argv[i + 1], value) == 0)
            return true;
    }
    return false;
}

// The value of "key":"VALUE" in a JSON line, without a JSON parser (the fake stays plain C++).
std::string jsonString(const std::string &line, const std::string &key)
{
    const std::string marker = "\"" + key + "\":\"";
    const std::size_t start = line.find(marker);
    if (start == std::string::npos)
        return {};
    const std::size_t from = start + marker.size();
    const std::size_t end = line.find('"', from);
    return end == std::string::npos ? std::string() : line.substr(from, end - from);
}

// Blocks until the control_response answering `requestId`; returns it ("" at end of input).
std::string awaitControlResponse(const std::string &requestId)
{
    std::string line;
    while (readInputLine(line)) {
        if (line.find("\"control_response\"") != std::string::npos &&
            jsonString(line, "request_id") == requestId)
            return line;
    }
    return {};
}

void writeLine(const std::string &line, bool split)
{
    if (split && line.size() > 1) {
        const std::size_t half = line.size() / 2;
        std::fwrite(line.data(), 1, half, stdout);
        std::fflush(stdout);
        sleepMs(20);
        std::fwrite(line.data() + half, 1, line.size() - half, stdout);
    } else {
        std::fwrite(line.data(), 1, line.size(), stdout);
    }
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void openReplay(std::ifstream &in, const char *path)
{
    in.open(path);
    if (!in) {
        std::fprintf(stderr, "fakecli: cannot open %s\n", path);
        std::exit(2);
    }
}

// After a denial the CLI goes on differently: continue with the lines of `path` that follow
// its first control_request.
void switchToDeniedOutput(std::ifstream &in, const char *path)
{
    in.close();
    openReplay(in, path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.find("\"type\":\"control_request\"") != std::string::npos)
            return;
    }
}

void replay(const char *path)
{
    std::ifstream in;
    openReplay(in, path);
    const long delayMs = envNumber("FAKECLI_DELAY_MS", 0);
    const long abortAfter = envNumber("FAKECLI_ABORT_AFTER", -1);
    const bool split = env("FAKECLI_SPLIT") != nullptr;
    long written = 0;
    std::string line;
    while (std::getline(in, line)) {
        if (abortAfter >= 0 && written >= abortAfter) {
            std::fprintf(stderr, "fakecli: fatal error, aborting\n");
            std::fflush(stderr);
            std::abort();
        }
        if (delayMs > 0)
            sleepMs(delayMs);
        writeLine(line, split);
        ++written;
        if (line.find("\"type\":\"result\"") != std::string::npos)
            printedResult = true;
        if (line.find("\"type\":\"control_request\"") == std::string::npos)
            continue;
        const std::string answer = awaitControlResponse(jsonString(line, "request_id"));
        if (answer.empty()) {
            std::fprintf(stderr, "fakecli: standard input closed before the answer\n");
            std::exit(3);
        }
        if (answer.find("\"behavior\":\"deny\"") != std::string::npos) {
            if (const char *denied = env("FAKECLI_ON_DENY"))
                switchToDeniedOutput(in, denied);
        }
    }
}

} // namespace

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0)
            return printVersion(argv[0]);
    }
    if (const char *path = env("FAKECLI_RECORD"))
        record(path, argc, argv);
    if (env("FAKECLI_IGNORE_TERM"))
        std::signal(SIGTERM, SIG_IGN);
    if (const char *pidFile = env("FAKECLI_SPAWN_CHILD"))
        spawnChild(pidFile);
    const bool streamJsonInput = hasArguments(argc, argv, "--input-format", "stream-json");
    std::string firstMessage;
    if (streamJsonInput && !readInputLine(firstMessage)) {
        std::fprintf(stderr, "fakecli: no user message on standard input\n");
        return 4;
    }
    if (argc > 1 && std::strcmp(argv[argc - 1], "-") == 0) {
        readInputToEnd(); // the prompt
    } else if (baseName(argv[0]) == "codex" && !isatty(STDIN_FILENO)) {
        std::fprintf(stderr, "Reading additional input from stdin...\n");
        std::fflush(stderr);
        readInputToEnd();
    }
    if (const char *text = env("FAKECLI_STDERR_FIRST")) {
        std::fprintf(stderr, "%s\n", text);
        std::fflush(stderr);
    }
    if (const char *path = env("FAKECLI_WRITE_FILE")) {
        std::ofstream file(path, std::ios::binary | std::ios::trunc);
        const char *content = env("FAKECLI_WRITE_CONTENT");
        file << (content ? content : "") << '\n';
    }
    if (const char *path = env("FAKECLI_REPLAY"))
        replay(path);
    if (const long bytes = envNumber("FAKECLI_BIG_LINE", 0); bytes > 0)
        writeLine(std::string(std::size_t(bytes), 'x'), false);
    if (const char *text = env("FAKECLI_STDERR")) {
        std::fprintf(stderr, "%s\n", text);
        std::fflush(stderr);
    }
    if (env("FAKECLI_HANG"))
        sleepForever();
    if (streamJsonInput && printedResult)
        readInputToEnd(); // waits, like the real CLI, until standard input closes
    return int(envNumber("FAKECLI_EXIT", 0));
}
