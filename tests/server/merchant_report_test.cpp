// The report's query and its range in the merchant's zone (server/app/merchant_report.hpp).
#include "app/merchant_report.hpp"

#include <catch2/catch.hpp>

using namespace slotpay::server;

namespace {

std::string code_of(const std::variant<ReportQuery, ApiError>& v) {
  return std::holds_alternative<ApiError>(v) ? std::get<ApiError>(v).code : "";
}
std::string field_of(const std::variant<ReportQuery, ApiError>& v) {
  return std::holds_alternative<ApiError>(v) ? std::get<ApiError>(v).field : "";
}

}  // namespace

TEST_CASE("report query: dates required, in order, at most a year", "[report]") {
  auto ok = parse_report_query("2026-01-01", "2026-12-31", "", "");
  REQUIRE(std::holds_alternative<ReportQuery>(ok));
  CHECK(std::get<ReportQuery>(ok).format == "csv");
  CHECK_FALSE(std::get<ReportQuery>(ok).bom);

  CHECK(code_of(parse_report_query("", "2026-01-01", "", "")) == "missing_field");
  CHECK(field_of(parse_report_query("2026-01-01", "", "", "")) == "to");
  CHECK(field_of(parse_report_query("2026-02-30", "2026-03-01", "", "")) == "from");
  CHECK(field_of(parse_report_query("2026-01-01", "01/02/2026", "", "")) == "to");
  CHECK(code_of(parse_report_query("2026-03-02", "2026-03-01", "", "")) == "invalid_range");
  // A leap year's 366 days pass; one more does not.
  CHECK(code_of(parse_report_query("2028-01-01", "2028-12-31", "", "")).empty());
  CHECK(code_of(parse_report_query("2026-01-01", "2027-01-02", "", "")) == "invalid_range");
}

TEST_CASE("report query: format and bom", "[report]") {
  auto json = parse_report_query("2026-01-01", "2026-01-01", "json", "1");
  REQUIRE(std::holds_alternative<ReportQuery>(json));
  CHECK(std::get<ReportQuery>(json).format == "json");
  CHECK(std::get<ReportQuery>(json).bom);
  CHECK(field_of(parse_report_query("2026-01-01", "2026-01-01", "xlsx", "")) == "format");
  CHECK(field_of(parse_report_query("2026-01-01", "2026-01-01", "csv", "yes")) == "bom");
}

TEST_CASE("report bounds: local midnights, across a DST change", "[report]") {
  auto zone = slotpay::TimeZone::find("America/New_York").value();
  auto q = std::get<ReportQuery>(parse_report_query("2026-03-08", "2026-03-08", "", ""));
  auto [from, to] = report_bounds(q, zone);
  // 2026-03-08 00:00 EST is 05:00 UTC; the next midnight is EDT (04:00 UTC): a 23-hour day.
  CHECK(from == 1772946000);
  CHECK(to - from == 23 * 3600);
  auto nov = std::get<ReportQuery>(parse_report_query("2026-11-01", "2026-11-01", "", ""));
  auto [nf, nt] = report_bounds(nov, zone);
  CHECK(nt - nf == 25 * 3600);
}
