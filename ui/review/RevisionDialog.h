#pragma once

#include <QDialog>
#include <QStringList>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;

namespace agentdesk::ui {

// What the dialog starts from: the finding the user had selected, if any.
struct RevisionPrefill
{
    QString taskTitle;
    qint64 findingId = 0; // 0: no finding selected
    int findingPriority = 3;
    QString findingTitle;
    QString location; // "src/parser.c:42"
    QString suggestedFix;
};

// The verdict on a revision request as typed: refused when `error` is set (nothing to ask),
// otherwise accepted, with advice when it looks vague, too long or like several requests.
struct RequestCheck
{
    QString error;
    QStringList warnings;
    bool acceptable() const { return error.isEmpty(); }
};

// Request revision: asks for ONE specific, actionable change. An implementer does best with a
// single request it can verify; a list of five gets five half-done changes. Prefilled from the
// selected finding (its title, place and suggested fix); empty text is refused, vague, long
// or multi-part text is warned about beside the editor as it is typed.
class RevisionDialog : public QDialog
{
    Q_OBJECT
public:
    // Longer than this reads as several requests or a specification, not one change.
    static constexpr int longRequestCharacters = 700;

    explicit RevisionDialog(const RevisionPrefill &prefill, QWidget *parent = nullptr);

    static QString prefillText(const RevisionPrefill &prefill);
    static RequestCheck check(const QString &request);

    QString request() const;
    void setRequest(const QString &text);
    qint64 fromFindingId() const { return m_findingId; }
    RequestCheck currentCheck() const { return m_check; }

private:
    void recheck();

    qint64 m_findingId = 0;
    QPlainTextEdit *m_editor = nullptr;
    QLabel *m_checkLabel = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    RequestCheck m_check;
};

} // namespace agentdesk::ui
