#include "ui/review/RevisionDialog.h"

#include "diff/CodeFont.h"
#include "ui/review/ReviewFormat.h"

#include <QDialogButtonBox>
#include <QFrame>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace agentdesk::ui {

namespace {

// Items of a Markdown-ish list: "1. …", "2) …", "- …", "* …", "• …".
int listItems(const QString &text)
{
    static const QRegularExpression item(QStringLiteral(R"(^\s*(?:\d+[.)]|[-*•])\s+\S)"),
                                         QRegularExpression::MultilineOption);
    int count = 0;
    auto it = item.globalMatch(text);
    while (it.hasNext()) {
        it.next();
        ++count;
    }
    return count;
}

// Sentences that open a second request ("Also, …", "Additionally …").
bool addsAnotherRequest(const QString &text)
{
    static const QRegularExpression also(
        QStringLiteral(
            R"((?:^|[.!?;]\s+)(?:also|additionally|and also|separately|another thing)\b)"),
        QRegularExpression::CaseInsensitiveOption | QRegularExpression::MultilineOption);
    return also.match(text).hasMatch();
}

// Something the agent can find: a path, an identifier, a quoted or code name, a number.
bool namesSomethingConcrete(const QString &text)
{
    static const QRegularExpression concrete(QStringLiteral(
        R"([\w-]+\.\w{1,5}\b|\w+\(|\b\w+_\w+\b|\b[a-z]+[A-Z]\w*\b|`[^`]+`|"[^"]+"|'[^']+'|\d)"));
    return concrete.match(text).hasMatch();
}

bool isVague(const QString &text)
{
    static const QRegularExpression vague(
        QStringLiteral(R"(^(?:please\s+)?(?:fix|improve|clean\s*up|refactor|tidy|polish|redo|)"
                       R"(try again|do better|make it (?:better|work|nicer|cleaner)|)"
                       R"(fix (?:it|this|that|everything|the (?:bugs?|issues?|problems?|)"
                       R"(findings?|tests?))|address (?:the |all (?:the )?)?(?:reviewer'?s? )?)"
                       R"((?:review )?(?:findings|issues|comments|feedback|review))[.!]*$)"),
        QRegularExpression::CaseInsensitiveOption);
    const QString simplified = text.simplified();
    if (vague.match(simplified).hasMatch())
        return true;
    const qsizetype words = simplified.split(QLatin1Char(' '), Qt::SkipEmptyParts).size();
    return words < 6 && !namesSomethingConcrete(simplified);
}

} // namespace

RevisionDialog::RevisionDialog(const RevisionPrefill &prefill, QWidget *parent)
    : QDialog(parent)
    , m_findingId(prefill.findingId)
{
    setObjectName(QStringLiteral("revisionDialog"));
    setWindowTitle(tr("Request a Revision"));
    auto *layout = new QVBoxLayout(this);

    auto *intro = new QLabel(
        tr("<b>Ask for one change.</b> The agent starts a new iteration on this branch with "
           "your request. Say what to change, where, and how you will know it is right; ask "
           "for other changes in later revisions."),
        this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    if (prefill.findingId != 0) {
        auto *source = new QLabel(this);
        source->setObjectName(QStringLiteral("revisionSourceLabel"));
        source->setFrameShape(QFrame::StyledPanel);
        source->setMargin(6);
        source->setWordWrap(true);
        source->setText(tr("From finding P%1 · <b>%2</b> — <tt>%3</tt>")
                            .arg(prefill.findingPriority)
                            .arg(reviewformat::html(prefill.findingTitle),
                                 reviewformat::html(prefill.location)));
        layout->addWidget(source);
    }

    m_editor = new QPlainTextEdit(this);
    m_editor->setObjectName(QStringLiteral("revisionRequestEdit"));
    m_editor->setAccessibleName(tr("Revision request"));
    m_editor->setPlaceholderText(
        tr("e.g. In src/parser.c:42, return PARSE_ERROR when name is NULL instead of "
           "dereferencing it, and add a test for it."));
    m_editor->setTabChangesFocus(true);
    m_editor->setPlainText(prefillText(prefill));
    // A suggested fix in code keeps its columns: the request is edited in the code font.
    if (prefill.suggestedFix.trimmed().contains(u'\n'))
        m_editor->setFont(diffview::codeFont());
    layout->addWidget(m_editor, 1);

    m_checkLabel = new QLabel(this);
    m_checkLabel->setObjectName(QStringLiteral("revisionCheckLabel"));
    m_checkLabel->setWordWrap(true);
    m_checkLabel->setTextFormat(Qt::RichText);
    layout->addWidget(m_checkLabel);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Request Revision"));
    m_buttons->button(QDialogButtonBox::Ok)->setToolTip(tr("Send the request (Ctrl+Return)"));
    m_buttons->button(QDialogButtonBox::Ok)->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    connect(m_buttons, &QDialogButtonBox::accepted, this, [this] {
        if (m_check.acceptable())
            accept();
    });
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);

    connect(m_editor, &QPlainTextEdit::textChanged, this, &RevisionDialog::recheck);
    recheck();
    resize(560, 340);
    m_editor->setFocus();
}

QString RevisionDialog::prefillText(const RevisionPrefill &prefill)
{
    if (prefill.findingId == 0)
        return {};
    QString text = prefill.location.isEmpty()
                       ? tr("Fix: %1.").arg(prefill.findingTitle)
                       : tr("In %1, fix: %2.").arg(prefill.location, prefill.findingTitle);
    QString fix = prefill.suggestedFix;
    while (fix.endsWith(u'\n') || fix.endsWith(u' '))
        fix.chop(1);
    while (fix.startsWith(u'\n'))
        fix.remove(0, 1);
    if (!fix.trimmed().isEmpty()) {
        // Code keeps its lines and indentation; a one-liner stays on the label's line.
        if (fix.contains(u'\n') || fix.startsWith(u' ') || fix.startsWith(u'\t'))
            text += QLatin1Char('\n') + tr("Suggested fix:") + QLatin1Char('\n') + fix;
        else
            text += QLatin1Char('\n') + tr("Suggested fix: %1").arg(fix);
    }
    return text;
}

RequestCheck RevisionDialog::check(const QString &request)
{
    RequestCheck result;
    const QString text = request.trimmed();
    if (text.isEmpty()) {
        result.error = tr("Write the one change you want the agent to make.");
        return result;
    }
    const int items = listItems(text);
    if (items >= 2)
        result.warnings << tr("This looks like %1 separate requests. Ask for the most "
                              "important one; request the others in later revisions.")
                               .arg(items);
    else if (addsAnotherRequest(text))
        result.warnings << tr("This seems to ask for more than one change (\"also\"). One "
                              "request per revision gets done properly.");
    if (text.size() > longRequestCharacters)
        result.warnings << tr("This is long (%1 characters). A long request is usually several "
                              "changes or a new task; keep it to one change.")
                               .arg(text.size());
    if (isVague(text))
        result.warnings << tr("This is vague. Say what to change and where: a file, a "
                              "function or the behaviour you expect.");
    return result;
}

QString RevisionDialog::request() const
{
    return m_editor->toPlainText().trimmed();
}

void RevisionDialog::setRequest(const QString &text)
{
    m_editor->setPlainText(text);
}

void RevisionDialog::recheck()
{
    m_check = check(m_editor->toPlainText());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_check.acceptable());
    QStringList lines;
    if (!m_check.acceptable())
        lines << QStringLiteral("<span style=\"color:#d1242f\">%1</span>")
                     .arg(reviewformat::html(m_check.error));
    for (const QString &warning : m_check.warnings)
        lines << QStringLiteral("⚠ %1").arg(reviewformat::html(warning));
    m_checkLabel->setText(lines.join(QStringLiteral("<br>")));
    m_checkLabel->setVisible(!lines.isEmpty());
}

} // namespace agentdesk::ui
