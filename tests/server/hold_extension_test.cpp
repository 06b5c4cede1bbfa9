// The short first hold (issue #9 item 1): how long a new hold is, and when the pay step
// extends it.
#include "app/hold_extension.hpp"

#include <catch2/catch.hpp>

using namespace slotpay::server;

namespace {

constexpr int64_t kMin = 60 * 1000;

BookingRecord hold(BookingStatus status, int64_t created, int64_t expires) {
  BookingRecord b;
  b.id = "b_1";
  b.status = status;
  b.created_at_ms = created;
  b.hold_expires_at_ms = expires;
  return b;
}

}  // namespace

TEST_CASE("initial hold: the first hold when on and shorter, else the full hold", "[hold]") {
  CHECK(initial_hold_ms(3 * kMin, 10 * kMin) == 3 * kMin);
  CHECK(initial_hold_ms(0, 10 * kMin) == 10 * kMin);       // off
  CHECK(initial_hold_ms(-5, 10 * kMin) == 10 * kMin);      // nonsense: off
  CHECK(initial_hold_ms(3 * kMin, 2 * 1000) == 2 * 1000);  // a full hold shorter still wins
  CHECK(initial_hold_ms(10 * kMin, 10 * kMin) == 10 * kMin);
}

TEST_CASE("extension: a live short hold ends at creation + the full hold", "[hold]") {
  const int64_t t0 = 1'000'000;
  for (auto status : {BookingStatus::kHeld, BookingStatus::kAwaitingPayment}) {
    auto d = decide_hold_extension(hold(status, t0, t0 + 3 * kMin), t0 + 30'000, 10 * kMin);
    CHECK(d.verdict == HoldExtensionVerdict::kExtended);
    CHECK(d.hold_expires_at_ms == t0 + 10 * kMin);
  }
  // Reached late in the first hold: still the same end, never more than the full hold.
  auto late = decide_hold_extension(hold(BookingStatus::kAwaitingPayment, t0, t0 + 3 * kMin),
                                    t0 + 3 * kMin - 1, 10 * kMin);
  CHECK(late.verdict == HoldExtensionVerdict::kExtended);
  CHECK(late.hold_expires_at_ms == t0 + 10 * kMin);
}

TEST_CASE("extension: idempotent, only once", "[hold]") {
  const int64_t t0 = 5'000'000;
  auto d = decide_hold_extension(hold(BookingStatus::kAwaitingPayment, t0, t0 + 10 * kMin),
                                 t0 + kMin, 10 * kMin);
  CHECK(d.verdict == HoldExtensionVerdict::kAlreadyExtended);
  CHECK(d.hold_expires_at_ms == t0 + 10 * kMin);
  // A hold made with the full hold at once (first hold off) is already extended.
  CHECK(decide_hold_extension(hold(BookingStatus::kHeld, t0, t0 + 12 * kMin), t0, 10 * kMin)
            .verdict == HoldExtensionVerdict::kAlreadyExtended);
}

TEST_CASE("extension: refused once the hold ended or for a booking that is no hold", "[hold]") {
  const int64_t t0 = 9'000'000;
  auto lapsed = decide_hold_extension(hold(BookingStatus::kAwaitingPayment, t0, t0 + 3 * kMin),
                                      t0 + 3 * kMin, 10 * kMin);
  CHECK(lapsed.verdict == HoldExtensionVerdict::kLapsed);
  CHECK(lapsed.hold_expires_at_ms == t0 + 3 * kMin);
  for (auto status : {BookingStatus::kConfirmed, BookingStatus::kExpired, BookingStatus::kCancelled,
                      BookingStatus::kPaymentFailed})
    CHECK(decide_hold_extension(hold(status, t0, t0 + 3 * kMin), t0 + 1000, 10 * kMin).verdict ==
          HoldExtensionVerdict::kNotHeld);
}

TEST_CASE("extension: a booking waiting for its email confirmation is not extended (issue #9)",
          "[hold]") {
  const int64_t t0 = 9'000'000;
  auto d = decide_hold_extension(hold(BookingStatus::kPendingConfirmation, t0, t0 + 3 * kMin),
                                 t0 + kMin, 10 * kMin);
  CHECK(d.verdict == HoldExtensionVerdict::kNotHeld);
  CHECK(d.hold_expires_at_ms == t0 + 3 * kMin);
}
