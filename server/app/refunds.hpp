// Refunds as Stripe reports them (issue #11 item 1): refund.created, refund.updated,
// refund.failed and charge.refund.updated carry the Refund object; each is applied to
// that refund's record, and the booking's refunded amount is the sum of its refunds that
// have not failed. Pure (tests/server/refunds_test.cpp), but for record_refund_event, which
// writes such a decision to a transaction.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "store/booking_store.hpp"
#include "store/refund_record.hpp"

namespace slotpay::server {

struct RefundEvent {
  std::string refund_id;
  int64_t amount = 0;
  std::string currency;
  std::string status;
  std::string payment_intent_id;  // the refund's `payment_intent` ("" when absent)
  std::string origin;             // its metadata.origin ("" when absent)
  int64_t event_created_s = 0;
};

// Whether Stripe events of `type` carry a Refund this module applies.
bool is_refund_event_type(const std::string& type);

// The refund event of a Stripe event of `type` whose data.object is `object`; nullopt when
// the type is not a refund event or the object is not a refund with an id, an amount
// >= 0, a currency and a known status.
std::optional<RefundEvent> refund_event_from(const std::string& type, const nlohmann::json& object,
                                             int64_t event_created_s);

struct RefundUpdate {
  RefundRecord record;
  bool changed = false;
};

// Applies `event` to the refund as recorded (nullopt: first seen), for `booking_id`:
// - the amount comes from the newest event (by the event's `created`);
// - the PaymentIntent and origin are kept once known (they never change at Stripe);
// - the status only moves forward: pending / requires_action -> succeeded -> failed /
//   canceled (a succeeded refund can still fail; a failed one never comes back).
RefundUpdate apply_refund_event(const std::optional<RefundRecord>& current,
                                const std::string& booking_id, const RefundEvent& event,
                                int64_t now_ms);

// Whether `refund` gives money back to the customer: pending, requiring action or
// succeeded (failed and canceled ones gave nothing back).
bool refund_gives_back(const RefundRecord& refund);

// What the refunds give back to the customer: the sum of those that do.
int64_t refunded_total(const std::vector<RefundRecord>& refunds);

// `event` applied to its refund's row of booking `booking_id` in `tx` (saved when it
// changed): what a webhook, a merchant refund and the automatic refund record alike.
RefundRecord record_refund_event(BookingTx& tx, const std::string& booking_id,
                                 const RefundEvent& event, int64_t now_ms);

nlohmann::ordered_json refund_view(const RefundRecord& refund);

}  // namespace slotpay::server
