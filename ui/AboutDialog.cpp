#include "ui/AboutDialog.h"

#include "ui/LibraryVersions.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QIcon>
#include <QLabel>
#include <QVBoxLayout>

namespace agentdesk::ui {

AboutDialog::AboutDialog(QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About AgentDesk"));
    setObjectName(QStringLiteral("aboutDialog"));

    auto *icon = new QLabel(this);
    icon->setPixmap(QIcon(QStringLiteral(":/agentdesk/icons/agentdesk.svg")).pixmap(64, 64));
    icon->setAlignment(Qt::AlignTop);

    auto *title = new QLabel(tr("<h2>AgentDesk</h2>"), this);
    auto *summary = new QLabel(
        tr("A review workstation for background AI coding agents. Dispatch low-risk tasks, "
           "walk away, and come back to validated, reviewed diffs you can merge in one click."),
        this);
    summary->setWordWrap(true);

    auto *versions = new QFormLayout;
    versions->setLabelAlignment(Qt::AlignRight);
    for (const LibraryVersion &library : libraryVersions()) {
        auto *value = new QLabel(library.version, this);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        value->setObjectName(QStringLiteral("version_") + library.name);
        versions->addRow(library.name + QLatin1Char(':'), value);
    }

    auto *text = new QVBoxLayout;
    text->addWidget(title);
    text->addWidget(summary);
    text->addSpacing(8);
    text->addLayout(versions);
    text->addStretch();

    auto *body = new QHBoxLayout;
    body->addWidget(icon);
    body->addSpacing(12);
    body->addLayout(text, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(body);
    layout->addWidget(buttons);
    setMinimumWidth(460);
}

} // namespace agentdesk::ui
