#include "app/origins.hpp"

#include <algorithm>
#include <cctype>

namespace slotpay::server {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_ipv4(std::string_view h) {
  int parts = 0;
  size_t i = 0;
  while (i <= h.size()) {
    size_t j = h.find('.', i);
    if (j == std::string_view::npos) j = h.size();
    auto part = h.substr(i, j - i);
    if (part.empty() || part.size() > 3 ||
        !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoi(std::string(part)) > 255)
      return false;
    ++parts;
    i = j + 1;
    if (j == h.size()) break;
  }
  return parts == 4;
}

bool is_dns_name(std::string_view h) {
  if (h.empty() || h.size() > 253 || h.front() == '.' || h.back() == '.') return false;
  size_t label = 0;
  for (size_t i = 0; i < h.size(); ++i) {
    char c = h[i];
    if (c == '.') {
      if (label == 0 || h[i - 1] == '-') return false;
      label = 0;
      continue;
    }
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-')) return false;
    if (label == 0 && c == '-') return false;
    if (++label > 63) return false;
  }
  return h.back() != '-';
}

bool loopback_host(std::string_view h) {
  return h == "localhost" || h == "[::1]" || (is_ipv4(h) && h.substr(0, 4) == "127.");
}

}  // namespace

OriginCheck normalize_origin(std::string_view text) {
  OriginCheck out;
  std::string s = lower(text);
  if (!s.empty() && s.back() == '/') s.pop_back();
  std::string scheme;
  if (s.rfind("https://", 0) == 0)
    scheme = "https";
  else if (s.rfind("http://", 0) == 0)
    scheme = "http";
  else {
    out.error = "an origin starts with https:// (for example https://salon.example)";
    return out;
  }
  std::string rest = s.substr(scheme.size() + 3);
  if (rest.empty() || rest.find_first_of("/?#@\\ ") != std::string::npos) {
    out.error = "an origin is only scheme://host[:port], without path, query or user";
    return out;
  }
  std::string host = rest, port;
  if (rest.front() == '[') {
    auto close = rest.find(']');
    if (close == std::string::npos) {
      out.error = "unbalanced [ in the host";
      return out;
    }
    host = rest.substr(0, close + 1);
    if (close + 1 < rest.size()) {
      if (rest[close + 1] != ':') {
        out.error = "unexpected text after the host";
        return out;
      }
      port = rest.substr(close + 2);
    }
    if (host != "[::1]") {
      out.error = "IPv6 hosts other than [::1] are not accepted";
      return out;
    }
  } else if (auto colon = rest.find(':'); colon != std::string::npos) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
  }
  if (!(host.front() == '[' || is_ipv4(host) || is_dns_name(host))) {
    out.error = "the host is not a valid domain name or IP address";
    return out;
  }
  if (!port.empty() || rest.find(':') != std::string::npos) {
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoi(port) < 1 || std::stoi(port) > 65535) {
      out.error = "the port must be a number from 1 to 65535";
      return out;
    }
    port = std::to_string(std::stoi(port));
    if ((scheme == "https" && port == "443") || (scheme == "http" && port == "80")) port.clear();
  }
  if (scheme == "http" && !loopback_host(host)) {
    out.error = "only https origins are accepted (http only for localhost)";
    return out;
  }
  out.origin = scheme + "://" + host + (port.empty() ? "" : ":" + port);
  return out;
}

std::string origin_host(std::string_view origin) {
  auto p = origin.find("://");
  std::string_view rest = p == std::string_view::npos ? origin : origin.substr(p + 3);
  if (!rest.empty() && rest.front() == '[') {
    auto close = rest.find(']');
    return std::string(rest.substr(1, close == std::string_view::npos ? rest.size() : close - 1));
  }
  return std::string(rest.substr(0, rest.find(':')));
}

bool wallet_domain_ok(std::string_view host) {
  if (host == "localhost" || host.find('.') == std::string_view::npos) return false;
  if (is_ipv4(host) || host.find(':') != std::string_view::npos) return false;
  if (host.size() > 10 && host.substr(host.size() - 10) == ".localhost") return false;
  return is_dns_name(host);
}

}  // namespace slotpay::server
