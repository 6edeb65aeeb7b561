#include "agents/cli/CustomCommandAdapter.h"

#include "agents/cli/PlainTextParser.h"

namespace agentdesk::agents {

namespace {
const QString promptPlaceholder = QStringLiteral("{prompt}");
const QString promptFilePlaceholder = QStringLiteral("{prompt_file}");

CliSettings cliSettingsOf(const CustomCommandSettings &settings)
{
    CliSettings cli;
    const Result<QStringList> words = CustomCommandAdapter::splitCommandLine(settings.commandLine);
    cli.executable = words && !words->isEmpty() ? words->first() : QString();
    cli.searchPath = settings.searchPath;
    cli.environment = settings.environment;
    return cli;
}
} // namespace

CustomCommandAdapter::CustomCommandAdapter(CustomCommandSettings settings)
    : CliAdapter(cliSettingsOf(settings))
    , m_custom(std::move(settings))
    , m_words(splitCommandLine(m_custom.commandLine))
{}

Result<QStringList> CustomCommandAdapter::splitCommandLine(const QString &commandLine)
{
    QStringList words;
    QString word;
    bool inWord = false;
    QChar quote;
    for (qsizetype i = 0; i < commandLine.size(); ++i) {
        const QChar c = commandLine.at(i);
        if (quote == QLatin1Char('\'')) {
            if (c == quote)
                quote = QChar();
            else
                word += c;
        } else if (quote == QLatin1Char('"')) {
            if (c == quote) {
                quote = QChar();
            } else if (c == QLatin1Char('\\') && i + 1 < commandLine.size() &&
                       (commandLine.at(i + 1) == QLatin1Char('"') ||
                        commandLine.at(i + 1) == QLatin1Char('\\'))) {
                word += commandLine.at(++i);
            } else {
                word += c;
            }
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c;
            inWord = true;
        } else if (c == QLatin1Char('\\') && i + 1 < commandLine.size()) {
            word += commandLine.at(++i);
            inWord = true;
        } else if (c.isSpace()) {
            if (inWord)
                words.append(std::exchange(word, QString()));
            inWord = false;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (!quote.isNull())
        return makeError(QStringLiteral("custom-command-quote"),
                         QStringLiteral("The custom command has an unclosed %1 quote.").arg(quote));
    if (inWord)
        words.append(word);
    return words;
}

bool CustomCommandAdapter::needsPromptFile() const
{
    return m_custom.commandLine.contains(promptFilePlaceholder);
}

Result<CliInvocation> CustomCommandAdapter::invocation(const AgentRequest &request,
                                                       const CliRunContext &context) const
{
    if (!m_words)
        return m_words.error();
    if (m_words->isEmpty())
        return makeError(QStringLiteral("custom-command-empty"),
                         QStringLiteral("The custom command is empty."));
    if (!m_custom.commandLine.contains(promptPlaceholder) && !needsPromptFile())
        return makeError(QStringLiteral("custom-command-no-prompt"),
                         QStringLiteral("The custom command has neither {prompt} nor "
                                        "{prompt_file}, so it would never see the task."));
    CliInvocation invocation;
    for (qsizetype i = 1; i < m_words->size(); ++i) {
        QString word = m_words->at(i);
        // {prompt_file} first: "{prompt}" is not a substring of it, but the prompt's own
        // text may contain "{prompt_file}" and must not be rewritten.
        word.replace(promptFilePlaceholder, context.promptFile);
        word.replace(promptPlaceholder, request.prompt);
        invocation.arguments.append(word);
    }
    return invocation;
}

std::unique_ptr<CliStreamParser> CustomCommandAdapter::createParser(const AgentRequest &) const
{
    return std::make_unique<PlainTextParser>(m_custom.name);
}

} // namespace agentdesk::agents
