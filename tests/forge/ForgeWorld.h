#pragma once

#include "FakeForgeServer.h"
#include "GitHttpServer.h"
#include "TempRepository.h"

#include "core/Result.h"
#include "store/StoreWriter.h"

#include <QString>

namespace agentdesk::test {

// The user's checkout, and its remote "origin" served over real HTTP with basic
// authentication (alice / s3cret) by git http-backend: main is already there.
class ForgeWorld
{
public:
    static inline const QString user = QStringLiteral("alice");
    static inline const QString password = QStringLiteral("s3cret");

    // `withHelper`: the checkout's own git config has a credential helper answering alice's
    // credentials, as a user's keychain helper would.
    explicit ForgeWorld(bool withHelper = true, const QByteArray &preReceiveHook = {});

    bool isValid() const { return m_valid; }
    // git's own CGI program is missing (a git built without it): the remote cannot be served.
    bool backendMissing() const { return !m_server.isValid(); }
    QString error() const { return m_error; }
    TempRepository &repo() { return m_repo; }
    GitHttpServer &server() { return m_server; }
    QString barePath() const { return m_bare; }
    QString mainCommit() const { return m_main; }

    // agentdesk.forge / forgeApiUrl / forgeRepository for `forge`, in the checkout's config.
    bool configureForge(const QString &kind, const QString &apiUrl,
                        const QString &repository = QStringLiteral("acme/widgets"));
    // A commit on `branch` (created from main when new) changing `file`; returns its id.
    QString commitOnBranch(const QString &branch, const QString &file, const QByteArray &content);
    // The branch's commit in the served repository; empty when it is not there.
    QString remoteSha(const QString &branch) const;
    // A pre-push hook appending its environment to `dumpPath`: what git's children see.
    bool installEnvironmentDump(const QString &dumpPath);

private:
    TempRepository m_repo;
    GitHttpServer m_server;
    QString m_bare;
    QString m_main;
    bool m_valid = false;
    QString m_error;
};

#define SKIP_WITHOUT_BACKEND(world)                                                                \
    do {                                                                                           \
        if ((world).backendMissing())                                                              \
            QSKIP("git http-backend is not installed (it ships with git as "                       \
                  "git-core/git-http-backend)");                                                   \
    } while (false)

// A report with the three sections the runner writes.
QString sampleReport(const QString &title, const QString &head, int iteration);

struct StoredTask
{
    tasks::TaskId id = 0;
    QString branch;
};

// A task waiting for review in a real store: Queued → … → ReadyForReview through the
// writer's compare-and-set, one iteration with `head` and a report, two findings, the
// ledger. The task's branch name is the store's; `makeBranch` creates it in git and returns
// the head commit.
Result<StoredTask> createReadyTask(store::StoreWriter &writer, const QString &repositoryPath,
                                   const QString &title, const QString &baseCommit,
                                   const std::function<QString(const QString &branch)> &makeBranch);

// A revision: ReadyForReview → Revising → … → ReadyForReview with iteration `number` at `head`.
VoidResult addRevision(store::StoreWriter &writer, tasks::TaskId id, int number,
                       const QString &baseCommit, const QString &head, const QString &report);

} // namespace agentdesk::test
