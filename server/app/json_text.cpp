#include "app/json_text.hpp"

namespace slotpay::server {
namespace {

// The UTF-8 sequence starting at s[i], checked byte by byte as nlohmann's decoder
// (Hoehrmann's DFA) does: `length` bytes when valid; otherwise `consumed` is how many
// bytes the one U+FFFD replaces (the byte that broke a sequence is read again as the
// start of the next one, as nlohmann does).
struct Utf8Step {
  size_t length = 0;    // > 0: a valid sequence of this many bytes
  size_t consumed = 0;  // when invalid: bytes replaced by one U+FFFD
};

Utf8Step utf8_step(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c < 0x80) return {1, 0};
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;  // no overlong forms
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;  // no overlong forms
    if (c == 0xF4) hi = 0x8F;  // nothing past U+10FFFF
  } else {
    return {0, 1};
  }
  for (size_t k = 1; k < n; ++k) {
    if (i + k >= s.size()) return {0, k};  // cut short at the end
    unsigned char b = byte(i + k);
    unsigned char min = k == 1 ? lo : 0x80, max = k == 1 ? hi : 0xBF;
    if (b < min || b > max) return {0, k};
  }
  return {n, 0};
}

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  out += '"';
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      Utf8Step step = utf8_step(s, i);
      if (step.length == 0) {
        out += "\xEF\xBF\xBD";  // U+FFFD
        i += step.consumed;
      } else {
        out.append(s.data() + i, step.length);
        i += step.length;
      }
      continue;
    }
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
    ++i;
  }
  out += '"';
}

void JsonObjectText::member(std::string_view key) {
  if (!first_) out_ += ',';
  first_ = false;
  out_ += '"';
  out_ += key;
  out_ += "\":";
}

JsonObjectText& JsonObjectText::string(std::string_view key, std::string_view value) {
  member(key);
  append_json_string(out_, value);
  return *this;
}

JsonObjectText& JsonObjectText::integer(std::string_view key, int64_t value) {
  member(key);
  out_ += std::to_string(value);
  return *this;
}

JsonObjectText& JsonObjectText::boolean(std::string_view key, bool value) {
  member(key);
  out_ += value ? "true" : "false";
  return *this;
}

JsonObjectText& JsonObjectText::null(std::string_view key) {
  member(key);
  out_ += "null";
  return *this;
}

JsonObjectText& JsonObjectText::raw(std::string_view key, std::string_view json) {
  member(key);
  out_ += json;
  return *this;
}

JsonObjectText JsonObjectText::object(std::string_view key) {
  member(key);
  return JsonObjectText(out_);
}

}  // namespace slotpay::server
