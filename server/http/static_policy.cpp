#include "http/static_policy.hpp"

#include <array>
#include <utility>

#include "app/crypto.hpp"
#include "http/message.hpp"

namespace slotpay::server::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// RFC 9110 qvalue as thousandths: "0", "0.5", "1.000"; nullopt when malformed.
std::optional<int> parse_qvalue(std::string_view v) {
  if (v.empty() || (v[0] != '0' && v[0] != '1')) return std::nullopt;
  int whole = v[0] - '0';
  if (v.size() == 1) return whole * 1000;
  if (v[1] != '.' || v.size() > 5) return std::nullopt;
  int frac = 0, digits = 0;
  for (char c : v.substr(2)) {
    if (c < '0' || c > '9') return std::nullopt;
    frac = frac * 10 + (c - '0');
    ++digits;
  }
  for (; digits < 3; ++digits) frac *= 10;
  if (whole == 1 && frac != 0) return std::nullopt;
  return whole * 1000 + frac;
}

std::string_view extension_of(std::string_view name) {
  auto slash = name.find_last_of('/');
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  auto dot = name.find_last_of('.');
  return dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
}

bool is_hex_segment(std::string_view s) {
  if (s.size() < 8) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  return true;
}

}  // namespace

std::optional<std::string> safe_relative_path(std::string_view url_path) {
  std::string out;
  bool folder = url_path.empty() || url_path.back() == '/';
  std::string_view rest = url_path;
  while (!rest.empty()) {
    auto slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    if (seg.empty()) {
      if (rest.empty() && folder) break;  // the trailing '/'
      return std::nullopt;
    }
    if (seg[0] == '.') return std::nullopt;  // ".", "..", hidden files
    for (char c : seg)
      if (c == '\\' || c == '\0' || c == ':') return std::nullopt;
    if (!out.empty()) out += '/';
    out += seg;
  }
  if (folder) out += out.empty() ? "index.html" : "/index.html";
  return out;
}

const char* encoding_token(Encoding e) {
  switch (e) {
    case Encoding::br:
      return "br";
    case Encoding::gzip:
      return "gzip";
    case Encoding::identity:
      break;
  }
  return "identity";
}

Encoding choose_encoding(std::string_view accept_encoding, bool have_br, bool have_gzip) {
  accept_encoding = trim(accept_encoding);
  if (accept_encoding.empty()) return Encoding::identity;
  // q in thousandths per coding; -1 = not named.
  int q_br = -1, q_gzip = -1, q_identity = -1, q_star = -1;
  std::string_view rest = accept_encoding;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string_view item = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (item.empty()) continue;
    auto semi = item.find(';');
    std::string_view coding = trim(item.substr(0, semi));
    std::optional<int> q = 1000;
    while (semi != std::string_view::npos) {
      std::string_view params = item.substr(semi + 1);
      semi = params.find(';');
      std::string_view p = trim(params.substr(0, semi));
      auto eq = p.find('=');
      if (eq != std::string_view::npos && iequals(trim(p.substr(0, eq)), "q"))
        q = parse_qvalue(trim(p.substr(eq + 1)));
    }
    if (!q) continue;  // a malformed element is ignored
    if (iequals(coding, "br"))
      q_br = *q;
    else if (iequals(coding, "gzip") || iequals(coding, "x-gzip"))
      q_gzip = *q;
    else if (iequals(coding, "identity"))
      q_identity = *q;
    else if (coding == "*")
      q_star = *q;
  }
  auto effective = [&](int named, bool identity) {
    if (named >= 0) return named;
    if (q_star >= 0) return q_star;
    return identity ? 1 : 0;  // identity stays acceptable unless refused
  };
  std::array<std::pair<Encoding, int>, 3> candidates = {{
      {Encoding::br, have_br ? effective(q_br, false) : 0},
      {Encoding::gzip, have_gzip ? effective(q_gzip, false) : 0},
      {Encoding::identity, effective(q_identity, true)},
  }};
  Encoding best = Encoding::identity;
  int best_q = 0;
  for (const auto& [e, q] : candidates)
    if (q > best_q) best = e, best_q = q;
  return best;
}

bool is_content_hashed(std::string_view file_name) {
  auto slash = file_name.find_last_of('/');
  if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
  // Segments strictly between the first (the name) and the last (the extension).
  auto first = file_name.find('.');
  auto last = file_name.find_last_of('.');
  if (first == std::string_view::npos || first == last) return false;
  std::string_view middle = file_name.substr(first + 1, last - first - 1);
  while (true) {
    auto dot = middle.find('.');
    if (is_hex_segment(middle.substr(0, dot))) return true;
    if (dot == std::string_view::npos) return false;
    middle.remove_prefix(dot + 1);
  }
}

std::string cache_control_for(std::string_view file_name) {
  if (is_content_hashed(file_name)) return "public, max-age=31536000, immutable";
  auto ext = extension_of(file_name);
  if (iequals(ext, "html") || iequals(ext, "htm")) return "no-cache";
  return "public, max-age=300";
}

std::string content_type_for(std::string_view file_name) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {"html", "text/html; charset=utf-8"},
      {"htm", "text/html; charset=utf-8"},
      {"js", "text/javascript; charset=utf-8"},
      {"mjs", "text/javascript; charset=utf-8"},
      {"css", "text/css; charset=utf-8"},
      {"json", "application/json"},
      {"map", "application/json"},
      {"wasm", "application/wasm"},
      {"svg", "image/svg+xml"},
      {"png", "image/png"},
      {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"},
      {"gif", "image/gif"},
      {"webp", "image/webp"},
      {"avif", "image/avif"},
      {"ico", "image/x-icon"},
      {"txt", "text/plain; charset=utf-8"},
      {"md", "text/markdown; charset=utf-8"},
      {"xml", "application/xml"},
      {"woff", "font/woff"},
      {"woff2", "font/woff2"},
      {"ttf", "font/ttf"},
      {"ics", "text/calendar; charset=utf-8"},
      {"pdf", "application/pdf"},
      {"webmanifest", "application/manifest+json"},
  };
  auto ext = extension_of(file_name);
  for (const auto& [e, type] : kTypes)
    if (iequals(ext, e)) return type;
  return "application/octet-stream";
}

std::string make_etag(std::string_view content) {
  std::string hex = sha256_hex(content);
  std::string tag(34, '"');
  hex.copy(tag.data() + 1, 32);
  return tag;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  auto opaque = [](std::string_view t) {
    t = trim(t);
    if (t.size() >= 2 && t[0] == 'W' && t[1] == '/') t.remove_prefix(2);
    return t;
  };
  std::string_view want = opaque(etag);
  std::string_view rest = trim(if_none_match);
  if (rest == "*") return true;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string_view tag = opaque(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (!tag.empty() && tag == want) return true;
  }
  return false;
}

}  // namespace slotpay::server::http
