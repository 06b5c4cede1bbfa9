#include "app/account_status.hpp"

#include <algorithm>
#include <utility>

namespace slotpay::server {
namespace {

using json = nlohmann::json;

bool flag(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_boolean() && j[key].get<bool>();
}
std::string str(const json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}
bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i) out += i + 1 == words.size() ? " and " : ", ";
    out += words[i];
  }
  return out;
}

}  // namespace

AccountFacts account_facts_from(const json& a) {
  AccountFacts f;
  f.id = str(a, "id");
  if (a.is_object() && a.contains("controller") && a["controller"].is_object() &&
      a["controller"].contains("stripe_dashboard"))
    f.dashboard = str(a["controller"]["stripe_dashboard"], "type");
  if (f.dashboard.empty()) {
    std::string type = str(a, "type");
    f.dashboard = type == "standard" ? "full" : type == "express" ? "express" : "";
  }
  f.charges_enabled = flag(a, "charges_enabled");
  f.details_submitted = flag(a, "details_submitted");
  f.payouts_enabled = flag(a, "payouts_enabled");
  if (a.is_object() && a.contains("requirements") && a["requirements"].is_object()) {
    const json& r = a["requirements"];
    f.disabled_reason = str(r, "disabled_reason");
    if (r.contains("currently_due") && r["currently_due"].is_array())
      for (const auto& x : r["currently_due"])
        if (x.is_string()) f.currently_due.push_back(x.get<std::string>());
  }
  return f;
}

std::string requirement_words(std::string_view r) {
  static const std::pair<std::string_view, std::string_view> kExact[] = {
      {"external_account", "a bank account for payouts"},
      {"business_profile.url", "your business website"},
      {"business_profile.mcc", "your business category"},
      {"business_profile.product_description", "a description of what you sell"},
      {"business_profile.support_phone", "a support phone number"},
      {"business_type", "your type of business"},
      {"individual.verification.document", "an identity document"},
      {"individual.verification.additional_document", "a second identity document"},
      {"individual.id_number", "your ID number"},
      {"individual.ssn_last_4", "the last 4 digits of your SSN"},
      {"individual.email", "your e-mail address"},
      {"individual.phone", "your phone number"},
      {"company.tax_id", "your company's tax ID"},
      {"company.name", "your company's name"},
      {"company.phone", "your company's phone number"},
      {"company.verification.document", "a company registration document"},
  };
  for (auto [k, v] : kExact)
    if (r == k) return std::string(v);
  static const std::pair<std::string_view, std::string_view> kPrefix[] = {
      {"tos_acceptance.", "acceptance of Stripe's terms of service"},
      {"individual.dob.", "your date of birth"},
      {"individual.address.", "your address"},
      {"individual.first_name", "your name"},
      {"individual.last_name", "your name"},
      {"company.address.", "your company's address"},
      {"representative.", "details about the account's representative"},
      {"owners.", "details about the company's owners"},
      {"directors.", "details about the company's directors"},
      {"executives.", "details about the company's executives"},
      {"person_", "details about a person on the account"},
      {"settings.payments.statement_descriptor", "a statement descriptor"},
  };
  for (auto [k, v] : kPrefix)
    if (starts(r, k)) return std::string(v);
  std::string out(r);
  std::replace(out.begin(), out.end(), '.', ' ');
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::string disabled_reason_words(std::string_view reason) {
  if (reason.empty()) return "";
  if (reason == "requirements.past_due") return "information Stripe asked for is overdue";
  if (reason == "requirements.pending_verification")
    return "Stripe is verifying the information you submitted";
  if (reason == "listed") return "the account appears on a prohibited persons or companies list";
  if (reason == "platform_paused") return "the platform has paused this account";
  if (reason == "under_review") return "Stripe is reviewing the account";
  if (reason == "rejected.fraud") return "Stripe rejected the account for suspected fraud";
  if (reason == "rejected.terms_of_service")
    return "Stripe rejected the account for breaking its terms of service";
  if (reason == "rejected.listed") return "Stripe rejected the account (prohibited list)";
  if (starts(reason, "rejected.")) return "Stripe rejected the account";
  return "Stripe has restricted the account";
}

StatusWords describe_side(const SideFacts& s) {
  StatusWords w;
  for (const auto& r : s.currently_due) {
    std::string words = requirement_words(r);
    if (std::find(w.needed.begin(), w.needed.end(), words) == w.needed.end())
      w.needed.push_back(std::move(words));
  }
  const std::string mode = s.mode == "live" ? "live" : "test";
  if (s.connection == "none" || s.connection.empty()) {
    w.state = "not_connected";
    w.summary =
        "Stripe is not connected: paid services are not offered online until you connect "
        "Stripe.";
    w.needed.clear();
    return w;
  }
  if (s.deauthorized) {
    w.state = "disconnected";
    w.summary =
        "Access to your Stripe account was revoked, so online payments are off. Connect "
        "Stripe again to take payments.";
    w.needed.clear();
    return w;
  }
  if (s.connection == "keys") {
    w.state = s.charges_enabled ? "enabled" : "restricted";
    w.online_payments = s.charges_enabled;
    w.summary = s.charges_enabled
                    ? "Payments go to your own Stripe account (your API keys, " + mode + " mode)."
                    : "Your Stripe API keys (" + mode + " mode) cannot take payments.";
    return w;
  }
  const std::string needs =
      w.needed.empty() ? "" : " Stripe still needs " + join_words(w.needed) + ".";
  if (s.charges_enabled) {
    w.state = "enabled";
    w.online_payments = true;
    w.summary = "Your Stripe account (" + mode + " mode) can take payments." +
                (w.needed.empty() ? "" : " Soon Stripe will need " + join_words(w.needed) + ".");
    return w;
  }
  if (starts(s.disabled_reason, "rejected.")) {
    w.state = "rejected";
    w.summary = disabled_reason_words(s.disabled_reason) +
                ": online payments are off. Contact Stripe support for details.";
    w.summary[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(w.summary[0])));
    return w;
  }
  if (!s.details_submitted) {
    w.state = "onboarding_incomplete";
    w.summary =
        "Stripe onboarding is not finished: paid services are hidden from your booking page "
        "until it is." +
        needs;
    return w;
  }
  if (s.disabled_reason == "requirements.pending_verification" ||
      (s.disabled_reason.empty() && w.needed.empty())) {
    w.state = "pending_verification";
    w.summary =
        "Stripe is checking the details you submitted; paid services are offered online once "
        "it is done.";
    return w;
  }
  w.state = "restricted";
  std::string why = disabled_reason_words(s.disabled_reason);
  w.summary = "Stripe has paused payments on this account" + (why.empty() ? "" : " (" + why + ")") +
              ": paid services are hidden from your booking page." + needs;
  return w;
}

nlohmann::ordered_json connect_account_params(std::string_view dashboard,
                                              std::string_view merchant_id,
                                              std::string_view email) {
  const bool express = dashboard == "express";
  nlohmann::ordered_json p;
  p["controller"]["fees"]["payer"] = express ? "application" : "account";
  p["controller"]["losses"]["payments"] = express ? "application" : "stripe";
  p["controller"]["requirement_collection"] = "stripe";
  p["controller"]["stripe_dashboard"]["type"] = express ? "express" : "full";
  p["capabilities"]["card_payments"]["requested"] = true;
  if (!email.empty()) p["email"] = std::string(email);
  p["metadata"]["slotpay_merchant"] = std::string(merchant_id);
  return p;
}

}  // namespace slotpay::server
