#pragma once

#include "store/StoreTypes.h"

#include <QWidget>

#include <optional>

class QLabel;
class QPlainTextEdit;

namespace agentdesk::ui {

// The test results of the shown iteration: counts, the failures split into newly failing and
// already failing on the base, the command and the exact commit it ran on (and whether that
// is still the branch head), a warning when no test ran, and the output excerpt in a
// monospace read-only view.
class ValidationPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ValidationPanel(QWidget *parent = nullptr);

    // `record` null: no validation ran. `headCommit`: the branch head now, to say whether the
    // result is stale.
    void setValidation(std::optional<store::ValidationRecord> record, const QString &headCommit);
    // "Tests ✓ 14", "Tests ✗ 2", "Tests ⚠", "Tests": for the page's tab.
    QString tabTitle() const;

    QLabel *summaryLabel() const { return m_summary; }
    QPlainTextEdit *outputView() const { return m_output; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();

    std::optional<store::ValidationRecord> m_record;
    QString m_headCommit;
    QLabel *m_summary = nullptr;
    QLabel *m_details = nullptr;
    QPlainTextEdit *m_output = nullptr;
};

} // namespace agentdesk::ui
