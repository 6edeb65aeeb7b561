// Builds a generated diff of --files N files and --lines M changed lines into a DiffDocument,
// shows it in a DiffView and scrolls from top to bottom rendering offscreen. Prints
// build_ms, first_paint_ms, p99_frame_ms (and the median and worst), document_mb and
// peak_rss_mb as one JSON object on the last line.
//
// With --repo PATH --range FROM..TO the document is a real repository's diff instead
// (DiffEngine::diffCommits, timed as diff_ms), and the scroll also stops at every file's
// header in order; the JSON line adds the diff's shape (files, rows, added, removed, binary,
// renamed, ...) and the machine's load average.
#include "BenchUtil.h"
#include "diff/DiffView.h"
#include "git/DiffEngine.h"
#include "git/GitLibrary.h"
#include "git/Repository.h"
#include "review/DiffDocument.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QImage>
#include <QJsonObject>
#include <QScrollBar>

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace agentdesk;

namespace {

// One file of `changed` changed lines: hunks of 3 context, 5 removed, 5 added (most pairs
// edited, so intra-line ranges are computed), 3 context, with 20 hidden lines between hunks.
git::FileDelta generateFile(int index, int changed)
{
    git::FileDelta delta;
    delta.oldPath = delta.newPath =
        QStringLiteral("src/module%1/file%2.cpp").arg(index % 37).arg(index);
    delta.status = git::DeltaStatus::Modified;
    delta.oldMode = delta.newMode = 0100644;
    delta.text.reserve(qsizetype(changed) * 48);
    int oldLine = 1;
    int newLine = 1;
    int hunkNumber = 0;
    auto addLine = [&](char origin, const QByteArray &text) {
        git::DiffLine line;
        line.origin = origin;
        line.offset = int(delta.text.size());
        line.length = int(text.size());
        delta.text.append(text);
        delta.text.append('\n');
        if (origin != '+')
            line.oldLineNo = oldLine++;
        if (origin != '-')
            line.newLineNo = newLine++;
        delta.lines.push_back(line);
    };
    for (int done = 0; done < changed; ++hunkNumber) {
        const int pairs = std::min(5, std::max(1, (changed - done) / 2));
        git::DiffHunk hunk;
        hunk.oldStart = oldLine;
        hunk.newStart = newLine;
        hunk.firstLine = int(delta.lines.size());
        hunk.header = QStringLiteral("@@ -%1 +%2 @@ void function%3()")
                          .arg(oldLine)
                          .arg(newLine)
                          .arg(hunkNumber);
        const QByteArray n = QByteArray::number(hunkNumber);
        for (int c = 0; c < 3; ++c)
            addLine(' ', "    int context" + QByteArray::number(c) + " = compute(" + n + ");");
        for (int p = 0; p < pairs; ++p)
            addLine('-', "    result += process(value_" + QByteArray::number(p) +
                             ", options.limit); // " + n);
        for (int p = 0; p < pairs; ++p)
            addLine('+', "    result += process(item_" + QByteArray::number(p) +
                             ", options.maxLimit); // " + n);
        for (int c = 0; c < 3; ++c)
            addLine(' ', "    if (result > threshold) { return result; } /* " + n + " */");
        hunk.lineCount = int(delta.lines.size()) - hunk.firstLine;
        hunk.oldLines = 6 + pairs;
        hunk.newLines = 6 + pairs;
        delta.hunks.push_back(hunk);
        delta.added += pairs;
        delta.removed += pairs;
        done += 2 * pairs;
        oldLine += 20;
        newLine += 20;
    }
    return delta;
}

struct ViewFigures
{
    double firstPaintMs = 0;
    QList<double> frames;
    QList<double> frameCpu; // the GUI thread's CPU time in each frame
    int displayRows = 0;
    int expandedFiles = 0;
    // The slowest frame: what it did, so a spike can be told from the machine's load (its CPU
    // time far below its wall time) or from work (segments highlighted, a first file of a kind).
    double worstMs = 0;
    double worstCpuMs = 0;
    int worstSegments = 0;
    QString worstFile;
    int totalSegments = 0;
};

double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

// Shows the document, times its first paint, then renders one frame at each page down to the
// bottom (at most about maxFrames of them) and at every file's header, in order.
ViewFigures scrollThroughFiles(const review::DiffDocumentPtr &document, bool highlighting,
                               int maxFrames, bool expandGenerated)
{
    ViewFigures figures;
    diffview::DiffView view;
    view.resize(1600, 1000);
    view.setHighlightingEnabled(highlighting);
    view.show();
    QImage image(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    QElapsedTimer timer;
    timer.start();
    view.setDocument(document);
    view.viewport()->render(&image);
    figures.firstPaintMs = double(timer.nsecsElapsed()) / 1e6;

    if (expandGenerated) {
        for (int file = 0; file < document->fileCount(); ++file) {
            if (document->file(file).placeholder == review::Placeholder::Generated) {
                view.expandFile(file);
                ++figures.expandedFiles;
            }
        }
    }

    const QScrollBar *bar = view.verticalScrollBar();
    const qint64 maximum = bar->maximum();
    const qint64 step = std::max<qint64>(bar->pageStep(), maximum / maxFrames);
    std::vector<qint64> values;
    for (qint64 value = 0; value <= maximum; value += step)
        values.push_back(value);
    const diffview::DiffLayout &layout = view.layout();
    for (const int start : layout.fileStarts())
        values.push_back(std::min(maximum, layout.topLine(start) * view.metrics().lineHeight));
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    for (const qint64 value : values) {
        const int segmentsBefore = view.highlighter().highlightedSegments();
        const double cpuBefore = threadCpuMs();
        timer.restart();
        view.verticalScrollBar()->setValue(int(value));
        view.viewport()->render(&image);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        figures.frames << ms;
        figures.frameCpu << threadCpuMs() - cpuBefore;
        if (ms > 20 && qEnvironmentVariableIsSet("BENCH_SLOW_FRAMES"))
            std::fprintf(stderr, "slow frame %.1f ms (cpu %.1f) segments %d file %s\n", ms,
                         figures.frameCpu.back(),
                         view.highlighter().highlightedSegments() - segmentsBefore,
                         qPrintable(view.currentFile() >= 0
                                        ? document->file(view.currentFile()).displayPath()
                                        : QString()));
        if (ms > figures.worstMs) {
            figures.worstMs = ms;
            figures.worstCpuMs = figures.frameCpu.back();
            figures.worstSegments = view.highlighter().highlightedSegments() - segmentsBefore;
            const int file = view.currentFile();
            figures.worstFile = file >= 0 ? document->file(file).displayPath() : QString();
        }
    }
    figures.totalSegments = view.highlighter().highlightedSegments();
    figures.displayRows = layout.count();
    return figures;
}

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "%s\n", qPrintable(message));
    std::exit(1);
}

int benchRepository(const bench::RepositoryRange &range, bool highlighting, int maxFrames,
                    bool expandGenerated)
{
    // Taken before our own work loads the machine.
    const QJsonObject machine = bench::machine();
    git::GitLibrary library;
    Result<git::Repository> repository = git::Repository::open(range.repository);
    if (!repository)
        fail(repository.errorMessage());

    QElapsedTimer timer;
    timer.start();
    Result<git::CommitDiff> diff = git::DiffEngine::diffCommits(*repository, range.from, range.to);
    if (!diff)
        fail(diff.errorMessage());
    const double diffMs = double(timer.nsecsElapsed()) / 1e6;
    timer.restart();
    auto built = review::DiffDocument::build(diff->files);
    const double buildMs = double(timer.nsecsElapsed()) / 1e6;
    if (!built.ok())
        fail(built.errorMessage());
    const QString baseId = diff->baseId;
    const QString toId = diff->toId;
    // The view reads the document only: drop the deltas so peak RSS is what the app holds.
    std::vector<git::FileDelta>().swap(diff->files);
    const review::DiffDocumentPtr document = built.value();

    const ViewFigures view = scrollThroughFiles(document, highlighting, maxFrames, expandGenerated);

    QJsonObject figures = bench::documentShape(*document);
    figures[QStringLiteral("repo")] = range.repository;
    figures[QStringLiteral("range")] = range.text();
    figures[QStringLiteral("base")] = baseId;
    figures[QStringLiteral("to")] = toId;
    figures[QStringLiteral("highlighting")] = highlighting;
    figures[QStringLiteral("expanded_generated")] = view.expandedFiles;
    figures[QStringLiteral("display_rows")] = view.displayRows;
    figures[QStringLiteral("diff_ms")] = diffMs;
    figures[QStringLiteral("build_ms")] = buildMs;
    figures[QStringLiteral("first_paint_ms")] = view.firstPaintMs;
    figures[QStringLiteral("frames")] = int(view.frames.size());
    figures[QStringLiteral("p50_frame_ms")] = bench::percentile(view.frames, 50);
    figures[QStringLiteral("p99_frame_ms")] = bench::percentile(view.frames, 99);
    figures[QStringLiteral("max_frame_ms")] = bench::percentile(view.frames, 100);
    figures[QStringLiteral("p99_frame_cpu_ms")] = bench::percentile(view.frameCpu, 99);
    figures[QStringLiteral("max_frame_cpu_ms")] = bench::percentile(view.frameCpu, 100);
    figures[QStringLiteral("worst_frame")] =
        QJsonObject{{QStringLiteral("ms"), view.worstMs},
                    {QStringLiteral("cpu_ms"), view.worstCpuMs},
                    {QStringLiteral("segments_highlighted"), view.worstSegments},
                    {QStringLiteral("file"), view.worstFile}};
    figures[QStringLiteral("segments_highlighted")] = view.totalSegments;
    const double documentMb = double(document->memoryBytes()) / (1024.0 * 1024.0);
    figures[QStringLiteral("document_mb")] = documentMb;
    figures[QStringLiteral("document_mb_per_10k_rows")] =
        documentMb * 10000.0 / std::max(1, document->totalRows());
    figures[QStringLiteral("peak_rss_mb")] = bench::peakRssMb();
    for (auto it = machine.begin(); it != machine.end(); ++it)
        figures.insert(it.key(), it.value());
    bench::printResult(figures);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("files"), QStringLiteral("Files in the diff."),
                      QStringLiteral("n"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("lines"), QStringLiteral("Changed lines in total."),
                      QStringLiteral("n"), QStringLiteral("100000")});
    parser.addOption({QStringLiteral("frames"),
                      QStringLiteral("Most frames to render while scrolling."), QStringLiteral("n"),
                      QStringLiteral("3000")});
    parser.addOption(
        {QStringLiteral("plain"), QStringLiteral("Paint without syntax highlighting.")});
    bench::addRepositoryOptions(parser);
    parser.addOption({QStringLiteral("expand-generated"),
                      QStringLiteral("With --repo: show lock files and minified code in full "
                                     "before scrolling (they start as placeholders).")});
    parser.process(app);
    const int files = std::max(1, parser.value(QStringLiteral("files")).toInt());
    const int lines = std::max(files, parser.value(QStringLiteral("lines")).toInt());
    const int maxFrames = std::max(10, parser.value(QStringLiteral("frames")).toInt());
    const bench::RepositoryRange range = bench::repositoryRange(parser);
    if (range.isSet())
        return benchRepository(range, !parser.isSet(QStringLiteral("plain")), maxFrames,
                               parser.isSet(QStringLiteral("expand-generated")));

    std::vector<git::FileDelta> deltas;
    deltas.reserve(size_t(files));
    for (int i = 0; i < files; ++i)
        deltas.push_back(generateFile(i, lines / files + (i < lines % files ? 1 : 0)));

    QElapsedTimer timer;
    timer.start();
    auto built = review::DiffDocument::build(deltas);
    const double buildMs = double(timer.nsecsElapsed()) / 1e6;
    if (!built.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(built.errorMessage()));
        return 1;
    }
    deltas.clear();
    deltas.shrink_to_fit();
    const review::DiffDocumentPtr document = built.value();

    diffview::DiffView view;
    view.resize(1600, 1000);
    view.setHighlightingEnabled(!parser.isSet(QStringLiteral("plain")));
    view.show();
    QImage image(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    timer.restart();
    view.setDocument(document);
    view.viewport()->render(&image);
    const double firstPaintMs = double(timer.nsecsElapsed()) / 1e6;

    QScrollBar *bar = view.verticalScrollBar();
    const int step = std::max(bar->pageStep(), bar->maximum() / maxFrames);
    QList<double> frames;
    for (int value = 0; value <= bar->maximum(); value += step) {
        timer.restart();
        bar->setValue(value);
        view.viewport()->render(&image);
        frames << double(timer.nsecsElapsed()) / 1e6;
    }

    QJsonObject figures;
    figures[QStringLiteral("files")] = files;
    figures[QStringLiteral("highlighting")] = !parser.isSet(QStringLiteral("plain"));
    figures[QStringLiteral("changed_lines")] = lines;
    figures[QStringLiteral("rows")] = document->totalRows();
    figures[QStringLiteral("display_rows")] = view.layout().count();
    figures[QStringLiteral("build_ms")] = buildMs;
    figures[QStringLiteral("first_paint_ms")] = firstPaintMs;
    figures[QStringLiteral("frames")] = int(frames.size());
    figures[QStringLiteral("p50_frame_ms")] = bench::percentile(frames, 50);
    figures[QStringLiteral("p99_frame_ms")] = bench::percentile(frames, 99);
    figures[QStringLiteral("max_frame_ms")] = bench::percentile(frames, 100);
    const double documentMb = double(document->memoryBytes()) / (1024.0 * 1024.0);
    figures[QStringLiteral("document_mb")] = documentMb;
    figures[QStringLiteral("document_mb_per_10k_rows")] =
        documentMb * 10000.0 / std::max(1, document->totalRows());
    figures[QStringLiteral("peak_rss_mb")] = bench::peakRssMb();
    bench::printResult(figures);
    return 0;
}
