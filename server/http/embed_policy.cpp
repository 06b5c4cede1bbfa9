#include "http/embed_policy.hpp"

#include <algorithm>

namespace slotpay::server::http {
namespace {

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool is_dns_host(std::string_view host) {
  if (host.empty() || host.size() > 253) return false;
  size_t label = 0;
  for (size_t i = 0; i <= host.size(); ++i) {
    if (i == host.size() || host[i] == '.') {
      // Empty labels ("a..b", ".a", "a.") and hyphens at a label's ends are refused.
      if (label == 0 || label > 63 || host[i - 1] == '-' || host[i - label] == '-') return false;
      label = 0;
      continue;
    }
    if (!is_alnum(host[i]) && host[i] != '-') return false;
    ++label;
  }
  return true;
}

bool is_ipv6_literal(std::string_view host) {
  if (host.size() < 4 || host.front() != '[' || host.back() != ']') return false;
  std::string_view inner = host.substr(1, host.size() - 2);
  if (inner.find(':') == std::string_view::npos) return false;
  return std::all_of(inner.begin(), inner.end(),
                     [](char c) { return is_hex(c) || c == ':' || c == '.'; });
}

bool is_port(std::string_view port) {
  if (port.empty() || port.size() > 5) return false;
  if (!std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  return std::stoi(std::string(port)) <= 65535;
}

}  // namespace

bool is_frame_origin(std::string_view origin) {
  std::string_view rest;
  if (origin.rfind("https://", 0) == 0)
    rest = origin.substr(8);
  else if (origin.rfind("http://", 0) == 0)
    rest = origin.substr(7);
  else
    return false;
  std::string_view host = rest, port;
  size_t colon = rest.rfind(':');
  size_t bracket = rest.rfind(']');
  if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
    host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    if (!is_port(port)) return false;
  }
  return is_dns_host(host) || is_ipv6_literal(host);
}

std::vector<std::string> frame_ancestors(const std::vector<std::string>& allowed_origins) {
  std::vector<std::string> out;
  for (const auto& o : allowed_origins)
    if (is_frame_origin(o) && std::find(out.begin(), out.end(), o) == out.end()) out.push_back(o);
  return out;
}

std::string embed_csp(const std::vector<std::string>& allowed_origins, EmbedCspOptions options) {
  const std::string loopback = options.loopback_sources ? " http://127.0.0.1:*" : "";
  std::string ancestors;
  for (const auto& o : frame_ancestors(allowed_origins)) ancestors += " " + o;
  if (ancestors.empty()) ancestors = " 'none'";
  return "default-src 'none'; "
         "script-src 'self' 'wasm-unsafe-eval' https://js.stripe.com https://*.js.stripe.com" +
         loopback + "; connect-src 'self' https://api.stripe.com" + loopback +
         "; frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com; "
         "style-src 'self' 'unsafe-inline'; img-src 'self' data: https://*.stripe.com; "
         "font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors" +
         ancestors;
}

std::string embed_page(std::string_view html, const std::vector<std::string>& allowed_origins) {
  std::string page(html);
  size_t at = page.find(kEmbedParentsMarker);
  if (at == std::string::npos) return page;
  std::string list;
  for (const auto& o : frame_ancestors(allowed_origins)) list += (list.empty() ? "" : " ") + o;
  // Valid origins hold no quote, '<', '>' or '&': safe inside the attribute as they are.
  page.replace(at, kEmbedParentsMarker.size(),
               R"(<meta name="slotpay-parents" content=")" + list + R"(" />)");
  return page;
}

}  // namespace slotpay::server::http
