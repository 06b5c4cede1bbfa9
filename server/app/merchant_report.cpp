#include "app/merchant_report.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "money/csv.hpp"
#include "money/report.hpp"

namespace slotpay::server {
namespace {

using ojson = nlohmann::ordered_json;
constexpr int64_t kPageSize = 500;

ApiError bad(const char* code, const char* field, std::string message) {
  return ApiError{code, field, std::move(message), nullptr};
}

ojson totals_json(const money::MoneyTotals& t) {
  return ojson{
      {"bookings", t.bookings}, {"gross", t.gross},       {"application_fees", t.application_fees},
      {"refunds", t.refunds},   {"disputes", t.disputes}, {"net", t.net}};
}

ojson report_totals_json(const money::ReportTotals& totals) {
  ojson out;
  out["by_currency"] = ojson::object();
  for (const auto& [currency, t] : totals.by_currency) {
    ojson row = totals_json(t);
    auto exp = totals.exponents.find(currency);
    row["exponent"] = exp == totals.exponents.end() ? 2 : exp->second;
    out["by_currency"][currency] = std::move(row);
  }
  auto keyed = [](const auto& map, const char* key_name) {
    ojson rows = ojson::array();
    for (const auto& [key, t] : map) {
      ojson row{{"currency", key.first}, {key_name, key.second}};
      row.update(totals_json(t));
      rows.push_back(std::move(row));
    }
    return rows;
  };
  out["by_service"] = keyed(totals.by_service, "service");
  out["by_staff"] = keyed(totals.by_staff, "staff");
  return out;
}

ojson entry_json(const money::ReportEntry& e) {
  return ojson{{"booking_id", e.booking_id},
               {"status", e.status},
               {"payment_mode", e.payment_mode},
               {"start", e.start},
               {"created", e.created},
               {"service", e.service},
               {"staff", e.staff},
               {"quantity", e.quantity},
               {"customer_name", e.customer_name},
               {"customer_email", e.customer_email},
               {"coupon", e.coupon},
               {"currency", e.currency},
               {"total", e.total},
               {"gross", e.gross},
               {"application_fee", e.application_fee},
               {"refunded", e.refunded},
               {"disputed", e.disputed},
               {"net", e.net()}};
}

std::string dump(const ojson& j) { return j.dump(-1, ' ', false, ojson::error_handler_t::replace); }

// The report being written: where the pages have got to and the totals so far. Pieces
// are asked for one at a time (the connection waits for each), so the state needs no
// lock beyond the handoff between threads, which the store's job queue orders.
class ReportWriter : public std::enable_shared_from_this<ReportWriter> {
 public:
  ReportWriter(AppContext& ctx, std::string merchant_id, std::string mode, ReportQuery query,
               TimeZone zone, std::pair<int64_t, int64_t> bounds,
               std::map<std::string, std::vector<DisputeRecord>> disputes)
      : ctx_(ctx),
        merchant_id_(std::move(merchant_id)),
        mode_(std::move(mode)),
        query_(std::move(query)),
        zone_(std::move(zone)),
        from_s_(bounds.first),
        to_s_(bounds.second),
        after_start_s_(bounds.first - 1),
        disputes_(std::move(disputes)) {}

  void next(std::function<void(ReportPiece)> answer) {
    if (!started_) {
      started_ = true;
      return answer(ReportPiece{opening(), false, false});
    }
    if (pages_done_) return answer(ReportPiece{closing(), true, false});
    auto self = shared_from_this();
    ctx_.store.read([self, answer](StoreReader& r) {
      std::string text;
      try {
        auto page = r.bookings_starting(self->merchant_id_, self->mode_, self->from_s_, self->to_s_,
                                        self->after_start_s_, self->after_id_, kPageSize);
        text = self->rows(page);
        if (static_cast<int64_t>(page.size()) < kPageSize) self->pages_done_ = true;
      } catch (const std::exception&) {
        return answer(ReportPiece{"", false, true});
      }
      answer(ReportPiece{std::move(text), false, false});
    });
  }

 private:
  bool csv() const { return query_.format == "csv"; }

  std::string opening() const {
    if (csv()) {
      std::string out = query_.bom ? std::string(money::kUtf8Bom) : "";
      if (query_.entries) out += money::csv_entries_header();
      return out;
    }
    std::string out = "{\"from\":\"" + format_local_date(query_.from) + "\",\"to\":\"" +
                      format_local_date(query_.to) + "\",\"timezone\":" + dump(zone_.name());
    if (query_.entries) out += ",\"bookings\":[";
    return out;
  }

  std::string rows(const std::vector<BookingRecord>& page) {
    std::string out;
    for (const auto& b : page) {
      auto found = disputes_.find(b.id);
      std::span<const DisputeRecord> disputes;
      if (found != disputes_.end()) disputes = found->second;
      money::ReportEntry entry = money::report_entry(b, zone_, disputes);
      totals_.add(entry);
      if (!query_.entries) continue;
      if (csv()) {
        out += money::csv_entry_row(entry);
      } else {
        if (written_++) out += ',';
        out += dump(entry_json(entry));
      }
    }
    if (!page.empty()) {
      after_start_s_ = page.back().slot.start.seconds;
      after_id_ = page.back().id;
    }
    return out;
  }

  std::string closing() const {
    if (csv()) return query_.entries ? "" : money::csv_totals(totals_);
    return std::string(query_.entries ? "]" : "") +
           ",\"totals\":" + dump(report_totals_json(totals_)) + "}";
  }

  AppContext& ctx_;
  const std::string merchant_id_, mode_;
  const ReportQuery query_;
  const TimeZone zone_;
  const int64_t from_s_, to_s_;
  int64_t after_start_s_;
  std::string after_id_;
  const std::map<std::string, std::vector<DisputeRecord>> disputes_;
  money::ReportTotals totals_;
  bool started_ = false, pages_done_ = false;
  int64_t written_ = 0;
};

bool parse_flag(std::string_view text, bool& out) {
  if (text.empty() || text == "0" || text == "false") return out = false, true;
  if (text == "1" || text == "true") return out = true, true;
  return false;
}

}  // namespace

std::variant<ReportQuery, ApiError> parse_report_query(std::string_view from, std::string_view to,
                                                       std::string_view format,
                                                       std::string_view bom) {
  ReportQuery q;
  if (from.empty()) return bad("missing_field", "from", "from is required (YYYY-MM-DD)");
  if (to.empty()) return bad("missing_field", "to", "to is required (YYYY-MM-DD)");
  auto f = parse_local_date(from);
  if (!f) return bad("invalid_field", "from", "from must be a date, YYYY-MM-DD");
  auto t = parse_local_date(to);
  if (!t) return bad("invalid_field", "to", "to must be a date, YYYY-MM-DD");
  const int64_t days = days_from_civil(*t) - days_from_civil(*f) + 1;
  if (days < 1) return bad("invalid_range", "to", "to must not be before from");
  if (days > kMaxReportDays)
    return bad("invalid_range", "to",
               "a report covers at most " + std::to_string(kMaxReportDays) + " days");
  q.from = *f;
  q.to = *t;
  if (!format.empty()) {
    if (format != "csv" && format != "json")
      return bad("invalid_field", "format", "format must be csv or json");
    q.format = std::string(format);
  }
  if (!parse_flag(bom, q.bom)) return bad("invalid_field", "bom", "bom must be 1 or 0");
  return q;
}

std::pair<int64_t, int64_t> report_bounds(const ReportQuery& q, const TimeZone& zone) {
  auto midnight = [&](const LocalDate& d) {
    return zone.resolve(LocalDateTime{d, 0, 0}).first.seconds;
  };
  return {midnight(q.from), midnight(civil_from_days(days_from_civil(q.to) + 1))};
}

void merchant_report_use_case(AppContext& ctx, const Principal& who, const std::string& asked_mode,
                              const ReportQuery& query, std::function<void(ReportStart)> started) {
  ctx.store.read([&ctx, who, asked_mode, query, started](StoreReader& r) {
    ReportStart start;
    const std::string& merchant_id = who.merchant_id;
    try {
      auto m = r.merchant(merchant_id);
      auto catalog = m ? ctx.catalogs.get(r, merchant_id, m->catalog_version) : nullptr;
      if (!m || !catalog) {
        start.error = ApiError{"merchant_not_found", "", "no such merchant", nullptr};
        return started(std::move(start));
      }
      auto mode = mode_for(who, asked_mode, m->mode);
      if (!mode) {
        // A key asking for the other mode is refused like the bookings list (403), not
        // taken for a malformed query.
        start.error =
            mode_refusal_code(asked_mode) == std::string_view("forbidden")
                ? ApiError{"forbidden", "mode", "this API key reports its own mode only", nullptr}
                : ApiError{"invalid_field", "mode", "mode must be test or live", nullptr};
        return started(std::move(start));
      }
      // Disputes are few: all of the merchant's, by booking, for the rows to use.
      std::map<std::string, std::vector<DisputeRecord>> disputes;
      for (auto& d : r.disputes_of_merchant(merchant_id))
        disputes[d.booking_id].push_back(std::move(d));
      const TimeZone& zone = catalog->loaded.zone;
      auto writer = std::make_shared<ReportWriter>(ctx, merchant_id, *mode, query, zone,
                                                   report_bounds(query, zone), std::move(disputes));
      start.source = [writer](std::function<void(ReportPiece)> answer) {
        writer->next(std::move(answer));
      };
      const bool csv = query.format == "csv";
      start.content_type = csv ? "text/csv; charset=utf-8" : "application/json";
      start.filename = std::string("slotpay-") + (query.entries ? "bookings" : "totals") + "-" +
                       format_local_date(query.from) + "-" + format_local_date(query.to) +
                       (csv ? ".csv" : ".json");
    } catch (const StoreUnavailable&) {
      start.error = database_unavailable();
    } catch (const std::exception& e) {
      start.error = internal_error(e.what());
    }
    started(std::move(start));
  });
}

}  // namespace slotpay::server
