// The merchant's report (server/money): CSV cells safe in a spreadsheet and readable by
// an RFC 4180 reader, amounts in each currency's exponent, totals per currency that add
// up to the entries, to the unit.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "money/csv.hpp"
#include "money/report.hpp"
#include "slotpay/currency.hpp"

using namespace slotpay::server;
using namespace slotpay::server::money;

namespace {

// A strict RFC 4180 reader for the tests: rows end with CRLF; a quoted cell doubles its
// quotes. Fails the test on anything malformed.
std::vector<std::vector<std::string>> read_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  size_t i = 0;
  bool cell_started = false;
  while (i < text.size()) {
    char c = text[i];
    if (c == '"' && !cell_started) {
      ++i;
      for (;;) {
        REQUIRE(i < text.size());
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            cell += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        cell += text[i++];
      }
      cell_started = true;
      REQUIRE((i == text.size() || text[i] == ',' || text[i] == '\r'));
      continue;
    }
    if (c == ',') {
      row.push_back(cell);
      cell.clear();
      cell_started = false;
      ++i;
    } else if (c == '\r') {
      REQUIRE(i + 1 < text.size());
      REQUIRE(text[i + 1] == '\n');
      row.push_back(cell);
      rows.push_back(row);
      row.clear();
      cell.clear();
      cell_started = false;
      i += 2;
    } else {
      REQUIRE(c != '"');  // a quote inside an unquoted cell is malformed
      REQUIRE(c != '\n');
      cell += c;
      cell_started = true;
      ++i;
    }
  }
  REQUIRE(cell.empty());
  REQUIRE(row.empty());  // the last row ended with CRLF
  return rows;
}

slotpay::Currency currency(const char* code) { return slotpay::find_currency(code, "").value(); }

BookingRecord paid_booking(const std::string& id, const char* code, int64_t paid, int64_t fee) {
  BookingRecord b;
  b.id = id;
  b.merchant_id = "m1";
  b.status = BookingStatus::kConfirmed;
  b.payment_mode = "stripe";
  b.slot.service = "cut";
  b.slot.staff = "ana";
  b.slot.start = slotpay::Instant{1772960400};  // 2026-03-08T09:00:00Z
  b.slot.end = b.slot.start.plus_minutes(30);
  b.customer.name = "Zoë Example";
  b.customer.email = "zoe@example.com";
  b.quote.currency = currency(code);
  b.quote.total = paid;
  b.quote.due_now = paid;
  b.quote.application_fee = fee;
  b.amount = paid;
  b.paid_amount = paid;
  b.created_at_ms = 1772000000123;
  return b;
}

}  // namespace

TEST_CASE("csv text cells: formulas neutralised, RFC 4180 quoting", "[money]") {
  CHECK(csv_text_cell("plain") == "plain");
  CHECK(csv_text_cell("") == "");
  CHECK(csv_text_cell("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"");
  CHECK(csv_text_cell("+1 555") == "'+1 555");
  CHECK(csv_text_cell("-2+3") == "'-2+3");
  CHECK(csv_text_cell("@SUM(A1)") == "'@SUM(A1)");
  CHECK(csv_text_cell("\tcmd") == "'\tcmd");
  CHECK(csv_text_cell("\r=1") == "\"'\r=1\"");
  CHECK(csv_text_cell("a,b") == "\"a,b\"");
  CHECK(csv_text_cell("line\nbreak") == "\"line\nbreak\"");
  CHECK(csv_text_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_text_cell("a=b") == "a=b");  // only a leading character makes a formula

  // Every tricky cell reads back, through a strict reader, as the text with at most the
  // apostrophe in front.
  const std::vector<std::string> tricky = {"=1+1", "a,b", "\"q\"", "x\r\ny", "-", "Zoë, \"Z\""};
  std::string out;
  std::vector<std::string> cells;
  for (const auto& t : tricky) cells.push_back(csv_text_cell(t));
  append_csv_row(out, cells);
  auto rows = read_csv(out);
  REQUIRE(rows.size() == 1);
  REQUIRE(rows[0].size() == tricky.size());
  for (size_t i = 0; i < tricky.size(); ++i) {
    const bool formula = tricky[i][0] == '=' || tricky[i][0] == '-';
    CHECK(rows[0][i] == (formula ? "'" : "") + tricky[i]);
  }
}

TEST_CASE("csv amounts follow the currency's exponent, negatives and extremes included",
          "[money]") {
  CHECK(csv_amount_cell(1250, 2) == "12.50");
  CHECK(csv_amount_cell(5, 2) == "0.05");
  CHECK(csv_amount_cell(0, 2) == "0.00");
  CHECK(csv_amount_cell(-1250, 2) == "-12.50");
  CHECK(csv_amount_cell(-5, 2) == "-0.05");
  CHECK(csv_amount_cell(1235, 0) == "1235");
  CHECK(csv_amount_cell(1250, 3) == "1.250");
  CHECK(csv_amount_cell(INT64_MIN, 2) == "-92233720368547758.08");
  CHECK(csv_amount_cell(INT64_MAX, 0) == "9223372036854775807");
  CHECK_THROWS(csv_amount_cell(1, -1));
}

TEST_CASE("a report entry: fee, refunds and disputes from the booking record", "[money]") {
  auto zone = slotpay::TimeZone::find("America/New_York").value();
  auto b = paid_booking("bk_1", "usd", 5000, 250);
  b.refunded_amount = 1000;
  auto e = report_entry(b, zone);
  CHECK(e.start == "2026-03-08T05:00:00-04:00");  // the day New York moves to EDT
  CHECK(e.created == "2026-02-25T06:13:20+00:00");
  CHECK(e.gross == 5000);
  CHECK(e.application_fee == 250);
  CHECK(e.refunded == 1000);
  CHECK(e.disputed == 0);
  CHECK(e.net() == 3750);

  // A full refund that refunded the platform's fee: nothing kept by anyone.
  b.refunded_amount = 5000;
  b.refund_application_fee = true;
  e = report_entry(b, zone);
  CHECK(e.application_fee == 0);
  CHECK(e.net() == 0);

  // Unpaid: no gross, no fee, whatever the quote says.
  auto unpaid = paid_booking("bk_2", "usd", 5000, 250);
  unpaid.paid_amount = 0;
  unpaid.status = BookingStatus::kExpired;
  e = report_entry(unpaid, zone);
  CHECK(e.gross == 0);
  CHECK(e.application_fee == 0);
  CHECK(e.net() == 0);
  CHECK(e.status == "expired");

  // Disputed: what was paid and not refunded is at stake.
  auto disputed = paid_booking("bk_3", "usd", 3000, 150);
  disputed.refunded_amount = 500;
  disputed.disputed = true;
  e = report_entry(disputed, zone);
  CHECK(e.disputed == 2500);
  CHECK(e.net() == 3000 - 150 - 500 - 2500);
}

TEST_CASE("report totals per currency, service and staff add up to the entries", "[money]") {
  auto zone = slotpay::TimeZone::find("Europe/Paris").value();
  std::vector<BookingRecord> bookings;
  bookings.push_back(paid_booking("a", "usd", 5000, 250));
  bookings.push_back(paid_booking("b", "usd", 3000, 150));
  bookings.back().refunded_amount = 3000;
  bookings.back().slot.service = "color";
  bookings.push_back(paid_booking("c", "jpy", 4400, 0));
  bookings.back().slot.staff = "ben";
  bookings.push_back(paid_booking("d", "usd", 2000, 100));
  bookings.back().disputed = true;

  ReportTotals totals;
  std::string csv = csv_entries_header();
  for (const auto& b : bookings) {
    auto e = report_entry(b, zone);
    totals.add(e);
    csv += csv_entry_row(e);
  }
  REQUIRE(totals.by_currency.size() == 2);
  const MoneyTotals usd = totals.by_currency.at("usd");
  CHECK(usd.bookings == 3);
  CHECK(usd.gross == 10000);
  CHECK(usd.application_fees == 500);
  CHECK(usd.refunds == 3000);
  CHECK(usd.disputes == 2000);
  CHECK(usd.net == 10000 - 500 - 3000 - 2000);
  CHECK(totals.by_currency.at("jpy").gross == 4400);
  CHECK(totals.by_service.at({"usd", "color"}).refunds == 3000);
  CHECK(totals.by_service.at({"usd", "cut"}).gross == 7000);
  CHECK(totals.by_staff.at({"jpy", "ben"}).bookings == 1);
  CHECK(totals.by_staff.count({"usd", "ben"}) == 0);

  // Each section's rows add up to the currency's totals.
  using Section = std::map<std::pair<std::string, std::string>, MoneyTotals>;
  auto sum_of = [](const Section& section, const std::string& currency) {
    MoneyTotals sum;
    for (const auto& [key, t] : section)
      if (key.first == currency) {
        sum.bookings += t.bookings;
        sum.gross += t.gross;
        sum.application_fees += t.application_fees;
        sum.refunds += t.refunds;
        sum.disputes += t.disputes;
        sum.net += t.net;
      }
    return sum;
  };
  for (const auto& [currency, all] : totals.by_currency) {
    CHECK(sum_of(totals.by_service, currency) == all);
    CHECK(sum_of(totals.by_staff, currency) == all);
  }

  auto rows = read_csv(csv);
  REQUIRE(rows.size() == 5);
  CHECK(rows[0][0] == "booking_id");
  REQUIRE(rows[0].size() == rows[1].size());
  CHECK(rows[1][3] == "2026-03-08T10:00:00+01:00");
  CHECK(rows[1][8] == "Zoë Example");
  CHECK(rows[1][11] == "USD");
  CHECK(rows[1][13] == "50.00");
  CHECK(rows[1][17] == "47.50");
  CHECK(rows[3][11] == "JPY");
  CHECK(rows[3][13] == "4400");  // yen: no decimals

  auto total_rows = read_csv(csv_totals(totals));
  REQUIRE(total_rows.size() == 1 + 2 + 3 + 2);  // header, currencies, services, staff
  CHECK(total_rows[1] ==
        std::vector<std::string>{"all", "JPY", "", "1", "4400", "0", "0", "0", "4400"});
  CHECK(total_rows[2] == std::vector<std::string>{"all", "USD", "", "3", "100.00", "5.00", "30.00",
                                                  "20.00", "45.00"});
}

TEST_CASE("a customer's name cannot smuggle a formula or a row into the report", "[money]") {
  auto zone = slotpay::TimeZone::find("UTC").value();
  auto b = paid_booking("bk_evil", "usd", 1000, 0);
  b.customer.name = "=cmd|' /C calc'!A0\r\nforged,row";
  b.coupon = "@SUM(1+1)";
  std::string csv = csv_entries_header() + csv_entry_row(report_entry(b, zone));
  auto rows = read_csv(csv);
  REQUIRE(rows.size() == 2);
  CHECK(rows[1][0] == "bk_evil");
  CHECK(rows[1][8] == "'=cmd|' /C calc'!A0\r\nforged,row");
  CHECK(rows[1][10] == "'@SUM(1+1)");
}

TEST_CASE("a report entry counts what the booking's disputes put at stake", "[money]") {
  auto zone = slotpay::TimeZone::find("UTC").value();
  auto b = paid_booking("bk_d", "usd", 5000, 250);
  b.disputed = true;
  b.refunded_amount = 1000;
  DisputeRecord lost;
  lost.id = "dp_1";
  lost.booking_id = "bk_d";
  lost.amount = 3000;
  lost.currency = "usd";
  lost.status = "lost";
  DisputeRecord won = lost;
  won.id = "dp_2";
  won.status = "won";
  DisputeRecord elsewhere = lost;
  elsewhere.id = "dp_3";
  elsewhere.booking_id = "bk_other";

  std::vector<DisputeRecord> disputes = {lost, won, elsewhere};
  CHECK(report_entry(b, zone, disputes).disputed == 3000);
  lost.amount = 9000;  // never more than was paid and not refunded
  disputes = {lost};
  CHECK(report_entry(b, zone, disputes).disputed == 4000);
  disputes = {won};
  CHECK(report_entry(b, zone, disputes).disputed == 0);
  // Without records, the flag alone counts all that was paid and not refunded.
  CHECK(report_entry(b, zone).disputed == 4000);
}
