// A small, strict MIME reader for the tests: RFC 5322 headers (unfolded, CRLF only,
// lines at most 998 octets, every byte 7-bit), RFC 2047 encoded-words, multipart bodies
// split on their boundary, and quoted-printable / Base64 bodies decoded. Written from the
// RFCs, independent of the builder under test. Malformed input throws
// std::runtime_error.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slotpay::mail::testing {

struct MimePart {
  std::vector<std::pair<std::string, std::string>> headers;  // name as written, value unfolded
  std::string media_type;                                    // "multipart/mixed", lowercase
  std::map<std::string, std::string> params;                 // Content-Type parameters
  std::string body;                                          // decoded (leaf parts)
  std::vector<MimePart> parts;                               // multipart children

  // Every value of the header `name` (case-insensitive).
  std::vector<std::string> all(std::string_view name) const;
  // The only value of `name`; throws when absent or repeated.
  std::string one(std::string_view name) const;
  // The first leaf part of `media_type`, depth-first, or nullptr.
  const MimePart* find(std::string_view media_type) const;
};

// Parses a message as delivered (the maildir file may use LF line ends: pass
// lf_line_ends = true to read those).
MimePart parse_mime(std::string_view message, bool lf_line_ends = false);

// RFC 2047: "=?UTF-8?B?...?=" and "=?UTF-8?Q?...?=" words decoded, whitespace between
// adjacent encoded-words dropped.
std::string decode_header(std::string_view value);

std::string decode_base64(std::string_view text);
std::string decode_quoted_printable(std::string_view text);

}  // namespace slotpay::mail::testing
