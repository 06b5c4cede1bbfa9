#include "support/mime_reader.hpp"

#include <stdexcept>

namespace slotpay::mail::testing {
namespace {

[[noreturn]] void fail(const std::string& why) { throw std::runtime_error("mime: " + why); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string trim(std::string_view s) {
  size_t a = s.find_first_not_of(" \t");
  if (a == std::string_view::npos) return "";
  size_t b = s.find_last_not_of(" \t");
  return std::string(s.substr(a, b - a + 1));
}

std::vector<std::string> split_lines(std::string_view text, bool lf) {
  std::vector<std::string> lines;
  std::string_view sep = lf ? "\n" : "\r\n";
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(sep, start);
    if (end == std::string_view::npos) {
      if (start < text.size()) lines.emplace_back(text.substr(start));
      break;
    }
    lines.emplace_back(text.substr(start, end - start));
    start = end + sep.size();
  }
  if (!lf)
    for (const std::string& l : lines)
      if (l.find_first_of("\r\n") != std::string::npos) fail("bare CR or LF");
  return lines;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Content-Type: "type/subtype; a=b; c=\"d\"".
void parse_content_type(std::string_view value, MimePart& part) {
  size_t semi = value.find(';');
  part.media_type = lower(trim(value.substr(0, semi)));
  while (semi != std::string_view::npos) {
    size_t start = semi + 1;
    size_t eq = value.find('=', start);
    if (eq == std::string_view::npos) fail("parameter without '=' in " + std::string(value));
    std::string name = lower(trim(value.substr(start, eq - start)));
    size_t j = eq + 1;
    std::string v;
    if (j < value.size() && value[j] == '"') {
      size_t close = value.find('"', j + 1);
      if (close == std::string_view::npos) fail("unclosed quote");
      v = std::string(value.substr(j + 1, close - j - 1));
      semi = value.find(';', close);
    } else {
      semi = value.find(';', j);
      v = trim(value.substr(j, semi == std::string_view::npos ? value.npos : semi - j));
    }
    part.params[name] = v;
  }
}

MimePart parse_entity(const std::vector<std::string>& lines, size_t begin, size_t end, bool lf) {
  MimePart part;
  size_t i = begin;
  for (; i < end && !lines[i].empty(); ++i) {
    const std::string& l = lines[i];
    if (l[0] == ' ' || l[0] == '\t') {
      if (part.headers.empty()) fail("continuation before any header");
      part.headers.back().second += l;  // unfolding keeps the whitespace
      continue;
    }
    size_t colon = l.find(':');
    if (colon == std::string::npos || colon == 0) fail("not a header line: " + l);
    std::string name = l.substr(0, colon);
    for (char c : name)
      if (c <= 32 || c >= 127) fail("bad header name: " + name);
    part.headers.push_back({name, trim(l.substr(colon + 1))});
  }
  size_t body_begin = i < end ? i + 1 : end;
  std::vector<std::string> types = part.all("Content-Type");
  if (types.size() > 1) fail("several Content-Type headers");
  parse_content_type(types.empty() ? "text/plain" : types[0], part);

  std::string eol = lf ? "\n" : "\r\n";
  if (part.media_type.starts_with("multipart/")) {
    auto b = part.params.find("boundary");
    if (b == part.params.end() || b->second.empty()) fail("multipart without boundary");
    std::string delim = "--" + b->second;
    std::vector<size_t> marks;
    size_t close = end;
    for (size_t k = body_begin; k < end; ++k) {
      if (lines[k] == delim) marks.push_back(k);
      if (lines[k] == delim + "--") {
        close = k;
        break;
      }
    }
    if (close == end) fail("multipart without closing delimiter " + delim);
    if (marks.empty()) fail("multipart without parts");
    marks.push_back(close);
    for (size_t m = 0; m + 1 < marks.size(); ++m)
      part.parts.push_back(parse_entity(lines, marks[m] + 1, marks[m + 1], lf));
    return part;
  }
  std::string raw;
  for (size_t k = body_begin; k < end; ++k) raw += lines[k] + (k + 1 < end ? eol : "");
  std::vector<std::string> cte = part.all("Content-Transfer-Encoding");
  std::string encoding = cte.empty() ? "7bit" : lower(cte[0]);
  if (encoding == "base64")
    part.body = decode_base64(raw);
  else if (encoding == "quoted-printable")
    part.body = decode_quoted_printable(raw);
  else
    part.body = raw;
  return part;
}

}  // namespace

std::vector<std::string> MimePart::all(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : headers)
    if (lower(n) == lower(name)) out.push_back(v);
  return out;
}

std::string MimePart::one(std::string_view name) const {
  auto v = all(name);
  if (v.size() != 1)
    fail("expected one " + std::string(name) + " header, got " + std::to_string(v.size()));
  return v[0];
}

const MimePart* MimePart::find(std::string_view type) const {
  if (parts.empty()) return media_type == type ? this : nullptr;
  for (const MimePart& p : parts)
    if (const MimePart* f = p.find(type)) return f;
  return nullptr;
}

MimePart parse_mime(std::string_view message, bool lf_line_ends) {
  if (!lf_line_ends) {
    for (char c : message)
      if (static_cast<unsigned char>(c) >= 128) fail("8-bit byte in a 7-bit message");
  }
  std::vector<std::string> lines = split_lines(message, lf_line_ends);
  if (!lf_line_ends)
    for (const std::string& l : lines)
      if (l.size() > 998) fail("line longer than 998 octets");
  return parse_entity(lines, 0, lines.size(), lf_line_ends);
}

std::string decode_base64(std::string_view text) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '+')
      v = 62;
    else if (c == '/')
      v = 63;
    else if (c == '=' || c == '\r' || c == '\n')
      continue;
    else
      fail(std::string("bad Base64 character ") + c);
    acc = acc << 6 | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>(acc >> bits & 0xFF);
    }
  }
  return out;
}

std::string decode_quoted_printable(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c != '=') {
      out += c;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '\n') {  // soft break (LF form)
      i += 1;
      continue;
    }
    if (i + 2 < text.size() && text[i + 1] == '\r' && text[i + 2] == '\n') {
      i += 2;
      continue;
    }
    if (i + 2 >= text.size() || hex(text[i + 1]) < 0 || hex(text[i + 2]) < 0)
      fail("bad quoted-printable escape");
    out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
    i += 2;
  }
  // Line breaks in the encoded text are CRLF (or LF as stored): normalise to LF.
  std::string normalised;
  for (size_t i = 0; i < out.size(); ++i)
    if (!(out[i] == '\r' && i + 1 < out.size() && out[i + 1] == '\n')) normalised += out[i];
  return normalised;
}

std::string decode_header(std::string_view value) {
  std::string out;
  size_t i = 0;
  bool last_was_word = false;
  while (i < value.size()) {
    size_t start = value.find("=?", i);
    if (start == std::string_view::npos) {
      out += std::string(value.substr(i));
      break;
    }
    std::string between(value.substr(i, start - i));
    bool only_space = between.find_first_not_of(" \t\r\n") == std::string::npos;
    size_t q1 = value.find('?', start + 2);
    size_t q2 = q1 == std::string_view::npos ? q1 : value.find('?', q1 + 1);
    size_t close = q2 == std::string_view::npos ? q2 : value.find("?=", q2 + 1);
    if (close == std::string_view::npos) {
      out += between + std::string(value.substr(start));
      break;
    }
    if (!(last_was_word && only_space)) out += between;
    std::string charset = lower(value.substr(start + 2, q1 - start - 2));
    std::string enc = lower(value.substr(q1 + 1, q2 - q1 - 1));
    std::string_view data = value.substr(q2 + 1, close - q2 - 1);
    if (charset != "utf-8") fail("unexpected charset " + charset);
    if (enc == "b") {
      out += decode_base64(data);
    } else if (enc == "q") {
      std::string d(data);
      for (char& c : d)
        if (c == '_') c = ' ';
      out += decode_quoted_printable(d);
    } else {
      fail("unknown encoding " + enc);
    }
    last_was_word = true;
    i = close + 2;
  }
  return out;
}

}  // namespace slotpay::mail::testing
