// Issue #9 item 4: the iframe page (embed.html) is served per merchant. Who may frame it
// is the merchant's allowed origins, sent as `Content-Security-Policy: frame-ancestors`
// (a meta CSP cannot carry frame-ancestors), and the same list goes into the page so its
// script refuses a `parent` parameter outside it. Pure functions, unit-tested.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace slotpay::server::http {

// True for a bare web origin that is safe as a CSP source and as an HTML attribute word:
// "http://" or "https://", a host (DNS labels of [A-Za-z0-9-] joined by dots, or an IPv6
// literal in brackets of hex digits, ':' and '.'), an optional ":port" (1-5 digits, at
// most 65535), nothing else: no path, no trailing '/', no wildcard, no user info, no
// space, ';', ',', quote or control character.
bool is_frame_origin(std::string_view origin);

// The merchant's origins that may frame its page: the valid ones (is_frame_origin), in
// order, without duplicates. Invalid entries are dropped, never passed through.
std::vector<std::string> frame_ancestors(const std::vector<std::string>& allowed_origins);

struct EmbedCspOptions {
  // The local Stripe.js test double (http://127.0.0.1:*) in script-src and connect-src.
  // Only for --demo and tests; the production policy names no loopback source.
  bool loopback_sources = false;
};

// The page's whole policy: Stripe's documented sources, 'wasm-unsafe-eval' for the core,
// inline styles for the Shadow DOM, and `frame-ancestors` with the valid origins of
// `allowed_origins` ('none' when there are none).
std::string embed_csp(const std::vector<std::string>& allowed_origins, EmbedCspOptions options);

// The marker embed.html carries in its <head> (web/src/embed.html) and the page with the
// marker's content set to the space-separated frame_ancestors(allowed_origins), which
// embed.ts reads. A page without the marker is returned unchanged (its script then
// accepts no parent).
inline constexpr std::string_view kEmbedParentsMarker =
    R"(<meta name="slotpay-parents" content="" />)";
std::string embed_page(std::string_view html, const std::vector<std::string>& allowed_origins);

}  // namespace slotpay::server::http
