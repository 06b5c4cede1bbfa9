// The core's own small JSON value: a strict RFC 8259 parser and a compact writer.
// It replaces nlohmann/json inside the core (issue #4: the WASM size budget) and is
// written to give exactly the decisions and bytes the core had with nlohmann:
//  - parse() accepts and refuses what nlohmann::json::parse (strict) does: the same
//    grammar, a leading UTF-8 BOM skipped, strings validated as UTF-8, unescaped
//    control characters refused, \u escapes incl. surrogate pairs, numbers that
//    overflow a double refused. Integers that fit int64 (negative) / uint64
//    (non-negative) are integers; other numbers are "floats" whose value is not
//    kept (the core only asks whether one is beyond +-10^14, exactly as the double
//    nlohmann would have read compares).
//  - objects read from text iterate in key order (byte-wise), a repeated key keeps
//    its last value (nlohmann::json's std::map); objects built in code keep
//    insertion order (nlohmann::ordered_json).
//  - dump() writes what nlohmann's dump(-1, ' ', false, replace) writes for the
//    values the core emits; invalid UTF-8 becomes U+FFFD the same way. The core
//    never emits floats; a parsed float is written as null.
// Nothing here throws or does I/O.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace slotpay {

class JsonValue {
 public:
  enum class Type : uint8_t { kNull, kBool, kInt, kUint, kFloat, kString, kArray, kObject };
  struct Member;

  JsonValue() = default;
  JsonValue(std::nullptr_t) {}
  JsonValue(bool b) : type_(Type::kBool) { u_ = b ? 1 : 0; }
  template <class T, std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>, int> = 0>
  JsonValue(T n) {
    if constexpr (std::is_signed_v<T>) {
      type_ = Type::kInt;
      u_ = static_cast<uint64_t>(static_cast<int64_t>(n));
    } else {
      type_ = Type::kUint;
      u_ = static_cast<uint64_t>(n);
    }
  }
  JsonValue(std::string s) : type_(Type::kString), str_(std::move(s)) {}
  JsonValue(const char* s) : type_(Type::kString), str_(s) {}
  JsonValue(const std::vector<std::string>& list);

  static JsonValue array() { return make(Type::kArray); }
  static JsonValue object() { return make(Type::kObject); }

  // Parses `text` as one JSON document into `out`; false (and `out` null) when it
  // is not valid JSON or nests deeper than `max_depth`.
  static bool parse(std::string_view text, JsonValue& out, int max_depth = 512);

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }
  bool is_boolean() const { return type_ == Type::kBool; }
  bool is_number_integer() const { return type_ == Type::kInt || type_ == Type::kUint; }
  bool is_number_unsigned() const { return type_ == Type::kUint; }
  bool is_number_float() const { return type_ == Type::kFloat; }
  bool is_string() const { return type_ == Type::kString; }
  bool is_array() const { return type_ == Type::kArray; }
  bool is_object() const { return type_ == Type::kObject; }

  bool as_bool() const { return u_ != 0; }
  int64_t as_int() const { return static_cast<int64_t>(u_); }
  uint64_t as_uint() const { return u_; }
  // For a float: whether the double it denotes is beyond +-10^14.
  bool float_beyond_1e14() const { return u_ != 0; }
  const std::string& str() const { return str_; }

  // Arrays and objects: the number of elements / members (0 for other types).
  size_t size() const;
  const JsonValue& operator[](size_t i) const { return items_[i]; }
  const std::vector<JsonValue>& items() const { return items_; }
  const std::vector<Member>& members() const { return members_; }
  // The member named `key` of an object, nullptr when absent (or not an object).
  const JsonValue* find(std::string_view key) const;

  // Building output: a null becomes an object / an array on first use.
  JsonValue& operator[](std::string_view key);
  void push_back(JsonValue v);

  std::string dump() const;
  void dump_to(std::string& out) const;
  // Appends `s` as a JSON string literal (quotes included).
  static void dump_string(std::string& out, std::string_view s);

 private:
  static JsonValue make(Type t) {
    JsonValue v;
    v.type_ = t;
    return v;
  }
  friend class JsonParser;

  Type type_ = Type::kNull;
  uint64_t u_ = 0;  // bool, integer bits, or the float's "beyond 10^14" flag
  std::string str_;
  std::vector<JsonValue> items_;
  std::vector<Member> members_;
};

struct JsonValue::Member {
  std::string key;
  JsonValue value;
};

}  // namespace slotpay
