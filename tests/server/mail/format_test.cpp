#include "mail/format.hpp"

#include <catch2/catch.hpp>
#include <climits>

#include "mail/strings.hpp"

using namespace slotpay;
using namespace slotpay::mail;

namespace {

const MailStrings& en() { return mail_strings("en"); }

Currency currency(const char* code) {
  auto c = find_currency(code, "currency");
  REQUIRE(c.ok());
  return c.value();
}

TimeZone zone(const char* name) {
  auto z = TimeZone::find(name);
  REQUIRE(z.ok());
  return z.value();
}

Instant at(const char* rfc3339) {
  auto t = parse_rfc3339(rfc3339);
  REQUIRE(t);
  return t->instant;
}

std::string money(int64_t amount, const char* code) {
  return format_money(amount, currency(code), en());
}

}  // namespace

TEST_CASE("format_money: exponent, grouping, symbols and codes") {
  CHECK(money(0, "usd") == "$0.00");
  CHECK(money(5, "usd") == "$0.05");
  CHECK(money(123456, "usd") == "$1,234.56");
  CHECK(money(99999999, "usd") == "$999,999.99");
  CHECK(money(-2550, "usd") == "-$25.50");
  CHECK(money(1235, "jpy") == "¥1,235");
  CHECK(money(50, "jpy") == "¥50");
  CHECK(money(2000, "eur") == "€20.00");
  CHECK(money(1250, "kwd") == "KWD 1.250");
  CHECK(money(1250, "chf") == "CHF 12.50");
  // ISK: whole krónur sent as hundredths; shown without decimals, as the widget does.
  CHECK(money(123400, "isk") == "ISK 1,234");
  CHECK(money(100, "isk") == "ISK 1");
  CHECK(money(123450, "isk") == "ISK 1,234.50");
  CHECK(money(INT64_MIN, "usd").starts_with("-$92,233,720,368,547,758.08"));
}

TEST_CASE("format_money: every currency reads back as the integer amount") {
  for (const Currency& c : all_currencies()) {
    for (int64_t amount : {int64_t{0}, int64_t{7}, c.amount_multiple_of * 1234567, c.max_amount}) {
      INFO(c.code << " " << amount);
      std::string text = format_money(amount, c, en());
      std::string digits;
      bool fraction = false;
      int decimals = 0;
      for (char ch : text) {
        if (ch >= '0' && ch <= '9') {
          digits += ch;
          if (fraction) ++decimals;
        } else if (ch == '.' && !digits.empty()) {
          fraction = true;
        }
      }
      // Whole-unit currencies drop their decimals: put them back before comparing.
      CHECK((decimals == c.exponent || decimals == 0));
      for (int i = decimals; i < c.exponent; ++i) digits += '0';
      CHECK(std::stoll(digits) == amount);
    }
  }
}

TEST_CASE("format dates and times in English, in the merchant's zone") {
  TimeZone ny = zone("America/New_York");
  CHECK(format_date(LocalDate{2026, 3, 8}, en()) == "Sunday, March 8, 2026");
  CHECK(format_date_short(LocalDate{2026, 3, 8}, en()) == "Sun Mar 8");
  CHECK(format_time(LocalDateTime{{2026, 3, 8}, 0, 0}, en()) == "12:00 AM");
  CHECK(format_time(LocalDateTime{{2026, 3, 8}, 9 * 60 + 5, 0}, en()) == "9:05 AM");
  CHECK(format_time(LocalDateTime{{2026, 3, 8}, 12 * 60, 0}, en()) == "12:00 PM");
  CHECK(format_time(LocalDateTime{{2026, 3, 8}, 23 * 60 + 59, 0}, en()) == "11:59 PM");
  CHECK(format_utc_offset(0) == "UTC");
  CHECK(format_utc_offset(-4 * 3600) == "UTC-04:00");
  CHECK(format_utc_offset(5 * 3600 + 45 * 60) == "UTC+05:45");
  CHECK(format_utc_offset(-(9 * 3600 + 30 * 60)) == "UTC-09:30");
  CHECK(format_instant(at("2026-03-08T14:00:00Z"), ny, en()) == "Sunday, March 8, 2026, 10:00 AM");
  // Across the spring-forward change: 01:30 EST to 03:30 EDT is one hour.
  CHECK(format_span(at("2026-03-08T01:30:00-05:00"), at("2026-03-08T03:30:00-04:00"), ny, en()) ==
        "Sunday, March 8, 2026, 1:30 AM – 3:30 AM (America/New_York time, UTC-05:00)");
  // Ending on the next day names the end's date.
  CHECK(format_span(at("2026-07-01T23:00:00-04:00"), at("2026-07-02T01:00:00-04:00"), ny, en()) ==
        "Wednesday, July 1, 2026, 11:00 PM – Thursday, July 2, 2026, 1:00 AM "
        "(America/New_York time, UTC-04:00)");
  CHECK(format_span(at("2026-03-08T09:15:00+05:45"), at("2026-03-08T10:00:00+05:45"),
                    zone("Asia/Kathmandu"), en()) ==
        "Sunday, March 8, 2026, 9:15 AM – 10:00 AM (Asia/Kathmandu time, UTC+05:45)");
}

TEST_CASE("policy sentences say what the core's cancellation_outcome would do") {
  TimeZone ny = zone("America/New_York");
  Currency usd = currency("usd");
  Instant start = at("2026-03-10T10:00:00-04:00");
  CancellationPolicy p;
  p.free_until_min = 24 * 60;
  p.fee.rate_bps = 5000;

  SECTION("free window, then a percentage fee, then everything kept") {
    auto s = policy_sentences(p, 5000, usd, false, start, ny, en());
    REQUIRE(s.size() == 3);
    CHECK(s[0] == "You can cancel free of charge until Monday, March 9, 2026, 10:00 AM.");
    CHECK(s[1] == "After that, a cancellation fee of $25.00 applies.");
    CHECK(s[2] == "If you do not come, what you paid is not refunded.");
  }
  SECTION("a fixed fee above what was paid is capped at it") {
    p.fee = RateOrFixed{std::nullopt, 10000};
    p.no_show_fee = RateOrFixed{std::nullopt, 1000};
    auto s = policy_sentences(p, 5000, usd, false, start, ny, en());
    REQUIRE(s.size() == 3);
    CHECK(s[1] == "After that, what you paid is not refunded.");
    CHECK(s[2] == "If you do not come, a fee of $10.00 applies.");
  }
  SECTION("no late fee and no no-show fee") {
    p.fee = RateOrFixed{};
    p.no_show_fee = RateOrFixed{0, std::nullopt};
    auto s = policy_sentences(p, 5000, usd, false, start, ny, en());
    REQUIRE(s.size() == 3);
    CHECK(s[1] == "After that, cancelling is still free until the start.");
    CHECK(s[2] == "If you do not come, what you paid is refunded.");
  }
  SECTION("no free window before the start") {
    p.free_until_min = 0;
    auto s = policy_sentences(p, 5000, usd, false, start, ny, en());
    REQUIRE(s.size() == 2);
    CHECK(s[0] == "You can cancel free of charge until the start.");
  }
  SECTION("a non-refundable deposit is kept whatever happens") {
    p.deposit_refundable = false;
    auto s = policy_sentences(p, 2000, usd, true, start, ny, en());
    CHECK(s == std::vector<std::string>{"The deposit of $20.00 is not refundable."});
    // The same policy on a full payment is the usual one.
    CHECK(policy_sentences(p, 2000, usd, false, start, ny, en()).size() == 3);
  }
  SECTION("nothing paid online") {
    CHECK(policy_sentences(p, 0, usd, false, start, ny, en()) ==
          std::vector<std::string>{"Nothing was paid online, so cancelling costs nothing here."});
  }
  SECTION("an amount the core refuses gives no promise at all") {
    CHECK(policy_sentences(p, 1255, currency("kwd"), false, start, ny, en()).empty());
  }
}
