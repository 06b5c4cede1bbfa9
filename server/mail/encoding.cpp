#include "mail/encoding.hpp"

#include <array>
#include <cstdint>

namespace slotpay::mail {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kB64Url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr char kHexUpper[] = "0123456789ABCDEF";

std::string base64_with(std::string_view data, const char* alphabet, bool pad) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  auto byte = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(data[k])); };
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    out += alphabet[v >> 6 & 63];
    out += alphabet[v & 63];
  }
  size_t rest = data.size() - i;
  if (rest == 1) {
    uint32_t v = byte(i) << 16;
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    if (pad) out += "==";
  } else if (rest == 2) {
    uint32_t v = byte(i) << 16 | byte(i + 1) << 8;
    out += alphabet[v >> 18 & 63];
    out += alphabet[v >> 12 & 63];
    out += alphabet[v >> 6 & 63];
    if (pad) out += '=';
  }
  return out;
}

// Code point of a well-formed sequence at `p` of length `n`, or -1.
int32_t decode_sequence(std::string_view s, size_t p, size_t n) {
  if (p + n > s.size()) return -1;
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[p + k]); };
  if (n == 1) return b(0) < 0x80 ? b(0) : -1;
  int32_t cp = b(0) & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    if ((b(k) & 0xC0) != 0x80) return -1;
    cp = cp << 6 | (b(k) & 0x3F);
  }
  static constexpr std::array<int32_t, 5> kMin = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  return cp;
}

}  // namespace

size_t utf8_sequence_length(unsigned char lead) {
  if (lead < 0xC0) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  if (lead < 0xF8) return 4;
  return 1;
}

std::string sanitize_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    size_t n = utf8_sequence_length(static_cast<unsigned char>(text[i]));
    if (decode_sequence(text, i, n) >= 0) {
      out.append(text.substr(i, n));
      i += n;
    } else {
      out.append(kReplacement);
      ++i;  // resynchronise on the next byte
    }
  }
  return out;
}

std::string one_line(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    // C1 controls are U+0080..U+009F, encoded C2 80..C2 9F.
    bool c1 = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
              static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if (c < 0x20 || c == 0x7F || c == ' ' || c1) {
      pending_space = !out.empty();
      i += c1 ? 2 : 1;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    size_t n = utf8_sequence_length(c);
    out.append(text.substr(i, n));
    i += n;
  }
  return out;
}

std::string truncate_utf8(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
  if (max_bytes < kEllipsis.size()) return "";
  size_t budget = max_bytes - kEllipsis.size();
  size_t end = 0;
  while (end < text.size()) {
    size_t n = utf8_sequence_length(static_cast<unsigned char>(text[end]));
    if (end + n > budget) break;
    end += n;
  }
  return std::string(text.substr(0, end)) + std::string(kEllipsis);
}

bool is_ascii(std::string_view text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

std::string base64_encode(std::string_view data) { return base64_with(data, kB64, true); }

std::string base64_encode_lines(std::string_view data) {
  std::string flat = base64_encode(data);
  std::string out;
  out.reserve(flat.size() + flat.size() / 76 * 2 + 2);
  for (size_t i = 0; i < flat.size(); i += 76) {
    out.append(flat, i, 76);
    out += "\r\n";
  }
  return out;
}

std::string base64url_encode(std::string_view data) { return base64_with(data, kB64Url, false); }

std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '-') return 62;
    if (c == '_') return 63;
    return -1;
  };
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = value(c);
    if (v < 0) return std::nullopt;
    acc = acc << 6 | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>(acc >> bits & 0xFF);
    }
  }
  // Leftover bits must be zero: otherwise two texts would decode to the same bytes.
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

std::string quoted_printable_encode(std::string_view text) {
  std::string out;
  std::string line;  // the encoded current line, without its break
  auto flush_line = [&](bool hard_break) {
    // Whitespace at the end of a line would be stripped in transport: escape it.
    if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
      char c = line.back();
      line.pop_back();
      std::string esc = {'=', kHexUpper[c >> 4], kHexUpper[c & 15]};
      if (line.size() + esc.size() > 76) {
        out += line + "=\r\n";
        line.clear();
      }
      line += esc;
    }
    out += line;
    if (hard_break) out += "\r\n";
    line.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (c == '\n' || c == '\r') {
      flush_line(true);
      continue;
    }
    std::string piece;
    if ((c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t') {
      piece = std::string(1, static_cast<char>(c));
    } else {
      piece = {'=', kHexUpper[c >> 4], kHexUpper[c & 15]};
    }
    // Keep room for the soft break "=" so each line stays within 76 characters.
    if (line.size() + piece.size() > 75) {
      out += line + "=\r\n";
      line.clear();
    }
    line += piece;
  }
  flush_line(false);
  return out;
}

std::string encode_header_words(std::string_view text) {
  // ASCII that looks like an encoded-word would be decoded by the reader: encode it too.
  if (is_ascii(text) && text.find("=?") == std::string_view::npos) return std::string(text);
  // "=?UTF-8?B?" + 56 Base64 characters + "?=" is 68 characters: with "Subject: " in
  // front the first line stays within 78. 42 bytes per word.
  constexpr size_t kBytesPerWord = 42;
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t end = i;
    while (end < text.size()) {
      size_t n = utf8_sequence_length(static_cast<unsigned char>(text[end]));
      if (end + n - i > kBytesPerWord) break;
      end += n;
    }
    if (end == i) end = i + 1;  // unreachable for valid UTF-8; keeps the loop finite
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64_encode(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

}  // namespace slotpay::mail
