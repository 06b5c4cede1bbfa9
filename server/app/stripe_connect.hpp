// A merchant's Stripe connection as the merchant drives it (issue #10 items 2, 3, 5):
// Connect onboarding (platform mode), its own API keys (API-key mode), the status in
// words, the Stripe dashboard link, and the wallet domains registered on the charging
// account. Asynchronous use cases over AppContext (use_cases.hpp conventions: `reply`
// exactly once, from any thread); the decisions are the pure functions declared here
// and in account_status.hpp / stripe_keys.hpp, unit-tested without Stripe.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/app_context.hpp"
#include "app/stripe_keys.hpp"
#include "store/account_store.hpp"

namespace slotpay::server {

// --- pure decisions ---

// Whether Connect onboarding may (re)start on this side: nothing connected, an unfinished
// or deauthorized Connect account, or the platform's own account (a merchant that signed up
// starts there). Another connection (its own keys, an account the operator set) is a 409
// stripe_already_connected: the merchant removes it first.
std::optional<ApiError> connect_refusal(const std::optional<StripeSide>& side);
// The connected account onboarding continues with ("" when a new one must be created: none
// yet, or the old one was deauthorized).
std::string reusable_account(const std::optional<StripeSide>& side);
// The Stripe Dashboard for a merchant who has no Express login link: Standard accounts and
// API-key merchants sign in to Stripe themselves ("/test" in front for test mode).
std::string stripe_dashboard_url(const std::string& mode);
// The host names wallets must be registered for: each allowed origin's host that can
// hold a wallet domain (wallet_domain_ok), plus the server's own origin's (the iframe's
// page), lower-cased, without duplicates, in order.
std::vector<std::string> wallet_domains(const std::vector<std::string>& allowed_origins,
                                        const std::string& server_origin);
// Stripe's payment_method_domain object as the stored record's status fields.
void apply_domain_object(PaymentDomainRecord& d, const nlohmann::json& object);
// GET /v1/merchant/stripe's body for the merchant's sides (the active mode first).
nlohmann::ordered_json stripe_status_body(const std::string& active_mode,
                                          const std::vector<StripeSide>& sides,
                                          const std::string& webhook_url);
// What Stripe's answer to the key check (GET /v1/balance with the merchant's secret key)
// means: nullopt when the key works; stripe_key_rejected (401/403: wrong, revoked, or a
// restricted key without balance read) or stripe_unavailable otherwise.
std::optional<ApiError> key_check_refusal(const StripeResponse& r);

// --- use cases ---

struct ConnectRequest {
  std::string merchant_id;
  std::string email;        // the signed-in user's, prefilled on the account
  std::string return_url;   // GET /v1/merchant/stripe/return on this server
  std::string refresh_url;  // GET /v1/merchant/stripe/refresh
};
// Creates the connected account when the side has none usable (one per mode: the platform
// key's), saves it as the merchant's active side, then asks for an onboarding link.
// 200 {"url","account"}.
void stripe_connect_use_case(AppContext& ctx, const ConnectRequest& req, Reply reply);
// The merchant came back from onboarding: fetches the account and saves its status.
// 200 with the status body (stripe_status_body).
void stripe_return_use_case(AppContext& ctx, const std::string& merchant_id, Reply reply);
// 200 with the status body.
void stripe_status_use_case(AppContext& ctx, const std::string& merchant_id,
                            const std::string& webhook_url, Reply reply);
// 200 {"url","kind"}: an Express login link ("express"), else the Stripe Dashboard
// ("stripe_dashboard"). 409 stripe_not_connected without a connection.
void stripe_dashboard_link_use_case(AppContext& ctx, const std::string& merchant_id, Reply reply);

struct KeysRequest {
  std::string merchant_id;
  StripeKeySet keys;  // as typed
};
// API-key mode: trims and checks the keys, checks the secret key against Stripe
// (GET /v1/balance) and saves them sealed as the merchant's active side of their mode.
// 200 {"mode","publishable_key","secret_key_hint","warnings"}; the secret key and the
// webhook secret are never in an answer.
void stripe_keys_save_use_case(AppContext& ctx, const KeysRequest& req, Reply reply);
// Forgets the side's keys (mode "" : the merchant's active mode). 200 {"mode","removed"}.
void stripe_keys_delete_use_case(AppContext& ctx, const std::string& merchant_id,
                                 const std::string& mode, Reply reply);

class StripeSync;
// /v1/stripe/webhook/{merchant} (API-key mode): the event verified with the merchant's own
// webhook secrets (test and live sides with keys), then handled as the platform's are
// (webhook_use_case with a WebhookEndpoint). 404 merchant_not_found for an unknown merchant;
// a merchant without keys has no secret, so every signature is refused (400).
void merchant_webhook_use_case(AppContext& ctx, StripeSync& sync, const std::string& merchant_id,
                               const std::string& raw_body, const std::string& signature_header,
                               Reply reply);

// Registers a payment method domain for each wallet domain on the charging account of the
// merchant's active side (Stripe-Account for Connect, the merchant's key in API-key mode)
// and disables those no longer wanted. 200 {"mode","domains":[...]}; one domain's failure
// is recorded on it (status "failed", error) and does not stop the others.
void sync_payment_domains_use_case(AppContext& ctx, const std::string& merchant_id,
                                   const std::string& server_origin, Reply reply);
// 200 {"mode","domains":[...]} as stored.
void payment_domains_use_case(AppContext& ctx, const std::string& merchant_id, Reply reply);

}  // namespace slotpay::server
