// Writing a JSON object as text, field by field, with pieces that are JSON text already
// (the core's quote, slot and outcome) spliced in as they are. Answers on the hot paths
// (a created booking, its status) are written this way: building an nlohmann value from
// the core's text, only to serialise it again, cost a fifth of the app's CPU per booking.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace slotpay::server {

// Appends `s` as a JSON string (quotes included). Control characters are escaped; bytes
// that are not valid UTF-8 become U+FFFD, as nlohmann's dump with error_handler replace.
void append_json_string(std::string& out, std::string_view s);

// One JSON object: open it, add members in order, close it. Keys are trusted literals.
class JsonObjectText {
 public:
  explicit JsonObjectText(std::string& out) : out_(out) { out_ += '{'; }
  JsonObjectText& string(std::string_view key, std::string_view value);
  JsonObjectText& integer(std::string_view key, int64_t value);
  JsonObjectText& boolean(std::string_view key, bool value);
  JsonObjectText& null(std::string_view key);
  // `json` must be one complete JSON value.
  JsonObjectText& raw(std::string_view key, std::string_view json);
  // Starts a nested object as member `key`; close it before adding to this one.
  JsonObjectText object(std::string_view key);
  void close() { out_ += '}'; }

 private:
  void member(std::string_view key);
  std::string& out_;
  bool first_ = true;
};

}  // namespace slotpay::server
