#pragma once

#include "core/Result.h"
#include "demo/DemoScript.h"

#include <QObject>
#include <QUrl>

#include <memory>

class QTcpServer;

namespace agentdesk::demo {

// The demo's offline model provider: an HTTP/1.1 server on 127.0.0.1 that answers
// POST /v1/messages as Anthropic does (a chunked text/event-stream), from the DemoScript.
// Each answer is chosen from the request alone (DemoScript::locate), so any number of demo
// tasks can run at once, in any order; a request that is not one of the demo's gets a 400
// with an Anthropic error body. Streams go out at a human pace (`paceMs` between pieces, 0 in
// tests) so the queue's activity and the cost meter visibly move.
//
// Event-driven, never blocks: lives on the thread that creates it, which needs an event loop.
class DemoProvider : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDefaultPaceMs = 45;

    explicit DemoProvider(std::shared_ptr<const DemoScript> script, QObject *parent = nullptr);
    ~DemoProvider() override;

    void setPaceMs(int paceMs) { m_paceMs = qMax(0, paceMs); }
    int paceMs() const { return m_paceMs; }

    // Listens on 127.0.0.1 at a free port.
    VoidResult listen();
    bool isListening() const;
    // http://127.0.0.1:PORT, empty until listening.
    QUrl baseUrl() const;
    int requestCount() const { return m_requestCount; }

Q_SIGNALS:
    // A scripted answer started streaming: task key, "implementer" or "reviewer", the run
    // (0 first iteration, 1 revision) and the step.
    void answered(const QString &task, const QString &role, int run, int step);
    // A request was refused (not a demo task, wrong path, malformed JSON).
    void refused(const QString &reason);

private:
    class Connection;
    friend class Connection;

    struct Answer
    {
        int status = 200;
        QByteArray contentType;
        QList<QPair<QByteArray, QByteArray>> headers;
        QList<QPair<QByteArray, int>> pieces; // bytes, delay before them
        bool chunked = true;
    };
    Answer answer(const QByteArray &method, const QByteArray &path, const QByteArray &body);
    Answer error(int status, const QString &type, const QString &message);

    std::shared_ptr<const DemoScript> m_script;
    QTcpServer *m_server = nullptr;
    int m_paceMs = kDefaultPaceMs;
    int m_requestCount = 0;
};

} // namespace agentdesk::demo
