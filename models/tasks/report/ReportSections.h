#pragma once

#include "TaskReport.h"

#include <QList>
#include <QString>

// The report's three sections as Markdown, each starting with its level-2 heading.

namespace agentdesk::tasks::report {

// Files listed in the "What changed" table; the rest are counted in a line below it.
constexpr int kMaxFileRows = 200;
// Test names listed per group ("newly failing", ...); the rest are counted ("and 4 more").
constexpr int kMaxTestNames = 10;
// Decisions listed per source (implementer, reviewer, detected); the rest are counted.
constexpr int kMaxDecisionsPerSource = 50;
// Blocking findings listed under the reviewer's verdict.
constexpr int kMaxBlockingFindings = 10;
// A summary or closing message longer than this is cut at a line boundary.
constexpr int kMaxSummaryCharacters = 8000;

QString whatChangedSection(const ReportInput &input);
QString testsSection(const ReportInput &input);
// `decisions` as buildReport() collects them: implementer, reviewer, detected.
QString decisionsSection(const ReportInput &input, const QList<ReportDecision> &decisions);

// "`file:12`", "`file`" or "`file:3` (base side)"; empty when the decision names no file.
QString decisionLocation(const ReportDecision &decision);

} // namespace agentdesk::tasks::report
