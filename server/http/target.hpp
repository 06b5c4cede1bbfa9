// The request target (origin form "/path?query") split and percent-decoded. Lenient
// like browsers and nginx about characters RFC 3986 wants escaped ('|', '{', '[' in
// queries), strict about broken escapes ("%4", "%zz"), which are refused.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace slotpay::server::http {

// Percent-decodes; `plus_is_space` for query parts (form encoding). nullopt on a
// malformed escape.
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);

struct Target {
  std::string path;  // decoded; always starts with '/'
  HeaderList query;  // decoded pairs in order; "a" alone gives ("a", "")
};

// nullopt when the target is not origin form (must start with '/') or has a bad escape.
std::optional<Target> parse_target(std::string_view target);

}  // namespace slotpay::server::http
