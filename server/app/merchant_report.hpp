// The merchant's bookings-and-payments report (issue #11 item 6): the query read from the
// URL, its range in the merchant's zone, and the report as a stream of text pieces, a page
// of bookings at a time (server/money writes the rows and keeps the totals), so a year of
// bookings never sits in memory. Only the per-currency totals are kept while it runs.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "app/api_error.hpp"
#include "app/app_context.hpp"
#include "app/principal.hpp"
#include "slotpay/time.hpp"
#include "slotpay/timezone.hpp"

namespace slotpay::server {

struct ReportQuery {
  LocalDate from;              // the first day, in the merchant's zone
  LocalDate to;                // the last day, included
  std::string format = "csv";  // "csv" | "json"
  bool bom = false;            // CSV: a UTF-8 byte order mark first (Excel)
  bool entries = true;         // false: the totals only
};

inline constexpr int kMaxReportDays = 366;

// from/to "YYYY-MM-DD" (required; to >= from; at most kMaxReportDays days), format
// "csv" (default) or "json", bom "1"/"true"/"0"/"false". Errors: missing_field,
// invalid_field, invalid_range (field to).
std::variant<ReportQuery, ApiError> parse_report_query(std::string_view from, std::string_view to,
                                                       std::string_view format,
                                                       std::string_view bom);

// [from, to) in Unix seconds: the local midnight starting `from` to the one after `to`
// (a midnight skipped by a transition starts at the transition).
std::pair<int64_t, int64_t> report_bounds(const ReportQuery& q, const TimeZone& zone);

// One piece of the report's text; the source is called again only after the previous
// piece was taken, and answers once per call, from any thread.
struct ReportPiece {
  std::string text;
  bool done = false;
  bool failed = false;  // the store failed midway: the answer must be cut short
};
using ReportSource = std::function<void(std::function<void(ReportPiece)>)>;

struct ReportStart {
  std::optional<ApiError> error;  // merchant_not_found, database_unavailable
  std::string content_type;
  std::string filename;  // for Content-Disposition
  ReportSource source;
};

// Bookings of the caller's merchant starting in the query's days, of one mode: the one
// asked ("test"/"live"), else the merchant's active one; an API key only its own
// (invalid_field `mode` otherwise). A test booking never shows in a live report.
void merchant_report_use_case(AppContext& ctx, const Principal& who, const std::string& asked_mode,
                              const ReportQuery& query, std::function<void(ReportStart)> started);

}  // namespace slotpay::server
