#include "TempRepository.h"

#include "forge/ForgeConfig.h"
#include "forge/ForgeDetector.h"
#include "forge/ForgeTokens.h"

#include <QSignalSpy>
#include <QTest>

using namespace agentdesk;
using namespace agentdesk::forge;
using agentdesk::test::TempRepository;

class TestForgeConfig : public QObject
{
    Q_OBJECT

private:
    static ForgeDetection detect(const QString &repository)
    {
        ForgeDetector detector;
        std::optional<ForgeDetection> result;
        detector.detect(repository, [&](const ForgeDetection &d) { result = d; });
        if (!QTest::qWaitFor([&] { return result.has_value(); }, 20000))
            return ForgeDetection();
        return *result;
    }

private Q_SLOTS:
    void remoteUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("scheme");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("local");
        QTest::newRow("https") << "https://github.com/acme/widgets.git"
                               << "https"
                               << "github.com" << -1 << "acme/widgets" << false;
        QTest::newRow("https no suffix, slash")
            << "https://GitLab.com/group/sub/project/"
            << "https"
            << "gitlab.com" << -1 << "group/sub/project" << false;
        QTest::newRow("https user and port") << "https://bob:pw@git.example.com:8443/a/b.git"
                                             << "https"
                                             << "git.example.com" << 8443 << "a/b" << false;
        QTest::newRow("scp-like") << "git@github.com:acme/widgets.git"
                                  << "ssh"
                                  << "github.com" << -1 << "acme/widgets" << false;
        QTest::newRow("scp-like without user") << "gitea.example.org:team/app"
                                               << "ssh"
                                               << "gitea.example.org" << -1 << "team/app" << false;
        QTest::newRow("ssh url with port") << "ssh://git@ssh.github.com:443/acme/widgets.git"
                                           << "ssh"
                                           << "ssh.github.com" << 443 << "acme/widgets" << false;
        QTest::newRow("git+ssh") << "git+ssh://git@gitlab.com/g/p.git"
                                 << "ssh"
                                 << "gitlab.com" << -1 << "g/p" << false;
        QTest::newRow("absolute path") << "/srv/git/widgets.git"
                                       << ""
                                       << "" << -1 << "/srv/git/widgets.git" << true;
        QTest::newRow("relative path with colon later") << "./x:y"
                                                        << ""
                                                        << "" << -1 << "./x:y" << true;
        QTest::newRow("file url") << "file:///srv/git/w.git"
                                  << "file"
                                  << "" << -1 << "/srv/git/w.git" << true;
    }

    void remoteUrls()
    {
        QFETCH(QString, url);
        const std::optional<RemoteLocation> location = parseRemoteUrl(url);
        QVERIFY(location);
        QTEST(location->isLocal, "local");
        QTEST(location->path, "path");
        if (!location->isLocal) {
            QTEST(location->scheme, "scheme");
            QTEST(location->host, "host");
            QTEST(location->port, "port");
        }
    }

    void userInfoNeverSurvives()
    {
        QCOMPARE(
            withoutUserInfo(QStringLiteral("https://x-access-token:ghp_secret@github.com/a/b")),
            QStringLiteral("https://github.com/a/b"));
        QCOMPARE(scrubUserInfo(QStringLiteral("fatal: unable to access "
                                              "'https://bob:tok@host/a.git/': 403")),
                 QStringLiteral("fatal: unable to access 'https://host/a.git/': 403"));
        QCOMPARE(withoutUserInfo(QStringLiteral("git@github.com:a/b.git")),
                 QStringLiteral("git@github.com:a/b.git"));
    }

    void detection_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("api");
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("repository");
        QTest::newRow("github https") << "https://github.com/acme/widgets.git"
                                      << "github"
                                      << "https://api.github.com"
                                      << "github.com"
                                      << "acme/widgets";
        QTest::newRow("github ssh") << "git@github.com:acme/widgets.git"
                                    << "github"
                                    << "https://api.github.com"
                                    << "github.com"
                                    << "acme/widgets";
        QTest::newRow("github ssh over 443") << "ssh://git@ssh.github.com:443/acme/widgets.git"
                                             << "github"
                                             << "https://api.github.com"
                                             << "github.com"
                                             << "acme/widgets";
        QTest::newRow("ghe.com") << "https://acme.ghe.com/team/app"
                                 << "github"
                                 << "https://api.acme.ghe.com"
                                 << "acme.ghe.com"
                                 << "team/app";
        QTest::newRow("enterprise server") << "git@github.acme.internal:team/app.git"
                                           << "github"
                                           << "https://github.acme.internal/api/v3"
                                           << "github.acme.internal"
                                           << "team/app";
        QTest::newRow("gitlab nested groups") << "git@gitlab.com:group/sub/project.git"
                                              << "gitlab"
                                              << "https://gitlab.com/api/v4"
                                              << "gitlab.com"
                                              << "group/sub/project";
        QTest::newRow("self-hosted gitlab with port") << "https://gitlab.acme.io:8443/team/app.git"
                                                      << "gitlab"
                                                      << "https://gitlab.acme.io:8443/api/v4"
                                                      << "gitlab.acme.io"
                                                      << "team/app";
        QTest::newRow("codeberg") << "https://codeberg.org/forgejo/forgejo"
                                  << "gitea"
                                  << "https://codeberg.org/api/v1"
                                  << "codeberg.org"
                                  << "forgejo/forgejo";
        QTest::newRow("gitea under a prefix") << "https://gitea.acme.io/git/team/app.git"
                                              << "gitea"
                                              << "https://gitea.acme.io/git/api/v1"
                                              << "gitea.acme.io"
                                              << "team/app";
    }

    void detection()
    {
        QFETCH(QString, url);
        const Result<ForgeTarget> target = resolveForgeTarget(ForgeConfig(), url);
        QVERIFY2(target, qPrintable(target.errorMessage()));
        QTEST(forgeKindId(target->kind), "kind");
        QTEST(target->apiUrl.toString(), "api");
        QTEST(target->host, "host");
        QTEST(target->repository, "repository");
        QVERIFY(target->kindDetected && target->apiUrlDetected && target->repositoryDetected);
    }

    void unknownHostsAndInsecureUrlsAreRefused()
    {
        const Result<ForgeTarget> unknown =
            resolveForgeTarget(ForgeConfig(), QStringLiteral("git@git.acme.io:team/app.git"));
        QCOMPARE(unknown.errorCode(), QStringLiteral("forge-unknown"));
        QVERIFY(unknown.errorMessage().contains(QLatin1String("agentdesk.forge")));

        ForgeConfig config;
        config.forge = QStringLiteral("gitlab");
        config.apiUrl = QStringLiteral("http://gitlab.acme.io/api/v4");
        const Result<ForgeTarget> insecure =
            resolveForgeTarget(config, QStringLiteral("git@gitlab.acme.io:team/app.git"));
        QCOMPARE(insecure.errorCode(), QStringLiteral("forge-insecure-api-url"));
        // A plain http remote on a network host would put the token in clear text too.
        const Result<ForgeTarget> httpRemote =
            resolveForgeTarget(ForgeConfig(), QStringLiteral("http://gitlab.acme.io/team/app.git"));
        QCOMPARE(httpRemote.errorCode(), QStringLiteral("forge-insecure-api-url"));

        config.apiUrl = QStringLiteral("http://127.0.0.1:8080/api/v4");
        const Result<ForgeTarget> loopback =
            resolveForgeTarget(config, QStringLiteral("git@gitlab.acme.io:team/app.git"));
        QVERIFY2(loopback, qPrintable(loopback.errorMessage()));
        QVERIFY(!loopback->apiUrlDetected);

        config.forge = QStringLiteral("bitbucket");
        QCOMPARE(resolveForgeTarget(config, QStringLiteral("git@x.io:a/b")).errorCode(),
                 QStringLiteral("forge-bad-config"));
        const Result<ForgeTarget> local =
            resolveForgeTarget(ForgeConfig(), QStringLiteral("/srv/git/widgets.git"));
        QCOMPARE(local.errorCode(), QStringLiteral("forge-local-remote"));
    }

    void configOutputIsParsed()
    {
        QByteArray out;
        for (const char *entry :
             {"agentdesk.remote\nupstream", "agentdesk.forge\nGitLab",
              "agentdesk.forgeapiurl\nhttps://git.acme.io/api/v4",
              "agentdesk.forgerepository\nteam/app", "agentdesk.requireforgechecks\nmaybe"}) {
            out.append(entry);
            out.append('\0');
        }
        const ForgeConfig config = parseForgeConfig(out);
        QCOMPARE(config.remote, QStringLiteral("upstream"));
        QCOMPARE(config.forge, QStringLiteral("GitLab"));
        QCOMPARE(config.apiUrl, QStringLiteral("https://git.acme.io/api/v4"));
        QCOMPARE(config.repository, QStringLiteral("team/app"));
        QVERIFY(!config.requireChecks);
        QCOMPARE(config.invalid, QStringList{configkeys::requireForgeChecks});
    }

    // The real git: insteadOf rewrites apply, repository config overrides the URL, and the
    // editor writes what the detector then reads.
    void detectorReadsTheRepositorysGitConfig()
    {
        TempRepository repo;
        QVERIFY(repo.isValid());
        QVERIFY(repo.git({QStringLiteral("remote"), QStringLiteral("add"), QStringLiteral("origin"),
                          QStringLiteral("gh:acme/widgets")})
                    .ok());
        ForgeDetection d = detect(repo.path());
        QCOMPARE(d.target.errorCode(), QStringLiteral("forge-unknown"));

        // An alias the user's config expands: "gh:" → git@github.com:
        QVERIFY(repo.git({QStringLiteral("config"), QStringLiteral("url.git@github.com:.insteadOf"),
                          QStringLiteral("gh:")})
                    .ok());
        d = detect(repo.path());
        QVERIFY2(d.target, qPrintable(d.target.errorMessage()));
        QCOMPARE(d.remoteUrl, QStringLiteral("git@github.com:acme/widgets"));
        QCOMPARE(d.target->kind, ForgeKind::GitHub);
        QCOMPARE(d.target->repository, QStringLiteral("acme/widgets"));

        ForgeConfigEditor editor;
        std::optional<VoidResult> written;
        const auto write = [&](const QString &key, const QString &value) {
            written.reset();
            editor.write(repo.path(), key, value, [&](VoidResult r) { written = r; });
            return QTest::qWaitFor([&] { return written.has_value(); }, 20000) && written->ok();
        };
        QVERIFY(write(configkeys::forgeApiUrl, QStringLiteral("http://127.0.0.1:9/api/v3")));
        QVERIFY(write(configkeys::forgeRepository, QStringLiteral("mirror/widgets")));
        QVERIFY(write(configkeys::requireForgeChecks, QStringLiteral("true")));
        QVERIFY(!write(configkeys::forge, QStringLiteral("bitbucket")));
        QCOMPARE(written->errorCode(), QStringLiteral("forge-bad-config"));
        QVERIFY(!write(configkeys::forgeApiUrl, QStringLiteral("http://example.com/api")));
        QCOMPARE(written->errorCode(), QStringLiteral("forge-insecure-api-url"));
        d = detect(repo.path());
        QVERIFY2(d.target, qPrintable(d.target.errorMessage()));
        QCOMPARE(d.target->apiUrl.toString(), QStringLiteral("http://127.0.0.1:9/api/v3"));
        QCOMPARE(d.target->repository, QStringLiteral("mirror/widgets"));
        QVERIFY(!d.target->repositoryDetected);
        QVERIFY(d.config.requireChecks);
        // Clearing a key removes it, and clearing one that is not there is fine.
        QVERIFY(write(configkeys::forgeRepository, QString()));
        QVERIFY(write(configkeys::forgeRepository, QString()));
        QCOMPARE(detect(repo.path()).target->repository, QStringLiteral("acme/widgets"));

        QVERIFY(write(configkeys::remote, QStringLiteral("upstream")));
        d = detect(repo.path());
        QCOMPARE(d.target.errorCode(), QStringLiteral("forge-no-remote"));
        QVERIFY(d.target.errorMessage().contains(QLatin1String("upstream")));
    }

    void tokenVariablesFollowGh()
    {
        QCOMPARE(tokenVariables(ForgeKind::GitHub, QStringLiteral("github.com")),
                 (QStringList{QStringLiteral("GH_TOKEN"), QStringLiteral("GITHUB_TOKEN")}));
        // A github.com token is never sent to an Enterprise server.
        QCOMPARE(tokenVariables(ForgeKind::GitHub, QStringLiteral("github.acme.internal")),
                 (QStringList{QStringLiteral("GH_ENTERPRISE_TOKEN"),
                              QStringLiteral("GITHUB_ENTERPRISE_TOKEN")}));
        QCOMPARE(tokenVariables(ForgeKind::GitLab, QStringLiteral("gitlab.acme.io")),
                 QStringList{QStringLiteral("GITLAB_TOKEN")});
        QCOMPARE(tokenVariables(ForgeKind::Gitea, QStringLiteral("codeberg.org")).first(),
                 QStringLiteral("GITEA_TOKEN"));
    }

    void tokensComeFromTheStoreThenTheEnvironmentThenTheCli()
    {
        ForgeTarget target;
        target.kind = ForgeKind::GitHub;
        target.host = QStringLiteral("github.com");
        auto cache = std::make_shared<ForgeTokenCache>();
        TokenLookup lookup;
        lookup.cache = cache;
        lookup.environment = QProcessEnvironment();
        lookup.environment.insert(QStringLiteral("GITHUB_TOKEN"), QStringLiteral("from-env"));
        QTemporaryDir dir;
        const QString gh = dir.filePath(QStringLiteral("gh"));
        QFile script(gh);
        QVERIFY(script.open(QIODevice::WriteOnly));
        // Prints a token only when asked exactly as gh is asked.
        script.write("#!/bin/sh\n[ \"$1 $2 $3 $4\" = \"auth token --hostname github.com\" ] && "
                     "echo from-gh-cli\n");
        script.close();
        QVERIFY(script.setPermissions(QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        lookup.ghProgram = gh;

        const auto resolve = [&](const TokenLookup &l) {
            TokenResolver resolver(l);
            std::optional<Result<ForgeToken>> token;
            resolver.resolve(target, [&](Result<ForgeToken> t) { token = t; });
            return QTest::qWaitFor([&] { return token.has_value(); }, 20000)
                       ? *token
                       : Result<ForgeToken>(makeError(QStringLiteral("timeout"), QString()));
        };
        cache->set(QStringLiteral("GitHub.com"), QStringLiteral("from-store"));
        Result<ForgeToken> token = resolve(lookup);
        QCOMPARE(token->value, QStringLiteral("from-store"));
        QCOMPARE(token->source, TokenSource::SecretStore);
        cache->remove(QStringLiteral("github.com"));
        token = resolve(lookup);
        QCOMPARE(token->value, QStringLiteral("from-env"));
        QCOMPARE(token->origin, QStringLiteral("GITHUB_TOKEN"));
        lookup.environment = QProcessEnvironment();
        token = resolve(lookup);
        QVERIFY2(token, qPrintable(token.errorMessage()));
        QCOMPARE(token->value, QStringLiteral("from-gh-cli"));
        QCOMPARE(token->source, TokenSource::Cli);
        lookup.ghProgram = dir.filePath(QStringLiteral("no-such-gh"));
        token = resolve(lookup);
        QCOMPARE(token.errorCode(), QStringLiteral("forge-no-token"));
        QVERIFY(token.errorMessage().contains(QLatin1String("GH_TOKEN or GITHUB_TOKEN")));
    }
};

QTEST_GUILESS_MAIN(TestForgeConfig)
#include "tst_forgeconfig.moc"
