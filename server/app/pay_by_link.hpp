// Issue #11 item 3, the use cases: phone bookings, pay links, the pay page's API
// (pay_by_link.cpp; decisions in pay_links.hpp). docs/api-money.md documents the routes.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <variant>

#include "app/use_cases.hpp"

namespace slotpay::server {

// The link's URL: <public_url>/pay.html#<token>, the token signed for purpose pay with the
// link's id and expiry. Empty without a signer or a public URL.
std::string pay_url(const MailSettings& settings, const PayLinkRecord& link);

struct PayLinkIssued {
  PayLinkRecord link;
  bool emailed = false;  // the payment_link email was queued
};
// In a write transaction: the link for what `b` still owes (the open one in force when it
// says the same amount, else a new one), emailed to the customer when `send_email`.
// Errors: pay_links_unavailable (no signer or public URL), booking_not_payable,
// below_minimum_charge.
std::variant<PayLinkIssued, ApiError> issue_pay_link(AppContext& ctx, BookingTx& tx,
                                                     const BookingRecord& b, bool send_email,
                                                     int64_t now_ms);

// POST /v1/merchant/bookings {public booking body + "send_pay_link"?}: 201 as the public
// create (booking, access_token) plus "pay_link" when one was asked for.
void phone_booking_use_case(AppContext& ctx, StripeSync& sync, const BookingScope& scope,
                            const nlohmann::json& body, Reply reply);
// POST /v1/merchant/bookings/{id}/pay-link: 201 {"pay_link":{id,url,amount,currency,
// expires_at,status,emailed}}; 404 booking_not_found outside the scope.
void merchant_pay_link_use_case(AppContext& ctx, const BookingScope& scope, bool send_email,
                                Reply reply);
// GET /v1/pay/{token}: {"booking":{...},"pay":{amount,currency,expires_at,merchant_name}}.
void pay_view_use_case(AppContext& ctx, const std::string& token, Reply reply);
// POST /v1/pay/{token}/intent: the link's PaymentIntent (the same one for every call):
// {"pay_link":{...},"payment":{payment_intent,client_secret,publishable_key,stripe_account}}.
void pay_intent_use_case(AppContext& ctx, StripeSync& sync, const std::string& token, Reply reply);

}  // namespace slotpay::server
