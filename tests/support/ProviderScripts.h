#pragma once

#include "FakeProviderServer.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace agentdesk::test {

// Byte-exact frames and whole turns in the two wire formats, for FakeProviderServer scripts.
namespace anthropic {

QByteArray frame(const QByteArray &event, const QJsonObject &data);
QByteArray messageStart(const QString &model, qint64 inputTokens, qint64 cacheRead = 0,
                        qint64 cacheWrite = 0);
QByteArray textBlockStart(int index);
QByteArray textDelta(int index, const QString &text);
QByteArray toolUseStart(int index, const QString &id, const QString &name);
QByteArray inputJsonDelta(int index, const QString &partialJson);
QByteArray blockStop(int index);
QByteArray messageDelta(const QString &stopReason, const QJsonObject &usage);
QByteArray messageStop();
QByteArray ping();
QByteArray error(const QString &type, const QString &message);

// A complete text turn: the text in the given pieces, then end_turn with the usage.
ScriptedResponse textTurn(const QStringList &pieces, qint64 inputTokens, qint64 outputTokens,
                          const QString &stopReason = QStringLiteral("end_turn"));
// A tool-use turn: optional lead text, then one tool call whose JSON arguments arrive in
// `argumentFragments` (concatenated they must be the arguments).
ScriptedResponse toolTurn(const QString &leadText, const QString &id, const QString &name,
                          const QStringList &argumentFragments, qint64 inputTokens,
                          qint64 outputTokens);
// An HTTP error in Anthropic's shape, with a request-id header.
ScriptedResponse httpError(int status, const QString &type, const QString &message,
                           const QByteArray &requestId = "req_err");

} // namespace anthropic

namespace openai {

QByteArray frame(const QJsonObject &chunk);
QByteArray done();
QJsonObject chunk(const QJsonObject &delta, const QString &finishReason = QString());
QJsonObject usageChunk(qint64 promptTokens, qint64 completionTokens, qint64 cachedTokens = 0);
QJsonObject toolCallDelta(int index, const QString &id, const QString &name,
                          const QString &arguments);

ScriptedResponse textTurn(const QStringList &pieces, qint64 promptTokens, qint64 completionTokens);
ScriptedResponse toolTurn(const QString &id, const QString &name,
                          const QStringList &argumentFragments, qint64 promptTokens,
                          qint64 completionTokens);
ScriptedResponse httpError(int status, const QString &type, const QString &code,
                           const QString &message, const QByteArray &requestId = "req_err");

} // namespace openai

} // namespace agentdesk::test
