#include "FakeProviderServer.h"
#include "itemmodels/queue/SettingsKeys.h"
#include "llm/ApiKeyStore.h"
#include "watch/ProvidersPage.h"
#include "watch/SettingsDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace agentdesk;
using itemmodels::ConnectionTestResult;
using watchui::ProvidersPage;
using watchui::SettingsDialog;

namespace {

template<typename T>
T *child(QObject *parent, const char *name)
{
    T *found = parent->findChild<T *>(QString::fromLatin1(name));
    if (!found)
        qFatal("no child %s", name);
    return found;
}

llm::ApiKeyStore *environmentKeys(QObject *parent, const QProcessEnvironment &environment)
{
    auto *keys = new llm::ApiKeyStore(environment, parent);
    keys->setUseSecretStore(false);
    return keys;
}

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    int m_files = 0;

    QString freshFile() { return m_dir.filePath(QStringLiteral("s%1.ini").arg(++m_files)); }

private Q_SLOTS:
    void emptyFileShowsAndSavesTheDefaults()
    {
        const QString file = freshFile();
        QSettings settings(file, QSettings::IniFormat);
        llm::ApiKeyStore *keys = environmentKeys(this, QProcessEnvironment());
        SettingsDialog dialog(&settings, keys, nullptr, nullptr, QProcessEnvironment());
        QCOMPARE(child<QSpinBox>(&dialog, "concurrencySpin")->value(), 2);
        QCOMPARE(child<QLineEdit>(&dialog, "dailyBudgetEdit")->text(), QStringLiteral("20.00"));
        QCOMPARE(child<QSpinBox>(&dialog, "validationTimeoutSpin")->value(), 20);
        QVERIFY(child<QCheckBox>(&dialog, "sandboxCheck")->isChecked());
        QCOMPARE(child<QComboBox>(&dialog, "mergeStrategyCombo")->currentData().toString(),
                 QStringLiteral("squash"));
        QCOMPARE(child<QComboBox>(&dialog, "highImplementerCombo")->currentText(),
                 QStringLiteral("anthropic:claude-opus-4-5"));
        QCOMPARE(child<QLineEdit>(&dialog, "lowBudgetEdit")->text(), QStringLiteral("1.00"));
        QVERIFY(child<QCheckBox>(&dialog, "notificationsCheck")->isChecked());
        QVERIFY(dialog.validationErrors().isEmpty());

        QVERIFY(dialog.save());
        const QSettings read(file, QSettings::IniFormat);
        QCOMPARE(read.value(QStringLiteral("engine/concurrency")).toInt(), 2);
        QCOMPARE(read.value(QStringLiteral("engine/dailyBudgetUsd")).toString(),
                 QStringLiteral("20.00"));
        QCOMPARE(read.value(QStringLiteral("engine/validationTimeoutSeconds")).toInt(), 1200);
        QCOMPARE(read.value(QStringLiteral("engine/sandbox")).toBool(), true);
        QCOMPARE(read.value(QStringLiteral("engine/mergeStrategy")).toString(),
                 QStringLiteral("squash"));
        QCOMPARE(read.value(QStringLiteral("engine/worktreeRoot")).toString(), QString());
        QCOMPARE(read.value(QStringLiteral("risk/low/implementer")).toString(),
                 QStringLiteral("anthropic:claude-sonnet-4-5"));
        QCOMPARE(read.value(QStringLiteral("risk/low/reviewer")).toString(),
                 QStringLiteral("anthropic:claude-haiku-4-5"));
        QCOMPARE(read.value(QStringLiteral("risk/low/budgetUsd")).toString(),
                 QStringLiteral("1.00"));
        QCOMPARE(read.value(QStringLiteral("risk/medium/budgetUsd")).toString(),
                 QStringLiteral("3.00"));
        QCOMPARE(read.value(QStringLiteral("risk/high/reviewer")).toString(),
                 QStringLiteral("anthropic:claude-sonnet-4-5"));
        QCOMPARE(read.value(QStringLiteral("risk/high/budgetUsd")).toString(),
                 QStringLiteral("10.00"));
        QCOMPARE(read.value(QStringLiteral("notifications/enabled")).toBool(), true);
    }

    void roundTripThroughAnIniFile()
    {
        const QString file = freshFile();
        {
            QSettings settings(file, QSettings::IniFormat);
            settings.setValue(settingkeys::concurrency(), 5);
            settings.setValue(settingkeys::dailyBudgetUsd(), QStringLiteral("7.5"));
            settings.setValue(settingkeys::validationTimeoutSeconds(), 90);
            settings.setValue(settingkeys::sandbox(), false);
            settings.setValue(settingkeys::mergeStrategy(), QStringLiteral("fast-forward"));
            settings.setValue(settingkeys::worktreeRoot(), QStringLiteral("/srv/worktrees"));
            settings.setValue(settingkeys::riskReviewer(tasks::RiskLevel::Medium),
                              QStringLiteral("openai:gpt-5-mini"));
            settings.setValue(settingkeys::notificationsEnabled(), false);
        }
        QSettings settings(file, QSettings::IniFormat);
        llm::ApiKeyStore *keys = environmentKeys(this, QProcessEnvironment());
        {
            SettingsDialog dialog(&settings, keys, nullptr, nullptr, QProcessEnvironment());
            QCOMPARE(child<QSpinBox>(&dialog, "concurrencySpin")->value(), 5);
            QCOMPARE(child<QLineEdit>(&dialog, "dailyBudgetEdit")->text(), QStringLiteral("7.50"));
            QCOMPARE(child<QSpinBox>(&dialog, "validationTimeoutSpin")->value(), 2);
            QVERIFY(!child<QCheckBox>(&dialog, "sandboxCheck")->isChecked());
            QCOMPARE(child<QComboBox>(&dialog, "mergeStrategyCombo")->currentData().toString(),
                     QStringLiteral("fast-forward"));
            QCOMPARE(child<QLineEdit>(&dialog, "worktreeRootEdit")->text(),
                     QStringLiteral("/srv/worktrees"));
            QCOMPARE(child<QComboBox>(&dialog, "mediumReviewerCombo")->currentText(),
                     QStringLiteral("openai:gpt-5-mini"));
            QVERIFY(!child<QCheckBox>(&dialog, "notificationsCheck")->isChecked());

            // An untouched 90-second timeout is not rounded to whole minutes on save.
            QVERIFY(dialog.save());
            QCOMPARE(settings.value(settingkeys::validationTimeoutSeconds()).toInt(), 90);

            // Edit through the widgets, then OK.
            dialog.show();
            child<QSpinBox>(&dialog, "concurrencySpin")->setValue(3);
            child<QLineEdit>(&dialog, "dailyBudgetEdit")->setText(QStringLiteral("12.345"));
            child<QSpinBox>(&dialog, "validationTimeoutSpin")->setValue(45);
            child<QCheckBox>(&dialog, "sandboxCheck")->setChecked(true);
            auto *merge = child<QComboBox>(&dialog, "mergeStrategyCombo");
            merge->setCurrentIndex(merge->findData(QStringLiteral("merge")));
            child<QLineEdit>(&dialog, "worktreeRootEdit")->clear();
            child<QComboBox>(&dialog, "lowImplementerCombo")
                ->setCurrentText(QStringLiteral("ollama:qwen2.5-coder:7b"));
            child<QLineEdit>(&dialog, "highBudgetEdit")->setText(QStringLiteral("25"));
            child<QCheckBox>(&dialog, "notificationsCheck")->setChecked(true);
            QSignalSpy saved(&dialog, &SettingsDialog::saved);
            auto *buttons = dialog.findChild<QDialogButtonBox *>();
            QTest::mouseClick(buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
            QCOMPARE(saved.count(), 1);
            QCOMPARE(dialog.result(), int(QDialog::Accepted));
        }
        const QSettings read(file, QSettings::IniFormat);
        QCOMPARE(read.value(QStringLiteral("engine/concurrency")).toInt(), 3);
        QCOMPARE(read.value(QStringLiteral("engine/dailyBudgetUsd")).toString(),
                 QStringLiteral("12.345"));
        QCOMPARE(read.value(QStringLiteral("engine/validationTimeoutSeconds")).toInt(), 45 * 60);
        QCOMPARE(read.value(QStringLiteral("engine/sandbox")).toBool(), true);
        QCOMPARE(read.value(QStringLiteral("engine/mergeStrategy")).toString(),
                 QStringLiteral("merge"));
        QCOMPARE(read.value(QStringLiteral("engine/worktreeRoot")).toString(), QString());
        QCOMPARE(read.value(QStringLiteral("risk/low/implementer")).toString(),
                 QStringLiteral("ollama:qwen2.5-coder:7b"));
        QCOMPARE(read.value(QStringLiteral("risk/medium/reviewer")).toString(),
                 QStringLiteral("openai:gpt-5-mini"));
        QCOMPARE(read.value(QStringLiteral("risk/high/budgetUsd")).toString(),
                 QStringLiteral("25.00"));
        QCOMPARE(read.value(QStringLiteral("notifications/enabled")).toBool(), true);

        // And a new dialog reads back what was written.
        QSettings again(file, QSettings::IniFormat);
        SettingsDialog dialog(&again, keys, nullptr, nullptr, QProcessEnvironment());
        const itemmodels::EngineSettings values = dialog.values();
        QCOMPARE(values.concurrency, 3);
        QCOMPARE(values.dailyBudget.nanodollars(), 12'345'000'000LL);
        QCOMPARE(values.mergeStrategy, QStringLiteral("merge"));
        QCOMPARE(values.forRisk(tasks::RiskLevel::Low).implementer.toString(),
                 QStringLiteral("ollama:qwen2.5-coder:7b"));
    }

    void invalidFieldsBlockSaving()
    {
        const QString file = freshFile();
        QSettings settings(file, QSettings::IniFormat);
        SettingsDialog dialog(&settings, environmentKeys(this, {}), nullptr, nullptr, {});
        auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
        child<QLineEdit>(&dialog, "dailyBudgetEdit")->setText(QStringLiteral("twenty"));
        QVERIFY(dialog.validationErrors().contains(settingkeys::dailyBudgetUsd()));
        QVERIFY(!ok->isEnabled());
        QVERIFY(!child<QLabel>(&dialog, "settingsErrors")->text().isEmpty());
        QVERIFY(!dialog.save());
        QVERIFY(!QSettings(file, QSettings::IniFormat).contains(settingkeys::dailyBudgetUsd()));
        child<QLineEdit>(&dialog, "dailyBudgetEdit")->setText(QStringLiteral("20"));
        QVERIFY(ok->isEnabled());

        child<QComboBox>(&dialog, "mediumReviewerCombo")->setCurrentText(QStringLiteral("haiku"));
        QVERIFY(dialog.validationErrors().contains(
            settingkeys::riskReviewer(tasks::RiskLevel::Medium)));
        child<QComboBox>(&dialog, "mediumReviewerCombo")
            ->setCurrentText(QStringLiteral("anthropic:claude-haiku-4-5"));
        child<QLineEdit>(&dialog, "worktreeRootEdit")->setText(QStringLiteral("relative/path"));
        QVERIFY(dialog.validationErrors().contains(settingkeys::worktreeRoot()));
        child<QLineEdit>(&dialog, "worktreeRootEdit")->clear();
        QVERIFY(dialog.validationErrors().isEmpty());
    }

    void sandboxStatusSaysWhetherBubblewrapIsThere()
    {
        QSettings settings(freshFile(), QSettings::IniFormat);
        SettingsDialog dialog(&settings, environmentKeys(this, {}), nullptr, nullptr, {});
        const QString bwrap = QStandardPaths::findExecutable(QStringLiteral("bwrap"));
        auto *status = child<QLabel>(&dialog, "sandboxStatus");
        QCOMPARE(status->text(), SettingsDialog::sandboxStatusText(bwrap, true));
        child<QCheckBox>(&dialog, "sandboxCheck")->setChecked(false);
        QCOMPARE(status->text(), SettingsDialog::sandboxStatusText(bwrap, false));
        QVERIFY(SettingsDialog::sandboxStatusText(QString(), true)
                    .contains(QStringLiteral("not installed")));
        QVERIFY(SettingsDialog::sandboxStatusText(QStringLiteral("/usr/bin/bwrap"), true)
                    .contains(QStringLiteral("/usr/bin/bwrap")));
        // Off is a warning; on without bubblewrap refuses, it never falls back.
        QVERIFY(SettingsDialog::sandboxStatusText(bwrap, false)
                    .startsWith(QStringLiteral("Warning: the sandbox is off")));
        QVERIFY(SettingsDialog::sandboxStatusText(QString(), true)
                    .contains(QStringLiteral("commands are refused")));
    }

    void keysAreStoredNeverShownAndNeverWritten()
    {
        const QString file = freshFile();
        QSettings settings(file, QSettings::IniFormat);
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("ANTHROPIC_API_KEY"), QStringLiteral("sk-ant-env-7777"));
        llm::ApiKeyStore *keys = environmentKeys(this, environment);
        SettingsDialog dialog(&settings, keys, nullptr, nullptr, environment);
        ProvidersPage *page = dialog.providersPage();
        page->selectProvider(QStringLiteral("anthropic"));
        // Where the key comes from, never the key.
        QTRY_COMPARE(page->keyStatusLabel()->text(),
                     QStringLiteral("From the environment: ANTHROPIC_API_KEY"));
        QVERIFY(page->keyEdit()->text().isEmpty());
        QCOMPARE(page->keyEdit()->echoMode(), QLineEdit::Password);

        const QString typed = QStringLiteral("sk-ant-typed-secret-1234");
        page->keyEdit()->setText(typed);
        QSignalSpy written(keys, &llm::ApiKeyStore::keyWritten);
        page->baseUrlEdit()->setText(QStringLiteral("https://gateway.example.com"));
        QVERIFY(dialog.save());
        QCOMPARE(written.count(), 1);
        QCOMPARE(written.first().at(0).toString(), QStringLiteral("anthropic"));
        QVERIFY(page->keyEdit()->text().isEmpty());
        // Without a secret store the key is refused, and the page says so.
        QVERIFY(page->keyStatusLabel()->text().startsWith(QStringLiteral("Not saved:")));
        QVERIFY(!page->keyStatusLabel()->text().contains(typed));
        QCOMPARE(settings.value(QStringLiteral("providers/anthropic/baseUrl")).toString(),
                 QStringLiteral("https://gateway.example.com"));
        settings.sync();
        QFile written_file(file);
        QVERIFY(written_file.open(QIODevice::ReadOnly));
        const QByteArray contents = written_file.readAll();
        QVERIFY(!contents.contains(typed.toUtf8()));
        QVERIFY(!contents.contains("sk-ant-env-7777"));

        // A base URL with credentials in it is refused.
        page->baseUrlEdit()->setText(QStringLiteral("https://user:pw@gateway.example.com"));
        QVERIFY(dialog.validationErrors().contains(QStringLiteral("providers")));
    }

    void priceOverridesAreSavedExactly()
    {
        const QString file = freshFile();
        QSettings settings(file, QSettings::IniFormat);
        settings.setValue(QStringLiteral("prices/old-model/input"), QStringLiteral("1"));
        settings.setValue(QStringLiteral("prices/old-model/output"), QStringLiteral("2"));
        SettingsDialog dialog(&settings, environmentKeys(this, {}), nullptr, nullptr, {});
        dialog.show();
        QTableWidget *table = dialog.providersPage()->priceTable();
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, 0)->text(), QStringLiteral("old-model"));
        QCOMPARE(table->item(0, 1)->text(), QStringLiteral("1"));

        QTest::mouseClick(child<QPushButton>(&dialog, "addPriceButton"), Qt::LeftButton);
        QCOMPARE(table->rowCount(), 2);
        table->item(1, 0)->setText(QStringLiteral("my-finetune"));
        table->item(1, 1)->setText(QStringLiteral("0.8"));
        table->item(1, 2)->setText(QStringLiteral("3.2555")); // four decimals: not a price
        QVERIFY(dialog.validationErrors().contains(QStringLiteral("providers")));
        QVERIFY(!dialog.save());
        table->item(1, 2)->setText(QStringLiteral("3.255"));
        table->item(1, 5)->setText(QStringLiteral("0.08"));
        QVERIFY(dialog.validationErrors().isEmpty());
        // Remove the old row.
        table->setCurrentCell(0, 0);
        QTest::mouseClick(child<QPushButton>(&dialog, "removePriceButton"), Qt::LeftButton);
        QVERIFY(dialog.save());

        const QSettings read(file, QSettings::IniFormat);
        QVERIFY(!read.contains(QStringLiteral("prices/old-model/input")));
        QCOMPARE(read.value(QStringLiteral("prices/my-finetune/input")).toString(),
                 QStringLiteral("0.8"));
        QCOMPARE(read.value(QStringLiteral("prices/my-finetune/output")).toString(),
                 QStringLiteral("3.255"));
        // Empty cache columns follow the input price, as prices.json's rows do.
        QCOMPARE(read.value(QStringLiteral("prices/my-finetune/cacheWrite5m")).toString(),
                 QStringLiteral("0.8"));
        QCOMPARE(read.value(QStringLiteral("prices/my-finetune/cacheWrite1h")).toString(),
                 QStringLiteral("1.6"));
        QCOMPARE(read.value(QStringLiteral("prices/my-finetune/cacheRead")).toString(),
                 QStringLiteral("0.08"));
    }

    void testConnectionSucceedsAgainstALoopbackServer()
    {
        test::FakeProviderServer server;
        QVERIFY(server.listen());
        server.enqueue(test::ScriptedResponse::body(
            200, "application/json",
            R"({"data":[{"id":"claude-sonnet-4-5"},{"id":"claude-haiku-4-5"}],"has_more":false})"));
        QSettings settings(freshFile(), QSettings::IniFormat);
        QNetworkAccessManager network;
        SettingsDialog dialog(&settings, environmentKeys(this, {}), &network, nullptr, {});
        dialog.show();
        ProvidersPage *page = dialog.providersPage();
        page->selectProvider(QStringLiteral("anthropic"));
        page->baseUrlEdit()->setText(server.baseUrl().toString());
        page->keyEdit()->setText(QStringLiteral("sk-ant-test-0001"));
        QSignalSpy tested(page, &ProvidersPage::connectionTested);
        QTest::mouseClick(page->testButton(), Qt::LeftButton);
        QVERIFY(!page->testButton()->isEnabled()); // one test at a time
        QVERIFY(tested.wait(10000));
        const auto result = tested.first().first().value<ConnectionTestResult>();
        QVERIFY(result.ok);
        QCOMPARE(result.httpStatus, 200);
        QCOMPARE(result.modelCount, 2);
        QCOMPARE(page->testResultLabel()->text(), QStringLiteral("Connected: 2 models available."));
        QVERIFY(page->testButton()->isEnabled());
        QCOMPARE(server.requests().size(), 1);
        const test::RecordedRequest &request = server.requests().first();
        QCOMPARE(request.method, QByteArray("GET"));
        QCOMPARE(request.path, QByteArray("/v1/models"));
        QCOMPARE(request.header("x-api-key"), QByteArray("sk-ant-test-0001"));
        QCOMPARE(request.header("anthropic-version"), QByteArray("2023-06-01"));
    }

    void testConnectionReportsARefusedKey()
    {
        test::FakeProviderServer server;
        QVERIFY(server.listen());
        server.enqueue(test::ScriptedResponse::body(
            401, "application/json",
            R"({"error":{"message":"Incorrect API key provided: sk-env-9999","type":"invalid_request_error"}})"));
        QSettings settings(freshFile(), QSettings::IniFormat);
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-env-9999"));
        QNetworkAccessManager network;
        SettingsDialog dialog(&settings, environmentKeys(this, environment), &network, nullptr,
                              environment);
        dialog.show();
        ProvidersPage *page = dialog.providersPage();
        page->selectProvider(QStringLiteral("openai"));
        // No key typed: the key in use (here from the environment) is the one tested.
        page->baseUrlEdit()->setText(server.baseUrl().toString() + QStringLiteral("/v1/"));
        QSignalSpy tested(page, &ProvidersPage::connectionTested);
        QTest::mouseClick(page->testButton(), Qt::LeftButton);
        QVERIFY(tested.wait(10000));
        const auto result = tested.first().first().value<ConnectionTestResult>();
        QVERIFY(!result.ok);
        QCOMPARE(result.httpStatus, 401);
        QVERIFY2(page->testResultLabel()->text().contains(QStringLiteral("refused the key")),
                 qPrintable(page->testResultLabel()->text()));
        QVERIFY(!page->testResultLabel()->text().contains(QStringLiteral("sk-env-9999")));
        const test::RecordedRequest &request = server.requests().first();
        QCOMPARE(request.path, QByteArray("/v1/models"));
        QCOMPARE(request.header("authorization"), QByteArray("Bearer sk-env-9999"));
        QVERIFY(request.header("x-api-key").isEmpty());
    }

    void testConnectionReportsAnUnreachableServer()
    {
        // A port that was just free: nothing listens there.
        quint16 port = 0;
        {
            test::FakeProviderServer server;
            QVERIFY(server.listen());
            port = server.port();
        }
        QSettings settings(freshFile(), QSettings::IniFormat);
        QNetworkAccessManager network;
        SettingsDialog dialog(&settings, environmentKeys(this, {}), &network, nullptr, {});
        dialog.show();
        ProvidersPage *page = dialog.providersPage();
        page->selectProvider(QStringLiteral("anthropic"));
        page->baseUrlEdit()->setText(QStringLiteral("http://127.0.0.1:%1").arg(port));
        QSignalSpy tested(page, &ProvidersPage::connectionTested);
        QTest::mouseClick(page->testButton(), Qt::LeftButton);
        QVERIFY(tested.wait(10000));
        const auto result = tested.first().first().value<ConnectionTestResult>();
        QVERIFY(!result.ok);
        QCOMPARE(result.httpStatus, 0);
        QVERIFY(page->testResultLabel()->text().startsWith(QStringLiteral("Could not reach")));
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
