// Issue #12, demo only (--demo without SMTP): the outbox shown as local pages, so a
// demo shows the email a customer would get. Pure functions; the route file serves them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/booking_store.hpp"

namespace slotpay::server::http {

// The list page: one row per message (status, kind, recipients, subject, queued at),
// linking to /demo/outbox/{id} (the HTML body) and /demo/outbox/{id}/source. Every
// value is HTML-escaped.
std::string outbox_list_page(const std::vector<OutboxMessage>& messages);

// The HTML body of a message built by mail/message.cpp: the first text/html part,
// quoted-printable decoded. nullopt when there is none.
std::optional<std::string> html_body_of(std::string_view data);

// Quoted-printable decoding (RFC 2045: "=XX", soft line breaks "=\r\n"); a malformed
// escape is kept as written.
std::string quoted_printable_decode(std::string_view text);

}  // namespace slotpay::server::http
