#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace agentdesk {

QString redactSecrets(const QString &text); // core/Secrets.h

// What went wrong, in words a user can act on. `code` is a short stable identifier that code
// and tests match on ("not-a-repository", "budget-reached"); `message` is shown to people and
// never contains a secret: every secret the process knows is scrubbed from it here, whatever
// echoed it (a provider's error body, a request id, a command's output).
struct Error
{
    QString code;
    QString message;

    Error() = default;
    Error(QString errorCode, QString errorMessage)
        : code(std::move(errorCode))
        , message(redactSecrets(errorMessage))
    {}
};

// An expected-style result: a value, or an Error. No exceptions cross the C API or Qt slots.
// Like Qt Creator's Utils::Result: check it, then take the value.
template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_state(std::move(value))
    {}
    Result(Error error)
        : m_state(std::move(error))
    {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_state); }
    T &value() & { return std::get<T>(m_state); }
    T &&value() && { return std::get<T>(std::move(m_state)); }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    const Error &error() const { return std::get<Error>(m_state); }
    QString errorMessage() const { return ok() ? QString() : error().message; }
    QString errorCode() const { return ok() ? QString() : error().code; }

    T valueOr(T fallback) const { return ok() ? value() : std::move(fallback); }

private:
    std::variant<T, Error> m_state;
};

// A result that carries no value: success, or an Error.
template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
    {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }
    QString errorMessage() const { return ok() ? QString() : m_error->message; }
    QString errorCode() const { return ok() ? QString() : m_error->code; }

private:
    std::optional<Error> m_error;
};

using VoidResult = Result<void>;

inline Error makeError(QString code, QString message)
{
    return Error(std::move(code), std::move(message));
}

} // namespace agentdesk
