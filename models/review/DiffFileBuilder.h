#pragma once

#include "git/DiffTypes.h"
#include "review/DiffFile.h"

namespace agentdesk::review {

struct DiffBuildOptions
{
    int foldKeepContext = 3;        // context lines kept visible around a change
    int foldMinimumHidden = 4;      // shorter context runs are not worth a fold
    int intraMaxLineLength = 4000;  // longer modified lines get prefix/suffix ranges only
    bool detectGenerated = true;    // lock files and minified code start as placeholders
    int generatedLineLength = 2000; // a line this long marks a file as minified
};

// Turns one git::FileDelta into a DiffFile: decodes each line once (UTF-8, Latin-1 for
// invalid bytes), pairs removed and added runs into rows, computes intra-line ranges, inserts
// gap rows between hunks, folds long context runs and builds the line indexes.
class DiffFileBuilder
{
public:
    static DiffFile build(const git::FileDelta &delta, const DiffBuildOptions &options);

    // Lock files, minified bundles, source maps: by name, then by line length.
    static bool looksGenerated(const git::FileDelta &delta, int longLine);

    // Appends `bytes` decoded to `out`: UTF-8 when valid, otherwise Latin-1 (every byte maps
    // to a character, so nothing is lost or replaced). Returns false when Latin-1 was used.
    static bool appendDecoded(QString &out, QByteArrayView bytes);

private:
    explicit DiffFileBuilder(const git::FileDelta &delta, const DiffBuildOptions &options);
    void buildHunk(int hunkIndex);
    void addGap(int oldFirst, int newFirst, int count);
    void addPairs(int removedFirst, int removedCount, int addedFirst, int addedCount, int hunk);
    TextRef decodeLine(const git::DiffLine &line, quint8 &flags, bool newSide);
    void foldContextRuns();
    void buildIndexes();

    const git::FileDelta &m_delta;
    const DiffBuildOptions &m_options;
    DiffFile m_file;
    std::vector<TextRef> m_lineText; // decoded text per FileDelta line
    std::vector<quint8> m_lineFlags;
};

} // namespace agentdesk::review
