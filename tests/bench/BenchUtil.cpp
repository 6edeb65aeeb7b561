#include "BenchUtil.h"

#include <QFile>
#include <QJsonDocument>
#include <QList>
#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace agentdesk::bench {

double peakRssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmHWM:")) {
            const QByteArray kb = line.mid(6).trimmed().split(' ').value(0);
            return kb.toDouble() / 1024.0;
        }
    }
    return -1;
}

void printResult(const QJsonObject &figures)
{
    std::fflush(stdout);
    QTextStream out(stdout);
    out << QJsonDocument(figures).toJson(QJsonDocument::Compact) << '\n';
    out.flush();
}

double percentile(QList<double> samples, double p)
{
    if (samples.isEmpty())
        return 0;
    std::sort(samples.begin(), samples.end());
    const auto rank = qsizetype(std::ceil(p / 100.0 * double(samples.size())));
    return samples.at(std::clamp<qsizetype>(rank - 1, 0, samples.size() - 1));
}

} // namespace agentdesk::bench
