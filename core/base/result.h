// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace Capstan {

/// Wraps an error for construction of a Result: `return Failure(tr("..."));`.
template<typename E = QString>
struct Failure
{
    E error;
    explicit Failure(E e)
        : error(std::move(e))
    { }
};
template<typename E>
Failure(E) -> Failure<E>;
Failure(const char16_t *)->Failure<QString>;

/// A value or an error, for every recoverable failure in core/
/// (C++20 has no std::expected). Errors are user-readable messages unless a
/// subsystem defines a richer error type.
template<typename T, typename E = QString>
class [[nodiscard]] Result
{
public:
    using value_type = T;
    using error_type = E;

    Result(const T &value)
        : m_data(std::in_place_index<0>, value)
    { }
    Result(T &&value)
        : m_data(std::in_place_index<0>, std::move(value))
    { }
    template<typename F>
    Result(Failure<F> failure)
        : m_data(std::in_place_index<1>, E(std::move(failure.error)))
    { }

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const T *operator->() const { return &value(); }
    const T &operator*() const & { return value(); }

    const E &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, E> m_data;
};

/// Success or an error, for operations without a value.
template<typename E>
class [[nodiscard]] Result<void, E>
{
public:
    Result() = default;
    template<typename F>
    Result(Failure<F> failure)
        : m_error(E(std::move(failure.error)))
        , m_ok(false)
    { }

    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const E &error() const { return m_error; }

private:
    E m_error{};
    bool m_ok = true;
};

} // namespace Capstan
