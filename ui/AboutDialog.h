#pragma once

#include <QDialog>

namespace agentdesk::ui {

// Help → About AgentDesk: what the program is and the versions it runs with.
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(QWidget *parent = nullptr);
};

} // namespace agentdesk::ui
