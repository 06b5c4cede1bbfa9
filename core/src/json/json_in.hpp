// Strict, non-throwing reading of JSON input. Every problem becomes an Error with
// the path of the offending field; nothing here can throw or abort, which is
// what keeps the native and the exceptions-off WASM build identical.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/json_value.hpp"
#include "slotpay/error.hpp"
#include "slotpay/time.hpp"

namespace slotpay::detail {

using json = JsonValue;

enum class Need { kRequired, kOptional };

// Limits on what one request may contain; inputs beyond them are refused with
// kInputTooLarge before or while parsing.
inline constexpr size_t kMaxRequestBytes = 4 * 1024 * 1024;
inline constexpr int kMaxNestingDepth = 32;
inline constexpr size_t kMaxStringBytes = 4096;

// Parses `text` into `out`. Refuses oversized and too deeply nested input
// (kInputTooLarge) and malformed JSON (kInvalidJson) without throwing.
std::optional<Error> parse_json(std::string_view text, json& out);

std::string join_path(std::string_view base, std::string_view key);
std::string index_path(std::string_view base, size_t index);

// Reads the members of one JSON object. Each getter records an error in `errors`
// (wrong type, out of range, missing) and returns nullopt/nullptr then.
class ObjectReader {
 public:
  ObjectReader(const json* value, std::string path, Errors& errors, Need need = Need::kRequired);

  bool present() const { return obj_ != nullptr; }
  const std::string& path() const { return path_; }
  std::string path_of(std::string_view key) const { return join_path(path_, key); }

  std::optional<std::string> string(std::string_view key, Need need, size_t max_len = 200);
  std::optional<int64_t> integer(std::string_view key, Need need, int64_t min, int64_t max);
  // A money amount: an integer >= 0 (kInvalidAmount when negative, kAmountOverflow
  // when it is beyond what can be computed with).
  std::optional<int64_t> amount(std::string_view key, Need need);
  std::optional<bool> boolean(std::string_view key, Need need);
  // An RFC 3339 timestamp with an explicit offset (kInvalidTime otherwise).
  std::optional<Instant> instant(std::string_view key, Need need);
  // A local date "YYYY-MM-DD" (kInvalidDate otherwise).
  std::optional<LocalDate> date(std::string_view key, Need need);
  const json* object(std::string_view key, Need need);
  const json* array(std::string_view key, Need need, size_t max_items);
  const json* any(std::string_view key, Need need);

  // Records kUnknownField for every member no getter asked for: a typo such as
  // "deposti" must not silently mean "no deposit".
  void reject_unknown();

 private:
  const json* member(std::string_view key, Need need);
  const json* obj_ = nullptr;
  std::string path_;
  Errors& errors_;
  std::vector<std::string> seen_;
};

// Largest amount accepted anywhere in input; far above any Stripe maximum and
// small enough that amount * 10000 (basis points) * 10000 (quantity) fits in int64.
inline constexpr int64_t kMaxInputAmount = 100'000'000'000'000;  // 10^14

}  // namespace slotpay::detail
