// The one error shape of infra-flash, and the result type that carries it across
// module edges. Errors are values: no exception crosses a module boundary, and no
// code below main() exits the process.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace infra_flash {

// What went wrong, written for the person reading it, and where when there is a
// place to point at (a config file position, a payload field).
struct Error {
  std::string message;
  std::string file;  // empty when there is no file to point at
  int line = 0;      // 1-based; 0 when unknown
  int column = 0;    // 1-based; 0 when unknown
  // The HTTP status of the answer that failed a GitHub API call (403, 404, …); 0 when the
  // error is not such an answer. Callers decide on it, never on the message's text.
  int http_status = 0;

  // "FILE:LINE:COL: message", or as much of the position as is known.
  std::string ToString() const;
};

// Either a value or an Error. Construct from either; test with ok(). [[nodiscard]]: a
// dropped Result is a dropped error (write `(void)` with a comment where that is meant).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

// For operations that produce nothing but may fail.
struct Done {};
using Status = Result<Done>;
inline Status Ok() { return Done{}; }

}  // namespace infra_flash
