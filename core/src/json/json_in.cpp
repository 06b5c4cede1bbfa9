#include "json/json_in.hpp"

#include <algorithm>

namespace slotpay::detail {

std::optional<Error> parse_json(std::string_view text, json& out) {
  if (text.size() > kMaxRequestBytes) {
    return make_error(ErrorCode::kInputTooLarge, "",
                      "request is larger than " + std::to_string(kMaxRequestBytes) + " bytes");
  }
  // Depth is checked before parsing so that a hostile "[[[[..." never reaches a
  // recursive algorithm (destruction, copying) inside the JSON library.
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > kMaxNestingDepth)
        return make_error(ErrorCode::kInputTooLarge, "",
                          "JSON is nested deeper than " + std::to_string(kMaxNestingDepth));
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  if (!JsonValue::parse(text, out)) {
    return make_error(ErrorCode::kInvalidJson, "", "request is not valid JSON");
  }
  return std::nullopt;
}

std::string join_path(std::string_view base, std::string_view key) {
  if (base.empty()) return std::string(key);
  std::string p(base);
  p += '.';
  p += key;
  return p;
}

std::string index_path(std::string_view base, size_t index) {
  return std::string(base) + "[" + std::to_string(index) + "]";
}

ObjectReader::ObjectReader(const json* value, std::string path, Errors& errors, Need need)
    : path_(std::move(path)), errors_(errors) {
  if (value == nullptr) {
    if (need == Need::kRequired)
      errors_.push_back(make_error(ErrorCode::kMissingField, path_, path_ + " is required"));
    return;
  }
  if (!value->is_object()) {
    errors_.push_back(make_error(ErrorCode::kInvalidField, path_, path_ + " must be an object"));
    return;
  }
  obj_ = value;
}

const json* ObjectReader::member(std::string_view key, Need need) {
  if (obj_ == nullptr) return nullptr;
  seen_.emplace_back(key);
  const json* it = obj_->find(key);
  if (it == nullptr || it->is_null()) {
    if (need == Need::kRequired) {
      auto p = path_of(key);
      errors_.push_back(make_error(ErrorCode::kMissingField, p, p + " is required"));
    }
    return nullptr;
  }
  return it;
}

std::optional<std::string> ObjectReader::string(std::string_view key, Need need, size_t max_len) {
  const json* v = member(key, need);
  if (v == nullptr) return std::nullopt;
  auto p = path_of(key);
  if (!v->is_string()) {
    errors_.push_back(make_error(ErrorCode::kInvalidField, p, p + " must be a string"));
    return std::nullopt;
  }
  const auto& s = v->str();
  if (s.size() > max_len) {
    errors_.push_back(make_error(ErrorCode::kInvalidField, p,
                                 p + " is longer than " + std::to_string(max_len) + " bytes"));
    return std::nullopt;
  }
  return s;
}

std::optional<int64_t> ObjectReader::integer(std::string_view key, Need need, int64_t min,
                                             int64_t max) {
  const json* v = member(key, need);
  if (v == nullptr) return std::nullopt;
  auto p = path_of(key);
  const std::string range =
      " must be an integer from " + std::to_string(min) + " to " + std::to_string(max);
  if (v->is_number_integer() && !v->is_number_unsigned()) {
    int64_t n = v->as_int();
    if (n >= min && n <= max) return n;
  } else if (v->is_number_unsigned()) {
    uint64_t n = v->as_uint();
    if (n <= static_cast<uint64_t>(INT64_MAX) && static_cast<int64_t>(n) >= min &&
        static_cast<int64_t>(n) <= max)
      return static_cast<int64_t>(n);
  }
  errors_.push_back(make_error(ErrorCode::kInvalidField, p, p + range));
  return std::nullopt;
}

std::optional<int64_t> ObjectReader::amount(std::string_view key, Need need) {
  const json* v = member(key, need);
  if (v == nullptr) return std::nullopt;
  auto p = path_of(key);
  if (v->is_number_unsigned()) {
    uint64_t n = v->as_uint();
    if (n <= static_cast<uint64_t>(kMaxInputAmount)) return static_cast<int64_t>(n);
    errors_.push_back(make_error(ErrorCode::kAmountOverflow, p, p + " is too large"));
    return std::nullopt;
  }
  if (v->is_number_integer()) {
    int64_t n = v->as_int();
    if (n < 0) {
      errors_.push_back(make_error(ErrorCode::kInvalidAmount, p, p + " must not be negative"));
      return std::nullopt;
    }
    if (n > kMaxInputAmount) {
      errors_.push_back(make_error(ErrorCode::kAmountOverflow, p, p + " is too large"));
      return std::nullopt;
    }
    return n;
  }
  if (v->is_number_float()) {
    // kMaxInputAmount is 10^14: the flag says whether |double| > 10^14.
    static_assert(kMaxInputAmount == 100'000'000'000'000);
    if (v->float_beyond_1e14()) {
      errors_.push_back(make_error(ErrorCode::kAmountOverflow, p, p + " is too large"));
    } else {
      errors_.push_back(make_error(ErrorCode::kInvalidAmount, p,
                                   p + " must be an integer in the currency's minor unit"));
    }
    return std::nullopt;
  }
  errors_.push_back(make_error(ErrorCode::kInvalidField, p, p + " must be an integer amount"));
  return std::nullopt;
}

std::optional<bool> ObjectReader::boolean(std::string_view key, Need need) {
  const json* v = member(key, need);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    auto p = path_of(key);
    errors_.push_back(make_error(ErrorCode::kInvalidField, p, p + " must be true or false"));
    return std::nullopt;
  }
  return v->as_bool();
}

std::optional<Instant> ObjectReader::instant(std::string_view key, Need need) {
  auto text = string(key, need, 64);
  if (!text) return std::nullopt;
  auto parsed = parse_rfc3339(*text);
  if (!parsed) {
    auto p = path_of(key);
    errors_.push_back(make_error(ErrorCode::kInvalidTime, p,
                                 p + " must be an RFC 3339 time with an offset, e.g. "
                                     "2026-12-01T09:00:00-05:00"));
    return std::nullopt;
  }
  return parsed->instant;
}

std::optional<LocalDate> ObjectReader::date(std::string_view key, Need need) {
  auto text = string(key, need, 64);
  if (!text) return std::nullopt;
  auto parsed = parse_local_date(*text);
  if (!parsed) {
    auto p = path_of(key);
    errors_.push_back(
        make_error(ErrorCode::kInvalidDate, p, p + " must be a calendar date YYYY-MM-DD"));
    return std::nullopt;
  }
  return parsed;
}

const json* ObjectReader::object(std::string_view key, Need need) {
  const json* v = member(key, need);
  if (v == nullptr) return nullptr;
  if (!v->is_object()) {
    auto p = path_of(key);
    errors_.push_back(make_error(ErrorCode::kInvalidField, p, p + " must be an object"));
    return nullptr;
  }
  return v;
}

const json* ObjectReader::array(std::string_view key, Need need, size_t max_items) {
  const json* v = member(key, need);
  if (v == nullptr) return nullptr;
  auto p = path_of(key);
  if (!v->is_array()) {
    errors_.push_back(make_error(ErrorCode::kInvalidField, p, p + " must be an array"));
    return nullptr;
  }
  if (v->size() > max_items) {
    errors_.push_back(make_error(ErrorCode::kInputTooLarge, p,
                                 p + " has more than " + std::to_string(max_items) + " items"));
    return nullptr;
  }
  return v;
}

const json* ObjectReader::any(std::string_view key, Need need) { return member(key, need); }

void ObjectReader::reject_unknown() {
  if (obj_ == nullptr) return;
  for (const auto& m : obj_->members()) {  // in key order
    if (std::find(seen_.begin(), seen_.end(), m.key) == seen_.end()) {
      auto p = path_of(m.key.substr(0, 64));
      errors_.push_back(make_error(ErrorCode::kUnknownField, p, p + " is not a known field"));
    }
  }
}

}  // namespace slotpay::detail
