// A merchant's Stripe side in words, and what Stripe's account objects say about it.
// Pure: the status comes from account.updated webhooks and from fetching the account
// (after onboarding returns); the words are what the dashboard shows the merchant.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace slotpay::server {

// What Stripe says about a connected account (GET /v1/accounts/{id}, account.updated).
struct AccountFacts {
  std::string id;
  std::string dashboard;  // "full" | "express" | "none" | "" (controller.stripe_dashboard.type)
  bool charges_enabled = false;
  bool details_submitted = false;
  bool payouts_enabled = false;
  std::vector<std::string> currently_due;  // requirements.currently_due
  std::string disabled_reason;             // requirements.disabled_reason ("" when none)
};
// Missing or mistyped fields read as false / empty.
AccountFacts account_facts_from(const nlohmann::json& account);

// What the words are computed from: one side of a merchant's Stripe setup.
struct SideFacts {
  std::string connection;  // "none" | "platform" | "connect" | "keys"
  std::string mode;        // "test" | "live"
  bool charges_enabled = false;
  bool details_submitted = false;
  bool deauthorized = false;
  std::vector<std::string> currently_due;
  std::string disabled_reason;
};

struct StatusWords {
  // "not_connected" | "onboarding_incomplete" | "pending_verification" | "restricted" |
  // "rejected" | "disconnected" | "enabled"
  std::string state;
  bool online_payments = false;     // paid services are offered online
  std::string summary;              // one or two sentences for the merchant
  std::vector<std::string> needed;  // what Stripe still needs, in words, without duplicates
};
StatusWords describe_side(const SideFacts& side);

// One requirement ("external_account", "individual.dob.day") in words.
std::string requirement_words(std::string_view requirement);
// A requirements.disabled_reason in words ("" for none).
std::string disabled_reason_words(std::string_view reason);

// The POST /v1/accounts parameters of a connected account for direct charges, with
// Stripe collecting requirements: dashboard "full" (the account pays Stripe's fees and
// Stripe covers losses: Standard-like) or "express" (at the pinned API version the
// Express Dashboard needs the platform to pay fees and cover losses). Card payments
// are requested; the merchant id goes into metadata.
nlohmann::ordered_json connect_account_params(std::string_view dashboard,
                                              std::string_view merchant_id, std::string_view email);

}  // namespace slotpay::server
