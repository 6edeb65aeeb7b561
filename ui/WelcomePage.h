#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

namespace agentdesk::ui {

// The centre of the window before anything is open: what AgentDesk does and the first step.
class WelcomePage : public QWidget
{
    Q_OBJECT

public:
    explicit WelcomePage(QWidget *parent = nullptr);

    QPushButton *openRepositoryButton() const { return m_openRepository; }

public:
    // What AgentDesk found to run tasks with ("ANTHROPIC_API_KEY in the environment", "Ollama
    // on 127.0.0.1:11434 with 3 models"), or how to configure a provider when nothing was.
    void setProviderStatus(const QString &text);

Q_SIGNALS:
    void openRepositoryRequested();
    void demoRequested();

private:
    QPushButton *m_openRepository = nullptr;
    QPushButton *m_tryDemo = nullptr;
    QLabel *m_providerStatus = nullptr;
};

} // namespace agentdesk::ui
