// Disputes (issue #11 item 5): Stripe's charge.dispute.created / updated / closed /
// funds_withdrawn / funds_reinstated events turned into the dispute's record on the
// booking. Pure: the webhook use case parses, applies and stores; the unit tests cover
// every event in every order (tests/server/disputes_test.cpp).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "store/dispute_record.hpp"

namespace slotpay::server {

struct DisputeEvent {
  // "created" | "updated" | "closed" | "funds_withdrawn" | "funds_reinstated"
  std::string kind;
  std::string dispute_id;
  std::string charge;
  int64_t amount = 0;
  std::string currency;
  std::string reason;
  std::string status;
  int64_t evidence_due_by_s = 0;
  int64_t event_created_s = 0;  // the event's `created`
};

// The dispute event of a Stripe event of `type` whose data.object is `object`; nullopt
// when the type is not a dispute event or the object is not a dispute with an id, an
// amount >= 0, a currency and a status.
std::optional<DisputeEvent> dispute_event_from(const std::string& type,
                                               const nlohmann::json& object,
                                               int64_t event_created_s);

struct DisputeUpdate {
  DisputeRecord record;
  bool changed = false;  // store it
};

// Applies `event` to the dispute as recorded (nullopt: the first event seen for it),
// for booking `booking_id`, at now_ms. Rules:
// - amount, reason, evidence due date and charge come from the newest event (by the
//   event's `created`; an older event delivered late leaves them alone);
// - the status only moves forward: needs_response -> under_review -> closed (won, lost,
//   warning_closed); a closed dispute never reopens, whatever arrives after;
// - funds_withdrawn and funds_reinstated are facts once seen, in either order.
DisputeUpdate apply_dispute_event(const std::optional<DisputeRecord>& current,
                                  const std::string& booking_id, const DisputeEvent& event,
                                  int64_t now_ms);

// What the dispute puts at stake for the merchant: its amount while it is open or
// after it was lost; 0 once won, closed as a warning, or its funds were reinstated.
int64_t amount_at_stake(const DisputeRecord& dispute);

// The dispute as the operator's and the merchant's views show it.
nlohmann::ordered_json dispute_view(const DisputeRecord& dispute);

}  // namespace slotpay::server
