#include "app/stripe_keys.hpp"

namespace slotpay::server {
namespace {

bool key_chars_ok(std::string_view s) {
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  return true;
}

ApiError key_error(const char* field, std::string message) {
  return ApiError{"invalid_stripe_key", field, std::move(message), nullptr};
}

}  // namespace

const char* to_string(StripeMode m) { return m == StripeMode::kLive ? "live" : "test"; }

std::optional<StripeMode> stripe_mode_from(std::string_view s) {
  if (s == "test") return StripeMode::kTest;
  if (s == "live") return StripeMode::kLive;
  return std::nullopt;
}

std::optional<StripeMode> stripe_key_mode(std::string_view key,
                                          std::initializer_list<std::string_view> kinds) {
  if (!key_chars_ok(key)) return std::nullopt;
  for (auto kind : kinds) {
    for (auto mode : {StripeMode::kTest, StripeMode::kLive}) {
      std::string prefix = std::string(kind) + "_" + to_string(mode) + "_";
      if (key.size() > prefix.size() && key.substr(0, prefix.size()) == prefix) return mode;
    }
  }
  return std::nullopt;
}

std::string trim_ascii(std::string_view s) {
  const char* ws = " \t\r\n\v\f";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return "";
  auto e = s.find_last_not_of(ws);
  return std::string(s.substr(b, e - b + 1));
}

StripeKeySetCheck check_stripe_keys(const StripeKeySet& raw) {
  StripeKeySetCheck out;
  struct Field {
    const char* name;
    const std::string* in;
    std::string* out;
  };
  for (Field f : {Field{"publishable_key", &raw.publishable_key, &out.keys.publishable_key},
                  Field{"secret_key", &raw.secret_key, &out.keys.secret_key},
                  Field{"webhook_secret", &raw.webhook_secret, &out.keys.webhook_secret}}) {
    *f.out = trim_ascii(*f.in);
    if (f.out->size() != f.in->size())
      out.warnings.push_back(std::string(f.name) + ": surrounding whitespace was removed");
    if (f.out->empty()) {
      out.error = ApiError{"missing_field", f.name, std::string(f.name) + " is required", nullptr};
      return out;
    }
  }
  auto pk_mode = stripe_key_mode(out.keys.publishable_key, {"pk"});
  if (!pk_mode) {
    out.error = key_error("publishable_key",
                          "the publishable key must start with pk_test_ or pk_live_ (Stripe "
                          "Dashboard, Developers, API keys)");
    return out;
  }
  auto sk_mode = stripe_key_mode(out.keys.secret_key, {"sk", "rk"});
  if (!sk_mode) {
    const bool looks_public = stripe_key_mode(out.keys.secret_key, {"pk"}).has_value();
    out.error =
        key_error("secret_key", looks_public ? "this is a publishable key (pk_); the secret key "
                                               "starts with sk_ (or rk_ for a restricted key)"
                                             : "the secret key must start with sk_test_, sk_live_, "
                                               "rk_test_ or rk_live_");
    return out;
  }
  if (*pk_mode != *sk_mode) {
    out.error = ApiError{"stripe_mode_mismatch", "secret_key",
                         std::string("the publishable key is a ") + to_string(*pk_mode) +
                             " key and the secret key a " + to_string(*sk_mode) +
                             " key: use both keys of the same mode",
                         nullptr};
    return out;
  }
  const auto& wh = out.keys.webhook_secret;
  if (wh.rfind("whsec_", 0) != 0 || wh.size() <= 6 || !key_chars_ok(wh)) {
    out.error = key_error("webhook_secret",
                          "the webhook signing secret must start with whsec_ (Stripe Dashboard, "
                          "Developers, Webhooks, your endpoint)");
    return out;
  }
  out.mode = *sk_mode;
  return out;
}

std::string key_hint(std::string_view key) {
  return "…" + std::string(key.size() > 4 ? key.substr(key.size() - 4) : key);
}

}  // namespace slotpay::server
