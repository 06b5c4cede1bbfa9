// Byte-level encodings the mail module needs: UTF-8 hygiene, Base64 (RFC 4648, standard
// and URL-safe), quoted-printable bodies (RFC 2045) and encoded-words for headers
// (RFC 2047). Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace slotpay::mail {

// `text` with every invalid UTF-8 sequence (overlong forms, surrogates, code points
// above U+10FFFF, truncated sequences) replaced by U+FFFD. Valid text is unchanged.
std::string sanitize_utf8(std::string_view text);

// Length in bytes of the UTF-8 sequence whose lead byte is `lead` (1 for ASCII and for
// stray continuation bytes, so a loop over it always advances).
size_t utf8_sequence_length(unsigned char lead);

// `text` (valid UTF-8) with C0 controls, DEL and C1 controls replaced by one space each,
// runs of whitespace collapsed to one space, and the ends trimmed: what a header value,
// a display name or a one-line summary may hold. CR and LF are controls, so the result
// never breaks a header line.
std::string one_line(std::string_view text);

// At most `max_bytes` bytes of `text` (valid UTF-8), cut at a character boundary;
// "…" is appended (within the budget) when something was cut.
std::string truncate_utf8(std::string_view text, size_t max_bytes);

bool is_ascii(std::string_view text);

std::string base64_encode(std::string_view data);
// Base64 with CRLF after every 76 characters (a MIME body part).
std::string base64_encode_lines(std::string_view data);
// URL-safe alphabet, no padding (RFC 4648 section 5), for tokens in links.
std::string base64url_encode(std::string_view data);
// nullopt for any character outside the URL-safe alphabet, for padding, and for a
// length that no encoding produces (length % 4 == 1) or non-zero trailing bits, so
// each token has exactly one spelling.
std::optional<std::string> base64url_decode(std::string_view text);

// Quoted-printable (RFC 2045 section 6.7) of UTF-8 text: line breaks (LF or CRLF) become
// CRLF, other bytes outside printable ASCII and "=" are escaped, trailing whitespace on a
// line is escaped, and soft line breaks keep every line at most 76 characters.
std::string quoted_printable_encode(std::string_view text);

// A header's text (already one line) as RFC 2047 "B" encoded-words when it holds
// non-ASCII, each at most 75 characters and never splitting a UTF-8 sequence, joined by
// CRLF + space (folding). ASCII is returned unchanged unless it contains "=?", which a
// reader would take for the start of an encoded-word.
std::string encode_header_words(std::string_view text);

}  // namespace slotpay::mail
