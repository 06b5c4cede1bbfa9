#include "app/account_events.hpp"

#include "app/json_fields.hpp"
#include "app/log.hpp"

namespace slotpay::server {
namespace {

using json = nlohmann::json;

}  // namespace

bool apply_account_facts(StripeSide& side, const AccountFacts& f, int64_t at_s, int64_t now_ms) {
  if (at_s < side.status_at_s) return false;
  side.charges_enabled = f.charges_enabled;
  side.details_submitted = f.details_submitted;
  side.payouts_enabled = f.payouts_enabled;
  side.currently_due = f.currently_due;
  side.disabled_reason = f.disabled_reason;
  if (!f.dashboard.empty()) side.dashboard = f.dashboard;
  side.status_at_s = at_s;
  side.updated_at_ms = now_ms;
  return true;
}

std::string apply_account_event(BookingTx& tx, const json& ev, const std::string& endpoint_mode,
                                int64_t now_ms) {
  const std::string type = str_or(ev, "type");
  if (type != "account.updated" && type != "account.application.deauthorized") return "";
  const json& obj = ev["data"]["object"];
  // account.updated: the object is the account; deauthorized: the object is the
  // application and the account is the event's.
  const std::string account = type == "account.updated" ? str_or(obj, "id") : str_or(ev, "account");
  const int64_t created = ev.contains("created") && ev["created"].is_number_integer()
                              ? ev["created"].get<int64_t>()
                              : now_ms / 1000;
  // Test events never change live sides and the other way round.
  std::string mode = endpoint_mode;
  if (ev.contains("livemode") && ev["livemode"].is_boolean())
    mode = ev["livemode"].get<bool>() ? "live" : "test";
  if (mode != endpoint_mode) return "mode_mismatch";
  std::string action = "no_merchant";
  for (auto side : tx.accounts().sides_by_account(account)) {
    if (side.mode != mode) continue;
    if (type == "account.application.deauthorized") {
      side.deauthorized = true;
      side.charges_enabled = false;
      side.updated_at_ms = now_ms;
      tx.accounts().save_stripe_side(side);
      log_warn("stripe access revoked",
               {{"merchant", side.merchant_id}, {"account", account}, {"mode", mode}});
      action = "deauthorized";
      continue;
    }
    if (!apply_account_facts(side, account_facts_from(obj), created, now_ms)) {
      if (action == "no_merchant") action = "stale";
      continue;
    }
    tx.accounts().save_stripe_side(side);
    action = "account_updated";
  }
  return action;
}

}  // namespace slotpay::server
