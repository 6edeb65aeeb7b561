#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

class QCommandLineParser;

namespace agentdesk::review {
class DiffDocument;
}

namespace agentdesk::bench {

// Peak resident set size of this process so far, in MiB (VmHWM from /proc/self/status).
double peakRssMb();

// Prints the figures as one JSON object on a line of its own: the last line of the output.
void printResult(const QJsonObject &figures);

// The p-th percentile (0-100) of the samples (sorted copy; nearest-rank).
double percentile(QList<double> samples, double p);

// The machine the figures are taken on: "nproc", "mem_total_gb" and "load_avg" (the 1, 5 and
// 15 minute load averages now), so a figure is never read without how busy the machine was.
QJsonObject machine();

// A real repository's diff to measure instead of generated input: --repo PATH --range
// FROM..TO. "FROM..TO" and "FROM...TO" mean the same here, what DiffEngine::diffCommits
// shows: TO's changes since its merge base with FROM (git diff FROM...TO).
struct RepositoryRange
{
    QString repository; // empty: no --repo given, use generated input
    QString from;
    QString to;

    bool isSet() const { return !repository.isEmpty(); }
    QString text() const { return from + QStringLiteral("..") + to; }
};

void addRepositoryOptions(QCommandLineParser &parser);
// Reads --repo and --range after parser.process(). Exits with a message (status 2) when only
// one of them is given, the range is not FROM..TO, or PATH is not a directory.
RepositoryRange repositoryRange(const QCommandLineParser &parser);

// What a diff holds, so runs on different ranges can be compared: "files", "rows", "added",
// "removed", and how many files are "binary", "too_large", "generated" (lock files, minified
// code), "renamed" and "copied", plus the "longest_line" in characters.
QJsonObject documentShape(const review::DiffDocument &document);

} // namespace agentdesk::bench
