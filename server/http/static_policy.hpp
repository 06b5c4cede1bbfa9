// The decisions of static file serving, as pure functions (unit-tested): which paths
// are servable, which precompressed variant to send, how long caches keep a file, when
// a conditional request gets 304, which Content-Type a file has.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace slotpay::server::http {

// A URL path below a mount (already percent-decoded, without the mount prefix) as a
// relative file path, or nullopt when it could leave the root or name a hidden file:
// "..", "." or empty segments inside, a segment starting with '.', a backslash or NUL.
// A path ending in '/' (or empty) names the folder's index.html.
std::optional<std::string> safe_relative_path(std::string_view url_path);

enum class Encoding { identity, gzip, br };
const char* encoding_token(Encoding e);  // "identity", "gzip", "br"

// The variant to send for an Accept-Encoding header value, among those that exist
// (identity always does). The highest q wins, ties go br > gzip > identity; q=0 refuses
// a coding ("*" covers codings not named). No header: identity. If nothing acceptable
// exists, identity anyway (RFC 9110 allows it; a 406 helps nobody).
Encoding choose_encoding(std::string_view accept_encoding, bool have_br, bool have_gzip);

// A content-hashed file name: a dot-separated segment of 8+ hex digits between the name
// and the extension ("slotpay-widget.3f9a1c2b.js", "core.0123abcd.wasm.map").
bool is_content_hashed(std::string_view file_name);

// Cache-Control for a file: hashed names are immutable for a year; HTML is revalidated
// every time (no-cache); everything else keeps 5 minutes.
std::string cache_control_for(std::string_view file_name);

// Content-Type by extension; application/octet-stream when unknown.
std::string content_type_for(std::string_view file_name);

// A strong ETag for these bytes: a quoted hash of the content.
std::string make_etag(std::string_view content);

// True when an If-None-Match value matches `etag` ("*", or any listed tag equal by the
// weak comparison RFC 9110 prescribes for If-None-Match: W/ prefixes ignored).
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace slotpay::server::http
