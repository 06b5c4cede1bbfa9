#include "json/json_value.hpp"

#include <algorithm>

namespace slotpay {

JsonValue::JsonValue(const std::vector<std::string>& list) : type_(Type::kArray) {
  items_.reserve(list.size());
  for (const auto& s : list) items_.emplace_back(s);
}

size_t JsonValue::size() const {
  if (type_ == Type::kArray) return items_.size();
  if (type_ == Type::kObject) return members_.size();
  return 0;
}

const JsonValue* JsonValue::find(std::string_view key) const {
  for (const auto& m : members_)
    if (m.key == key) return &m.value;
  return nullptr;
}

JsonValue& JsonValue::operator[](std::string_view key) {
  if (type_ == Type::kNull) type_ = Type::kObject;
  for (auto& m : members_)
    if (m.key == key) return m.value;
  members_.push_back(Member{std::string(key), JsonValue()});
  return members_.back().value;
}

void JsonValue::push_back(JsonValue v) {
  if (type_ == Type::kNull) type_ = Type::kArray;
  items_.push_back(std::move(v));
}

// ---------------------------------------------------------------------------------
// Writer

namespace {

void append_uint(std::string& out, uint64_t n) {
  char buf[20];
  int len = 0;
  do {
    buf[len++] = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n != 0);
  while (len > 0) out += buf[--len];
}

// Length of the well-formed UTF-8 sequence at s[i] (RFC 3629), or 0 when the bytes
// there do not start one; `valid_prefix` gets how many of its bytes were acceptable
// before the first offending one (the maximal subpart replaced by one U+FFFD).
size_t utf8_sequence(std::string_view s, size_t i, size_t& valid_prefix) {
  const auto b = static_cast<unsigned char>(s[i]);
  size_t need;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b < 0x80) return 1;
  if (b >= 0xC2 && b <= 0xDF) {
    need = 1;
  } else if (b >= 0xE0 && b <= 0xEF) {
    need = 2;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    need = 3;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;
  } else {
    valid_prefix = 0;
    return 0;
  }
  for (size_t k = 1; k <= need; ++k) {
    if (i + k >= s.size()) {
      valid_prefix = k;
      return 0;
    }
    const auto c = static_cast<unsigned char>(s[i + k]);
    if (c < lo || c > hi) {
      valid_prefix = k;
      return 0;
    }
    lo = 0x80;
    hi = 0xBF;
  }
  return need + 1;
}

}  // namespace

void JsonValue::dump_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '\b':
          out += "\\b";
          break;
        case '\t':
          out += "\\t";
          break;
        case '\n':
          out += "\\n";
          break;
        case '\f':
          out += "\\f";
          break;
        case '\r':
          out += "\\r";
          break;
        case '"':
          out += "\\\"";
          break;
        case '\\':
          out += "\\\\";
          break;
        default:
          if (c <= 0x1F) {
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 15];
          } else {
            out += static_cast<char>(c);
          }
      }
      ++i;
      continue;
    }
    size_t prefix = 0;
    const size_t len = utf8_sequence(s, i, prefix);
    if (len > 0) {
      out.append(s.data() + i, len);
      i += len;
    } else {
      // As nlohmann's error_handler_t::replace: one U+FFFD for the invalid lead byte
      // or the maximal valid prefix; the offending byte is then read again.
      out += "\xEF\xBF\xBD";
      i += prefix == 0 ? 1 : prefix;
    }
  }
  out += '"';
}

void JsonValue::dump_to(std::string& out) const {
  switch (type_) {
    case Type::kNull:
    case Type::kFloat:  // never emitted by the core
      out += "null";
      break;
    case Type::kBool:
      out += u_ ? "true" : "false";
      break;
    case Type::kInt:
      if (as_int() < 0) {
        out += '-';
        append_uint(out, 0 - u_);
      } else {
        append_uint(out, u_);
      }
      break;
    case Type::kUint:
      append_uint(out, u_);
      break;
    case Type::kString:
      dump_string(out, str_);
      break;
    case Type::kArray:
      out += '[';
      for (size_t i = 0; i < items_.size(); ++i) {
        if (i > 0) out += ',';
        items_[i].dump_to(out);
      }
      out += ']';
      break;
    case Type::kObject:
      out += '{';
      for (size_t i = 0; i < members_.size(); ++i) {
        if (i > 0) out += ',';
        dump_string(out, members_[i].key);
        out += ':';
        members_[i].value.dump_to(out);
      }
      out += '}';
      break;
  }
}

std::string JsonValue::dump() const {
  std::string out;
  dump_to(out);
  return out;
}

// ---------------------------------------------------------------------------------
// Parser

namespace {

// A decimal number as 0.D1D2...Dn x 10^exp with D1 != 0 and Dn != 0 (digits empty
// for zero). Compares exactly against the thresholds below.
struct Decimal {
  std::string digits;
  int64_t exp = 0;
};

// > 0 when a > b, 0 when equal, < 0 when smaller (both non-negative).
int compare(const Decimal& a, std::string_view b_digits, int64_t b_exp) {
  if (a.digits.empty()) return b_digits.empty() ? 0 : -1;
  if (a.exp != b_exp) return a.exp > b_exp ? 1 : -1;
  const int c = std::string_view(a.digits).compare(b_digits);
  return c > 0 ? 1 : (c < 0 ? -1 : 0);
}

// 2^1024 - 2^970: the smallest magnitude that rounds to infinity (a tie rounds up:
// DBL_MAX's significand is odd).
constexpr std::string_view kOverflowDigits =
    "179769313486231580793728971405303415079934132710037826936173778980444968292764750"
    "946649017977587207096330286416692887910946555547851940402630657488671505820681908"
    "902000708383676273854845817711531764475730270069855571366959622842914819860834936"
    "475292719074168444365510704342711559699508093042880177904174497792";
constexpr int64_t kOverflowExp = 309;
// 10^14 + 2^-7: halfway between 10^14 and the next double; a tie rounds to 10^14
// (even significand), so a double is > 10^14 iff the exact value is > this.
constexpr std::string_view kBeyond1e14Digits = "1000000000000000078125";
constexpr int64_t kBeyond1e14Exp = 15;

}  // namespace

class JsonParser {
 public:
  JsonParser(std::string_view text, int max_depth) : s_(text), max_depth_(max_depth) {}

  bool document(JsonValue& out) {
    if (s_.size() >= 1 && static_cast<unsigned char>(s_[0]) == 0xEF) {
      if (s_.size() < 3 || static_cast<unsigned char>(s_[1]) != 0xBB ||
          static_cast<unsigned char>(s_[2]) != 0xBF)
        return false;
      pos_ = 3;
    }
    skip_ws();
    if (!value(out, 0)) return false;
    skip_ws();
    return pos_ == s_.size();
  }

 private:
  using Type = JsonValue::Type;

  bool at_end() const { return pos_ >= s_.size(); }
  char peek() const { return s_[pos_]; }

  void skip_ws() {
    while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
      ++pos_;
  }

  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  bool value(JsonValue& out, int depth) {
    if (at_end()) return false;
    switch (peek()) {
      case '{':
        return object(out, depth + 1);
      case '[':
        return array(out, depth + 1);
      case '"':
        out.type_ = Type::kString;
        return string(out.str_);
      case 't':
        out.type_ = Type::kBool;
        out.u_ = 1;
        return literal("true");
      case 'f':
        out.type_ = Type::kBool;
        out.u_ = 0;
        return literal("false");
      case 'n':
        return literal("null");
      default:
        return number(out);
    }
  }

  bool object(JsonValue& out, int depth) {
    if (depth > max_depth_) return false;
    ++pos_;
    out.type_ = Type::kObject;
    auto& members = out.members_;
    skip_ws();
    if (!at_end() && peek() == '}') {
      ++pos_;
      return true;
    }
    for (;;) {
      skip_ws();
      if (at_end() || peek() != '"') return false;
      JsonValue::Member m;
      if (!string(m.key)) return false;
      skip_ws();
      if (at_end() || peek() != ':') return false;
      ++pos_;
      skip_ws();
      if (!value(m.value, depth)) return false;
      members.push_back(std::move(m));
      skip_ws();
      if (at_end()) return false;
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() != '}') return false;
      ++pos_;
      break;
    }
    // Key order, the last of repeated keys winning (as nlohmann::json's std::map).
    // Sorting indices, not members, keeps the instantiation small (WASM size).
    if (members.size() < 2) return true;
    std::vector<uint32_t> order(members.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
    std::sort(order.begin(), order.end(), [&members](uint32_t a, uint32_t b) {
      const int c = members[a].key.compare(members[b].key);
      return c < 0 || (c == 0 && a < b);
    });
    std::vector<JsonValue::Member> sorted;
    sorted.reserve(members.size());
    for (uint32_t i : order) {
      if (!sorted.empty() && sorted.back().key == members[i].key)
        sorted.back().value = std::move(members[i].value);
      else
        sorted.push_back(std::move(members[i]));
    }
    members = std::move(sorted);
    return true;
  }

  bool array(JsonValue& out, int depth) {
    if (depth > max_depth_) return false;
    ++pos_;
    out.type_ = Type::kArray;
    skip_ws();
    if (!at_end() && peek() == ']') {
      ++pos_;
      return true;
    }
    for (;;) {
      skip_ws();
      out.items_.emplace_back();
      if (!value(out.items_.back(), depth)) return false;
      skip_ws();
      if (at_end()) return false;
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() != ']') return false;
      ++pos_;
      return true;
    }
  }

  bool hex4(uint32_t& cp) {
    if (s_.size() - pos_ < 4) return false;
    cp = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[pos_++];
      uint32_t d;
      if (c >= '0' && c <= '9')
        d = static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        d = static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        d = static_cast<uint32_t>(c - 'A' + 10);
      else
        return false;
      cp = cp * 16 + d;
    }
    return true;
  }

  static void put_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  bool string(std::string& out) {
    ++pos_;  // the opening quote
    for (;;) {
      if (at_end()) return false;
      const auto c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        if (++pos_ >= s_.size()) return false;
        const char e = s_[pos_++];
        switch (e) {
          case '"':
            out += '"';
            break;
          case '\\':
            out += '\\';
            break;
          case '/':
            out += '/';
            break;
          case 'b':
            out += '\b';
            break;
          case 'f':
            out += '\f';
            break;
          case 'n':
            out += '\n';
            break;
          case 'r':
            out += '\r';
            break;
          case 't':
            out += '\t';
            break;
          case 'u': {
            uint32_t cp;
            if (!hex4(cp)) return false;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
              uint32_t lo;
              if (!literal("\\u") || !hex4(lo) || lo < 0xDC00 || lo > 0xDFFF) return false;
              cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
              return false;
            }
            put_utf8(out, cp);
            break;
          }
          default:
            return false;
        }
        continue;
      }
      if (c < 0x80) {
        out += static_cast<char>(c);
        ++pos_;
        continue;
      }
      size_t prefix = 0;
      const size_t len = utf8_sequence(s_, pos_, prefix);
      if (len == 0) return false;
      out.append(s_.data() + pos_, len);
      pos_ += len;
    }
  }

  bool digit() const { return !at_end() && peek() >= '0' && peek() <= '9'; }

  bool number(JsonValue& out) {
    const bool negative = peek() == '-';
    if (negative) ++pos_;
    if (!digit()) return false;
    const size_t int_begin = pos_;
    if (peek() == '0') {
      ++pos_;
    } else {
      while (digit()) ++pos_;
    }
    const size_t int_end = pos_;
    size_t frac_begin = pos_, frac_end = pos_;
    bool is_float = false;
    if (!at_end() && peek() == '.') {
      ++pos_;
      if (!digit()) return false;
      frac_begin = pos_;
      while (digit()) ++pos_;
      frac_end = pos_;
      is_float = true;
    }
    int64_t exp10 = 0;
    if (!at_end() && (peek() == 'e' || peek() == 'E')) {
      ++pos_;
      bool exp_negative = false;
      if (!at_end() && (peek() == '+' || peek() == '-')) exp_negative = s_[pos_++] == '-';
      if (!digit()) return false;
      while (digit()) {
        if (exp10 < 1'000'000'000) exp10 = exp10 * 10 + (peek() - '0');
        ++pos_;
      }
      if (exp_negative) exp10 = -exp10;
      is_float = true;
    }
    if (!is_float) {
      // An integer: uint64 when non-negative, int64 when negative, if it fits.
      uint64_t n = 0;
      bool fits = true;
      for (size_t i = int_begin; i < int_end; ++i) {
        const auto d = static_cast<uint64_t>(s_[i] - '0');
        if (n > (UINT64_MAX - d) / 10) {
          fits = false;
          break;
        }
        n = n * 10 + d;
      }
      if (fits && !negative) {
        out.type_ = Type::kUint;
        out.u_ = n;
        return true;
      }
      if (fits && n <= static_cast<uint64_t>(INT64_MAX) + 1) {
        out.type_ = Type::kInt;
        out.u_ = 0 - n;
        return true;
      }
    }
    // A float (or an integer beyond 64 bits): only its magnitude class is kept.
    Decimal d;
    d.exp = exp10 + static_cast<int64_t>(int_end - int_begin);
    for (size_t i = int_begin; i < int_end; ++i) d.digits += s_[i];
    for (size_t i = frac_begin; i < frac_end; ++i) d.digits += s_[i];
    size_t lead = 0;
    while (lead < d.digits.size() && d.digits[lead] == '0') ++lead;
    d.digits.erase(0, lead);
    d.exp -= static_cast<int64_t>(lead);
    while (!d.digits.empty() && d.digits.back() == '0') d.digits.pop_back();
    if (compare(d, kOverflowDigits, kOverflowExp) >= 0) return false;  // not finite
    out.type_ = Type::kFloat;
    out.u_ = compare(d, kBeyond1e14Digits, kBeyond1e14Exp) > 0 ? 1 : 0;
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  int max_depth_;
};

bool JsonValue::parse(std::string_view text, JsonValue& out, int max_depth) {
  out = JsonValue();
  JsonParser p(text, max_depth);
  if (p.document(out)) return true;
  out = JsonValue();
  return false;
}

}  // namespace slotpay
