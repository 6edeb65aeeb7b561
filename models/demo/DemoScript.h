#pragma once

#include "core/Money.h"
#include "core/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>

namespace agentdesk::demo {

// One scripted model call: a sentence streamed as text, then one tool call, with the usage
// the call reports.
struct DemoTurn
{
    QString text;
    QString tool;
    QJsonObject input;
    qint64 inputTokens = 0;
    qint64 outputTokens = 0;
};

// One iteration of a task: the implementer's calls in order, then the reviewer's answer.
struct DemoRun
{
    QList<DemoTurn> implementer;
    DemoTurn reviewer;
};

struct DemoTask
{
    QString key;
    QString title; // starts with kDemoTitlePrefix
    QString prompt;
    QString revisionRequest; // empty when the demo does not revise the task
    bool flagged = false;    // its first review raises a blocking finding
    QList<DemoRun> runs;     // [0] the first iteration, [1] (when present) every revision
};

// A file of the sample repository.
struct DemoFile
{
    QString path;
    QByteArray content;
};

enum class DemoRole
{
    Implementer,
    Reviewer,
};

// Where a Messages request stands in the script.
struct DemoCall
{
    int task = 0;
    DemoRole role = DemoRole::Implementer;
    int run = 0;  // index into DemoTask::runs
    int step = 0; // tool results so far in the conversation
};

// The demo's content: the sample repository, the two tasks and every scripted answer, read
// from resources/demo (embedded as :/agentdesk/demo/). Plain data, shared read-only between
// threads once loaded.
struct DemoScript
{
    QString implementerModel;
    QString reviewerModel;
    Money budget;
    QString validationCommand;
    QList<DemoFile> sampleProject;
    QList<DemoTask> tasks;

    // The embedded script. A string value "@file:PATH" anywhere in a tool input is replaced
    // by the embedded file's text.
    static Result<DemoScript> loadBundled();
    // `readFile` resolves the "source" and "@file:" paths.
    static Result<DemoScript>
    parse(const QByteArray &json,
          const std::function<Result<QByteArray>(const QString &)> &readFile);

    // Which call a Messages request is, from the request alone (the demo's tasks run
    // concurrently, so requests arrive in no fixed order): the reviewer's requests offer
    // submit_review; the task is the one whose title the first user message names; a
    // revision's first message carries its request; the step is the number of tool results
    // sent back so far. An error when the request is not one of the demo's.
    Result<DemoCall> locate(const QJsonObject &request) const;
    // The answer to a call; past the end of a script, its last turn (which ends the agent).
    const DemoTurn &turn(const DemoCall &call) const;
    // The run an iteration (1-based) follows.
    const DemoRun &run(int task, int iteration) const;
};

} // namespace agentdesk::demo
