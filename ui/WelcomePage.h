#pragma once

#include <QWidget>

class QPushButton;

namespace agentdesk::ui {

// The centre of the window before anything is open: what AgentDesk does and the first step.
class WelcomePage : public QWidget
{
    Q_OBJECT

public:
    explicit WelcomePage(QWidget *parent = nullptr);

    QPushButton *openRepositoryButton() const { return m_openRepository; }

Q_SIGNALS:
    void openRepositoryRequested();
    void demoRequested();

private:
    QPushButton *m_openRepository = nullptr;
    QPushButton *m_tryDemo = nullptr;
};

} // namespace agentdesk::ui
