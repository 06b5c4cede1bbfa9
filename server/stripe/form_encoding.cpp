#include "stripe/form_encoding.hpp"

#include <stdexcept>

namespace slotpay::server {
namespace {

void encode_into(std::string& out, const std::string& key, const nlohmann::ordered_json& v) {
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it)
      encode_into(out, key + "[" + it.key() + "]", it.value());
    return;
  }
  if (v.is_array()) {
    size_t i = 0;
    for (const auto& item : v) encode_into(out, key + "[" + std::to_string(i++) + "]", item);
    return;
  }
  std::string value;
  if (v.is_string()) {
    value = v.get<std::string>();
  } else if (v.is_boolean()) {
    value = v.get<bool>() ? "true" : "false";
  } else if (v.is_number_integer()) {
    value = v.is_number_unsigned() ? std::to_string(v.get<uint64_t>())
                                   : std::to_string(v.get<int64_t>());
  } else if (v.is_null()) {
    value = "";
  } else {
    throw std::invalid_argument("form_encode: unsupported value for " + key);
  }
  if (!out.empty()) out += '&';
  // Brackets stay readable, as stripe-node sends them.
  std::string k = form_escape(key);
  std::string unbracketed;
  for (size_t i = 0; i < k.size(); ++i) {
    if (k.compare(i, 3, "%5B") == 0) {
      unbracketed += '[';
      i += 2;
    } else if (k.compare(i, 3, "%5D") == 0) {
      unbracketed += ']';
      i += 2;
    } else
      unbracketed += k[i];
  }
  out += unbracketed;
  out += '=';
  out += form_escape(value);
}

}  // namespace

std::string form_escape(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string form_encode(const nlohmann::ordered_json& params) {
  if (!params.is_object()) throw std::invalid_argument("form_encode: parameters must be an object");
  std::string out;
  for (auto it = params.begin(); it != params.end(); ++it) encode_into(out, it.key(), it.value());
  return out;
}

}  // namespace slotpay::server
