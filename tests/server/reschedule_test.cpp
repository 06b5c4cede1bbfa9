// Issue #12 item 3, moving a booking through the manage link: the pure decisions (the
// window's boundary, the states that may move, the same start, the price), what a move
// changes on the record, the emails and webhook event it causes, and move_booking() in a
// write transaction on both stores: the core's check without the booking's own seats
// (a move within overlapping slots), the old seats released by the same update, a taken
// slot refused with nothing written, and many bookings racing for one free seat from two
// stores on one database: exactly one wins. The HTTP path with SMTP is
// tests/server/e2e/reschedule.test.mjs.
#include "app/reschedule.hpp"

#include <atomic>
#include <thread>

#include "app/booking_check.hpp"
#include "app/booking_emails.hpp"
#include "app/hook_events.hpp"
#include "store_test_support.hpp"

using namespace slotpay::server;
using namespace slotpay::server::testing;
using slotpay::Instant;

namespace {

constexpr int64_t kStartS = 1'796'137'200;     // 2026-12-01T10:00:00-05:00 (New York)
constexpr int64_t kNowMs = 1'795'885'200'000;  // 2026-11-28T12:00:00-05:00
constexpr int64_t kDayMinutes = 24 * 60;

// A free service (its fresh quote costs what the test bookings were sold at: nothing),
// capacity 1, 45 minutes on a 15-minute grid, every day 08:00-20:00 in New York; the
// default window (reschedule_until_min 1440) unless `until_min` is given.
std::string catalog_text(int until_min = -1) {
  std::string merchant =
      R"("merchant": {"id": "m1", "name": "Unit", "timezone": "America/New_York",
          "currency": "usd", "contact_email": "owner@unit.example")";
  if (until_min >= 0) merchant += R"(, "reschedule_until_min": )" + std::to_string(until_min);
  return "{" + merchant + R"(},
    "schedule": {"weekly": {"mon": [["08:00","20:00"]], "tue": [["08:00","20:00"]],
                            "wed": [["08:00","20:00"]], "thu": [["08:00","20:00"]],
                            "fri": [["08:00","20:00"]], "sat": [["08:00","20:00"]],
                            "sun": [["08:00","20:00"]]},
                 "overrides": {}, "slot_interval_min": 15, "min_notice_min": 60,
                 "max_advance_days": 90},
    "staff": [{"id": "ana", "name": "Ana", "services": ["cut"]}],
    "services": [{"id": "cut", "name": "Haircut", "duration_min": 45, "price": 0,
                  "capacity": 1, "payment": "free"}],
    "coupons": []})";
}

CatalogPtr parsed(const std::string& text) {
  auto p = parse_catalog_text(text);
  REQUIRE(std::holds_alternative<CatalogPtr>(p));
  return std::get<CatalogPtr>(p);
}

// A confirmed, free booking of "cut" with Ana at start_s (New York).
BookingRecord confirmed(const std::string& id, int64_t start_s = kStartS) {
  BookingRecord b = booking(id, BookingStatus::kConfirmed, 0, start_s);
  b.payment_mode = "free";
  b.amount = 0;
  b.quote.payment = slotpay::ChargeMode::kFree;
  return b;
}

std::string rfc(int64_t seconds) {
  // New York is UTC-05:00 all of December.
  return slotpay::format_rfc3339(Instant{seconds}, -5 * 3600);
}

const ApiError* refusal(const std::variant<BookingRecord, ApiError>& v) {
  return std::get_if<ApiError>(&v);
}

std::string code(const std::optional<ApiError>& e) { return e ? e->code : ""; }

int64_t seats_at(BookingStore& s, int64_t start_s) {
  int64_t n = 0;
  read_now(s, [&](StoreReader& r) {
    for (const auto& o : r.occupancies("m1", kNowMs, start_s, start_s + 1)) n += o.quantity;
  });
  return n;
}

// move_booking() as the use case runs it: the booking, then the merchant, in one job.
std::variant<BookingRecord, ApiError> move_to(BookingStore& s, const CatalogEntry& cat,
                                              const std::string& id, int64_t to_s,
                                              int64_t now_ms = kNowMs) {
  std::variant<BookingRecord, ApiError> out = ApiError{"not_run", "", "", nullptr};
  auto w = write_now(s, [&](BookingTx& tx) {
    auto b = tx.booking(id);
    auto m = tx.merchant("m1");
    if (!b || !m) return false;  // out stays "not_run" (no REQUIRE off the test's thread)
    out = move_booking(tx, cat, *m, *b, {rfc(to_s), ""}, now_ms);
    return std::holds_alternative<BookingRecord>(out);
  });
  INFO(w.error);
  CHECK(w.error.empty());
  return out;
}

}  // namespace

TEST_CASE("reschedule: the window closes reschedule_until_min before the current start",
          "[reschedule]") {
  const BookingRecord b = confirmed("bk_w");
  const Instant elsewhere{kStartS + 86400};
  const int64_t deadline_ms = (kStartS - kDayMinutes * 60) * 1000;
  CHECK(reschedule_deadline(b, kDayMinutes).seconds == kStartS - 86400);
  CHECK(reschedule_open(b, kDayMinutes, deadline_ms));  // exactly at the deadline: still open
  CHECK_FALSE(reschedule_open(b, kDayMinutes, deadline_ms + 1));
  CHECK(code(reschedule_refusal(b, kDayMinutes, elsewhere, deadline_ms)).empty());
  CHECK(code(reschedule_refusal(b, kDayMinutes, elsewhere, deadline_ms + 1)) ==
        "reschedule_window_closed");
  // A window of 0: movable until the start itself, never after it.
  CHECK(reschedule_open(b, 0, kStartS * 1000));
  CHECK_FALSE(reschedule_open(b, 0, kStartS * 1000 + 1));
  // The longest window (30 days) measured from the start, not from the booking's making.
  CHECK_FALSE(reschedule_open(b, 43200, kNowMs));
}

TEST_CASE("reschedule: only a confirmed booking moves, and only to another start", "[reschedule]") {
  BookingRecord b = confirmed("bk_s");
  const Instant elsewhere{kStartS + 3600};
  for (auto status :
       {BookingStatus::kHeld, BookingStatus::kAwaitingPayment, BookingStatus::kPendingConfirmation,
        BookingStatus::kCancelled, BookingStatus::kExpired, BookingStatus::kPaymentFailed,
        BookingStatus::kCompleted, BookingStatus::kNoShow}) {
    b.status = status;
    INFO(to_string(status));
    CHECK(code(reschedule_refusal(b, kDayMinutes, elsewhere, kNowMs)) == "not_reschedulable");
    CHECK_FALSE(reschedule_open(b, kDayMinutes, kNowMs));
  }
  b.status = BookingStatus::kConfirmed;
  CHECK(code(reschedule_refusal(b, kDayMinutes, elsewhere, kNowMs)).empty());
  auto same = reschedule_refusal(b, kDayMinutes, b.slot.start, kNowMs);
  CHECK(code(same) == "reschedule_same_start");
  CHECK(same->field == "start");
}

TEST_CASE("reschedule: the moved record, its emails and its webhook event", "[reschedule]") {
  BookingRecord b = confirmed("bk_m");
  b.remind_at_ms = (kStartS - 86400) * 1000;
  b.quote.total = 0;
  NewSlot to;
  to.slot = {"cut", "ana", Instant{kStartS + 7200}, Instant{kStartS + 7200 + 2700}, 1};
  to.start_day = "2026-12-01";
  to.remind_at_ms = (kStartS + 7200 - 86400) * 1000;
  BookingRecord after = rescheduled(b, to, kNowMs + 5);
  CHECK(after.slot.start.seconds == kStartS + 7200);
  CHECK(after.slot.end.seconds == kStartS + 7200 + 2700);
  CHECK(after.remind_at_ms == to.remind_at_ms);
  CHECK(after.reschedule_count == 1);
  CHECK(after.updated_at_ms == kNowMs + 5);
  CHECK(after.id == b.id);
  CHECK(after.status == BookingStatus::kConfirmed);
  CHECK(after.catalog_version == b.catalog_version);
  CHECK(after.access_token_hash == b.access_token_hash);
  CHECK(rescheduled(after, to, kNowMs).reschedule_count == 2);

  CHECK(hook_events_for_change(&b, after) == std::vector<std::string>{"booking.rescheduled"});
  CHECK(hook_events_for_change(&after, after).empty());

  MailSettings settings;
  settings.uid_host = "platform.example";
  auto built = emails_for_change(settings, &b, after, *parsed(catalog_text()), kNowMs);
  CHECK(built.skipped.empty());
  REQUIRE(built.messages.size() == 2);
  CHECK(built.messages[0].kind == "booking_rescheduled");
  CHECK(built.messages[0].recipients == std::vector<std::string>{"jo@example.com"});
  CHECK(built.messages[0].data.find("method=REQUEST") != std::string::npos);
  CHECK(built.messages[1].kind == "merchant_booking_rescheduled");
  CHECK(built.messages[1].recipients == std::vector<std::string>{"owner@unit.example"});
  // Cancelled after one move: the CANCEL's SEQUENCE is above the move's (the calendar part
  // is base64 in the message; the template test reads the .ics itself).
  BookingRecord cancelled = after;
  cancelled.status = BookingStatus::kCancelled;
  auto c = emails_for_change(settings, &after, cancelled, *parsed(catalog_text()), kNowMs);
  REQUIRE_FALSE(c.messages.empty());
  CHECK(c.messages[0].kind == "booking_cancelled");
}

STORE_TEST(reschedule_moves_within_overlapping_slots,
           "reschedule: a move into an overlapping slot, the old seats released by the update") {
  auto s = db.open();
  const std::string text = catalog_text();
  save(*s, merchant(), text);
  auto cat = parsed(text);
  insert(*s, confirmed("bk_a"));
  // 10:15 overlaps the booking's own 10:00-10:45 on a capacity-1 service: only the
  // booking itself is there, and it does not compete with itself.
  auto moved = move_to(*s, *cat, "bk_a", kStartS + 900);
  REQUIRE_FALSE(refusal(moved));
  CHECK(seats_at(*s, kStartS) == 0);
  CHECK(seats_at(*s, kStartS + 900) == 1);
  auto stored = read_booking(*s, "bk_a");
  REQUIRE(stored);
  CHECK(stored->slot.start.seconds == kStartS + 900);
  CHECK(stored->slot.end.seconds == kStartS + 900 + 2700);
  CHECK(stored->slot.staff == "ana");
  CHECK(stored->start_day == "2026-12-01");
  CHECK(stored->reschedule_count == 1);
  CHECK(stored->remind_at_ms == (kStartS + 900 - 24 * 3600) * 1000);  // reminder_hours 24
  // Another booking takes 09:15-10:00; moving into its seat is refused by the core and
  // nothing is written.
  insert(*s, confirmed("bk_b", kStartS - 2700));
  auto taken = move_to(*s, *cat, "bk_a", kStartS - 2700);
  REQUIRE(refusal(taken));
  CHECK(refusal(taken)->code == "slot_unavailable");
  stored = read_booking(*s, "bk_a");
  CHECK(stored->slot.start.seconds == kStartS + 900);
  CHECK(stored->reschedule_count == 1);
  // Off the grid, outside the hours, the same start: the core's and the window's words.
  REQUIRE(refusal(move_to(*s, *cat, "bk_a", kStartS + 900 + 60)));
  CHECK(refusal(move_to(*s, *cat, "bk_a", kStartS + 900 + 60))->code == "off_grid");
  CHECK(refusal(move_to(*s, *cat, "bk_a", kStartS + 900))->code == "reschedule_same_start");
  const int64_t late_ms = (kStartS + 900 - 86400) * 1000 + 1;
  CHECK(refusal(move_to(*s, *cat, "bk_a", kStartS + 7200, late_ms))->code ==
        "reschedule_window_closed");
  // Moved again, to 12:00: the 10:00 seat it held at first is free for a new booking (the
  // same check a create runs), and the merchant's bookings_version moved with each move.
  const int64_t version = read_merchant(*s, "m1")->bookings_version;
  REQUIRE_FALSE(refusal(move_to(*s, *cat, "bk_a", kStartS + 7200)));
  CHECK(read_booking(*s, "bk_a")->reschedule_count == 2);
  CHECK(read_merchant(*s, "m1")->bookings_version > version);
  slotpay::Errors errors;
  auto w = write_now(*s, [&](BookingTx& tx) {
    auto m = tx.merchant("m1");
    slotpay::BookingRequest req;
    req.service = "cut";
    req.staff = "ana";
    req.start = rfc(kStartS);
    req.customer = slotpay::Customer{"New Customer", "new@example.com", std::nullopt};
    check_booking_in_tx(tx, *cat, *m, req, kNowMs, errors);
    return false;
  });
  CHECK(w.error.empty());
  CHECK(errors.empty());
}

STORE_TEST(reschedule_race_for_the_last_seat,
           "reschedule: bookings racing from two stores for one free seat, one wins") {
  auto a = db.open();
  auto b = db.open();
  const std::string text = catalog_text();
  save(*a, merchant(), text);
  auto cat = parsed(text);
  constexpr int kMovers = 6;
  for (int i = 0; i < kMovers; ++i)
    insert(*a, confirmed("bk_" + std::to_string(i), kStartS + 3600 * i));  // 10:00 .. 15:00
  const int64_t target = kStartS + 3600 * kMovers + 1800;                  // 16:30, free
  std::atomic<int> moved{0}, refused{0}, done{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int i = 0; i < kMovers; ++i) {
    BookingStore* store = (i % 2) ? a.get() : b.get();
    threads.emplace_back([&, i, store] {
      while (!go) std::this_thread::yield();
      store->write(
          [&, i](BookingTx& tx) {
            auto bk = tx.booking("bk_" + std::to_string(i));
            auto m = tx.merchant("m1");
            if (!bk || !m) return false;
            auto r = move_booking(tx, *cat, *m, *bk, {rfc(target), ""}, kNowMs);
            if (auto* e = std::get_if<ApiError>(&r)) {
              if (e->code == "slot_unavailable") refused++;
              return false;
            }
            moved++;
            return true;
          },
          [&](const WriteResult&) { done++; });
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  for (int i = 0; i < 10000 && done < kMovers; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  REQUIRE(done == kMovers);
  CHECK(moved == 1);
  CHECK(refused == kMovers - 1);
  CHECK(seats_at(*a, target) == 1);
  // The winner left its old seat; every loser kept its own.
  int64_t still = 0;
  for (int i = 0; i < kMovers; ++i) still += seats_at(*a, kStartS + 3600 * i);
  CHECK(still == kMovers - 1);
}
