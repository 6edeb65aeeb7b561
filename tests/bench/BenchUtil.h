#pragma once

#include <QJsonObject>

namespace agentdesk::bench {

// Peak resident set size of this process so far, in MiB (VmHWM from /proc/self/status).
double peakRssMb();

// Prints the figures as one JSON object on a line of its own: the last line of the output.
void printResult(const QJsonObject &figures);

// The p-th percentile (0-100) of the samples (sorted copy; nearest-rank).
double percentile(QList<double> samples, double p);

} // namespace agentdesk::bench
