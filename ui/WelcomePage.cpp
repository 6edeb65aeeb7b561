#include "ui/WelcomePage.h"

#include <QGridLayout>
#include <QIcon>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace agentdesk::ui {

namespace {

QLabel *makeStepNumber(int number, QWidget *parent)
{
    auto *label = new QLabel(QString::number(number), parent);
    label->setAlignment(Qt::AlignCenter);
    label->setFixedSize(26, 26);
    label->setStyleSheet(QStringLiteral("QLabel { border-radius: 13px; font-weight: bold; "
                                        "background: palette(highlight); "
                                        "color: palette(highlighted-text); }"));
    return label;
}

} // namespace

WelcomePage::WelcomePage(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("welcomePage"));

    auto *icon = new QLabel(this);
    icon->setPixmap(QIcon(QStringLiteral(":/agentdesk/icons/agentdesk.svg")).pixmap(72, 72));
    icon->setAlignment(Qt::AlignCenter);

    auto *title = new QLabel(tr("Welcome to AgentDesk"), this);
    title->setObjectName(QStringLiteral("welcomeTitle"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setAlignment(Qt::AlignCenter);

    auto *subtitle = new QLabel(
        tr("Send low-risk coding tasks to background agents, walk away, and come back to "
           "validated, reviewed diffs."),
        this);
    subtitle->setWordWrap(true);
    subtitle->setAlignment(Qt::AlignCenter);
    subtitle->setForegroundRole(QPalette::PlaceholderText);

    const QStringList steps = {
        tr("<b>Open a repository.</b> Each task works on its own branch and worktree; your "
           "checkout is never touched."),
        tr("<b>Dispatch a task</b> with a budget: a capable model implements it, a cheaper one "
           "reviews it, and AgentDesk runs your tests itself."),
        tr("<b>Review and decide.</b> Read the diff with the reviewer's flags on their lines, "
           "then merge, request one revision, or reject."),
    };
    auto *stepGrid = new QGridLayout;
    stepGrid->setHorizontalSpacing(12);
    stepGrid->setVerticalSpacing(14);
    for (int i = 0; i < steps.size(); ++i) {
        auto *text = new QLabel(steps.at(i), this);
        text->setWordWrap(true);
        // A wrapped label in a grid does not get its height for the width it is given; size it
        // for the column's fixed width so no line is clipped.
        constexpr int textWidth = 470;
        text->setFixedWidth(textWidth);
        text->setMinimumHeight(text->heightForWidth(textWidth));
        stepGrid->addWidget(makeStepNumber(i + 1, this), i, 0, Qt::AlignTop);
        stepGrid->addWidget(text, i, 1);
    }

    m_openRepository = new QPushButton(QIcon::fromTheme(QStringLiteral("document-open")),
                                       tr("Open Repository…"), this);
    m_openRepository->setObjectName(QStringLiteral("openRepositoryButton"));
    m_openRepository->setDefault(true);
    m_openRepository->setMinimumHeight(34);
    connect(m_openRepository, &QPushButton::clicked, this, &WelcomePage::openRepositoryRequested);

    m_tryDemo = new QPushButton(tr("Try the Demo"), this);
    m_tryDemo->setObjectName(QStringLiteral("tryDemoButton"));
    m_tryDemo->setAccessibleDescription(
        tr("Runs two tasks on a sample repository with scripted agents"));
    connect(m_tryDemo, &QPushButton::clicked, this, &WelcomePage::demoRequested);

    auto *column = new QWidget(this);
    column->setFixedWidth(520);
    auto *columnLayout = new QVBoxLayout(column);
    columnLayout->addWidget(icon);
    columnLayout->addSpacing(8);
    columnLayout->addWidget(title);
    columnLayout->addWidget(subtitle);
    columnLayout->addSpacing(24);
    columnLayout->addLayout(stepGrid);
    columnLayout->addSpacing(24);
    columnLayout->addWidget(m_openRepository, 0, Qt::AlignHCenter);
    columnLayout->addSpacing(10);
    columnLayout->addWidget(m_tryDemo, 0, Qt::AlignHCenter);
    auto *demoNote = new QLabel(tr("The demo makes a sample repository and runs two tasks with "
                                   "scripted agents — no API key, nothing leaves this machine."),
                                this);
    demoNote->setWordWrap(true);
    demoNote->setAlignment(Qt::AlignCenter);
    demoNote->setForegroundRole(QPalette::PlaceholderText);
    columnLayout->addWidget(demoNote);
    columnLayout->addSpacing(14);
    m_providerStatus = new QLabel(this);
    m_providerStatus->setObjectName(QStringLiteral("providerStatus"));
    m_providerStatus->setWordWrap(true);
    m_providerStatus->setAlignment(Qt::AlignCenter);
    m_providerStatus->setTextFormat(Qt::PlainText);
    columnLayout->addWidget(m_providerStatus);

    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(column, 0, Qt::AlignHCenter);
    layout->addStretch(2);
}

void WelcomePage::setProviderStatus(const QString &text)
{
    m_providerStatus->setText(text);
}

} // namespace agentdesk::ui
