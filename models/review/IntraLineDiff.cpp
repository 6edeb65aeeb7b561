#include "review/IntraLineDiff.h"

#include <QHashFunctions>

#include <algorithm>

namespace agentdesk::review {

namespace {

struct Token
{
    int start;
    int length;
    size_t key; // the text's hash: the LCS table compares keys, and text only when they match
};

int tokenClass(QChar c)
{
    // ASCII first, without Unicode's tables: nearly every character of source code is ASCII.
    const char16_t u = c.unicode();
    if (u < 0x80) {
        if ((u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') ||
            u == u'_')
            return 1;
        // QChar::isSpace's ASCII set: tab to carriage return, and the space.
        return u == u' ' || (u >= u'\t' && u <= u'\r') ? 2 : 0;
    }
    if (c.isLetterOrNumber())
        return 1;
    if (c.isSpace())
        return 2;
    return 0;
}

std::vector<Token> tokenize(QStringView text)
{
    std::vector<Token> tokens;
    int i = 0;
    const int n = int(text.size());
    while (i < n) {
        const int cls = tokenClass(text[i]);
        int j = i + 1;
        if (cls != 0) {
            while (j < n && tokenClass(text[j]) == cls)
                ++j;
        } else if (text[i].isHighSurrogate() && j < n) {
            ++j; // keep a surrogate pair together
        }
        tokens.push_back({i, j - i, qHash(text.mid(i, j - i))});
        i = j;
    }
    return tokens;
}

void appendRange(std::vector<IntraRange> &ranges, int start, int length)
{
    if (length <= 0)
        return;
    if (!ranges.empty() && ranges.back().start + ranges.back().length == start) {
        ranges.back().length += length;
        return;
    }
    ranges.push_back({start, length});
}

// Character-level prefix/suffix trim: the fallback that is linear in the line length.
IntraLineDiff::Ranges trimOnly(QStringView a, QStringView b)
{
    const int n = int(a.size());
    const int m = int(b.size());
    int prefix = 0;
    while (prefix < n && prefix < m && a[prefix] == b[prefix])
        ++prefix;
    int suffix = 0;
    while (suffix < n - prefix && suffix < m - prefix && a[n - 1 - suffix] == b[m - 1 - suffix])
        ++suffix;
    IntraLineDiff::Ranges ranges;
    appendRange(ranges.oldRanges, prefix, n - prefix - suffix);
    appendRange(ranges.newRanges, prefix, m - prefix - suffix);
    return ranges;
}

} // namespace

IntraLineDiff::Ranges IntraLineDiff::compute(QStringView oldLine, QStringView newLine,
                                             int maxLineLength, int maxCells)
{
    if (oldLine.size() > maxLineLength || newLine.size() > maxLineLength)
        return trimOnly(oldLine, newLine);

    const std::vector<Token> a = tokenize(oldLine);
    const std::vector<Token> b = tokenize(newLine);
    auto same = [&](int i, int j) {
        const Token &x = a[size_t(i)];
        const Token &y = b[size_t(j)];
        return x.key == y.key && x.length == y.length &&
               oldLine.mid(x.start, x.length) == newLine.mid(y.start, y.length);
    };

    int lo = 0;
    const int na = int(a.size());
    const int nb = int(b.size());
    while (lo < na && lo < nb && same(lo, lo))
        ++lo;
    int hiA = na;
    int hiB = nb;
    while (hiA > lo && hiB > lo && same(hiA - 1, hiB - 1)) {
        --hiA;
        --hiB;
    }
    const int n = hiA - lo;
    const int m = hiB - lo;
    if (qint64(n + 1) * qint64(m + 1) > maxCells)
        return trimOnly(oldLine, newLine);

    // lcs[i][j]: LCS length of a[lo+i..hiA) and b[lo+j..hiB), filled from the end so the
    // walk below can go forwards.
    const int width = m + 1;
    std::vector<quint16> lcs(size_t(n + 1) * size_t(width), 0);
    for (int i = n - 1; i >= 0; --i) {
        for (int j = m - 1; j >= 0; --j) {
            lcs[size_t(i * width + j)] =
                same(lo + i, lo + j)
                    ? quint16(lcs[size_t((i + 1) * width + j + 1)] + 1)
                    : std::max(lcs[size_t((i + 1) * width + j)], lcs[size_t(i * width + j + 1)]);
        }
    }

    Ranges ranges;
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && same(lo + i, lo + j)) {
            ++i;
            ++j;
        } else if (j < m &&
                   (i == n || lcs[size_t(i * width + j + 1)] >= lcs[size_t((i + 1) * width + j)])) {
            const Token &t = b[size_t(lo + j)];
            appendRange(ranges.newRanges, t.start, t.length);
            ++j;
        } else {
            const Token &t = a[size_t(lo + i)];
            appendRange(ranges.oldRanges, t.start, t.length);
            ++i;
        }
    }
    return ranges;
}

} // namespace agentdesk::review
