#pragma once

#include "demo/DemoScript.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace agentdesk::demo {

// A turn as an Anthropic Messages event stream (PROTOCOLS.md: message_start with the input
// usage, a text block streamed a few words at a time, a tool_use block whose input arrives
// as input_json_delta fragments, message_delta with the stop reason and the output usage,
// message_stop), cut into pieces that go out `delayMs` apart. Pure: no sockets, no timers.
class DemoStream
{
public:
    struct Piece
    {
        QByteArray bytes;
        int delayMs = 0;
    };

    struct Ids
    {
        QString messageId;
        QString toolUseId;
    };

    // `paceMs` is the mean gap between pieces (0: everything at once); the first piece waits
    // longer, as a model's first token does.
    static QList<Piece> turn(const DemoTurn &turn, const QString &model, const Ids &ids,
                             int paceMs);

    // An Anthropic error body ({"type":"error","error":{...}}).
    static QByteArray errorBody(const QString &type, const QString &message);
};

} // namespace agentdesk::demo
