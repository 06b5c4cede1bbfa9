#include "stripe/origin.hpp"

#include <arpa/inet.h>

namespace slotpay::server {
namespace {

bool is_ip_literal(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

bool valid_host_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_';
}

}  // namespace

std::optional<Origin> parse_origin(const std::string& base_url) {
  Origin o;
  std::string rest;
  if (base_url.rfind("https://", 0) == 0) {
    o.tls = true;
    rest = base_url.substr(8);
  } else if (base_url.rfind("http://", 0) == 0) {
    o.tls = false;
    rest = base_url.substr(7);
  } else {
    return std::nullopt;
  }
  if (!rest.empty() && rest.back() == '/') rest.pop_back();
  if (rest.empty()) return std::nullopt;
  std::string port;
  if (rest.front() == '[') {
    size_t close = rest.find(']');
    if (close == std::string::npos) return std::nullopt;
    o.host = rest.substr(1, close - 1);
    std::string after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port = after.substr(1);
    }
    unsigned char buf[16];
    if (inet_pton(AF_INET6, o.host.c_str(), buf) != 1) return std::nullopt;
  } else {
    size_t colon = rest.find(':');
    o.host = rest.substr(0, colon);
    if (colon != std::string::npos) port = rest.substr(colon + 1);
    if (o.host.empty()) return std::nullopt;
    for (char c : o.host)
      if (!valid_host_char(c)) return std::nullopt;
  }
  if (port.empty() && rest.back() == ':') return std::nullopt;
  if (!port.empty()) {
    if (port.size() > 5) return std::nullopt;
    for (char c : port)
      if (c < '0' || c > '9') return std::nullopt;
    int n = std::stoi(port);
    if (n < 1 || n > 65535) return std::nullopt;
  }
  const std::string default_port = o.tls ? "443" : "80";
  o.port = port.empty() ? default_port : port;
  o.host_is_ip = is_ip_literal(o.host);
  std::string bracketed = o.host.find(':') != std::string::npos ? "[" + o.host + "]" : o.host;
  o.host_header = o.port == default_port ? bracketed : bracketed + ":" + o.port;
  return o;
}

}  // namespace slotpay::server
