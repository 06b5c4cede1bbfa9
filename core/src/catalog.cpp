#include "slotpay/catalog.hpp"

#include <algorithm>
#include <set>

#include "json/json_in.hpp"
#include "json/readers.hpp"
#include "slotpay/money.hpp"
#include "slotpay/time.hpp"
#include "slotpay/timezone.hpp"
#include "slotpay/validation.hpp"

namespace slotpay {
namespace {

using detail::index_path;
using detail::json;
using detail::Need;
using detail::ObjectReader;

constexpr const char* kWeekdays[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr size_t kMaxServices = 500, kMaxStaff = 500, kMaxAddons = 50, kMaxCoupons = 1000,
                 kMaxOverrides = 1000, kMaxRangesPerDay = 24;

bool is_identifier(const std::string& s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

std::string read_id(ObjectReader& r, const char* key, Errors& errors) {
  auto id = r.string(key, Need::kRequired, 64);
  if (!id) return {};
  if (!is_identifier(*id)) {
    errors.push_back(make_error(ErrorCode::kInvalidField, r.path_of(key),
                                r.path_of(key) + " must be 1-64 letters, digits, '_', '-' or '.'"));
  }
  return *id;
}

// A money amount that must also be a whole chargeable unit of `currency`.
int64_t read_price(ObjectReader& r, const char* key, Need need, const Currency& currency,
                   Errors& errors) {
  auto v = r.amount(key, need);
  if (!v) return 0;
  if (!is_chargeable(*v, currency)) {
    errors.push_back(make_error(ErrorCode::kInvalidAmount, r.path_of(key),
                                r.path_of(key) + " must be a multiple of " +
                                    std::to_string(currency.amount_multiple_of) + " for " +
                                    std::string(currency.code)));
  }
  return *v;
}

std::optional<RateOrFixed> read_rate_or_fixed(const json* v, const std::string& path,
                                              const Currency& currency, Errors& errors,
                                              int64_t max_bps = 10000) {
  if (v == nullptr) return std::nullopt;
  ObjectReader r(v, path, errors);
  if (!r.present()) return std::nullopt;
  RateOrFixed out;
  out.rate_bps = r.integer("rate_bps", Need::kOptional, 0, max_bps);
  if (r.any("fixed", Need::kOptional) != nullptr)
    out.fixed = read_price(r, "fixed", Need::kOptional, currency, errors);
  r.reject_unknown();
  if (out.rate_bps.has_value() == out.fixed.has_value()) {
    errors.push_back(make_error(ErrorCode::kInvalidField, path,
                                path + " needs exactly one of rate_bps or fixed"));
    return std::nullopt;
  }
  return out;
}

DayHours read_day_hours(const json& v, const std::string& path, Errors& errors) {
  DayHours out;
  if (!v.is_array()) {
    errors.push_back(make_error(ErrorCode::kInvalidField, path,
                                path + " must be a list of [\"HH:MM\", \"HH:MM\"] ranges"));
    return out;
  }
  if (v.size() > kMaxRangesPerDay) {
    errors.push_back(make_error(ErrorCode::kInputTooLarge, path, path + " has too many ranges"));
    return out;
  }
  for (size_t i = 0; i < v.size(); ++i) {
    const auto p = index_path(path, i);
    const json& range = v[i];
    if (!range.is_array() || range.size() != 2 || !range[0].is_string() || !range[1].is_string()) {
      errors.push_back(
          make_error(ErrorCode::kInvalidField, p, p + " must be a pair [\"HH:MM\", \"HH:MM\"]"));
      continue;
    }
    auto start = parse_hhmm(range[0].str(), false);
    auto end = parse_hhmm(range[1].str(), true);
    if (!start || !end) {
      errors.push_back(make_error(ErrorCode::kInvalidTime, p,
                                  p + " has a time that is not a valid HH:MM (00:00-24:00)"));
      continue;
    }
    int e = *end;
    if (e == *start) {
      errors.push_back(make_error(ErrorCode::kInvalidRange, p, p + " is empty"));
      continue;
    }
    if (e < *start) e += 1440;  // crosses midnight
    out.push_back(TimeRange{*start, e});
  }
  std::sort(out.begin(), out.end(),
            [](const TimeRange& a, const TimeRange& b) { return a.start_min < b.start_min; });
  for (size_t i = 1; i < out.size(); ++i) {
    if (out[i].start_min < out[i - 1].end_min) {
      errors.push_back(
          make_error(ErrorCode::kInvalidRange, path,
                     path + " has overlapping ranges (" + format_hhmm(out[i - 1].start_min) + "-" +
                         format_hhmm(out[i - 1].end_min) + " and " + format_hhmm(out[i].start_min) +
                         "-" + format_hhmm(out[i].end_min) + ")"));
      break;
    }
  }
  return out;
}

WeeklyHours read_weekly(const json* v, const std::string& path, Errors& errors) {
  WeeklyHours out;
  ObjectReader r(v, path, errors);
  for (int d = 0; d < 7; ++d) {
    const json* day = r.any(kWeekdays[d], Need::kOptional);
    if (day != nullptr) out[d] = read_day_hours(*day, r.path_of(kWeekdays[d]), errors);
  }
  r.reject_unknown();
  return out;
}

std::vector<DateOverride> read_overrides(const json* v, const std::string& path, Errors& errors) {
  std::vector<DateOverride> out;
  if (v == nullptr) return out;
  if (!v->is_object()) {
    errors.push_back(make_error(ErrorCode::kInvalidField, path, path + " must be an object"));
    return out;
  }
  if (v->size() > kMaxOverrides) {
    errors.push_back(make_error(ErrorCode::kInputTooLarge, path, path + " has too many dates"));
    return out;
  }
  for (const auto& m : v->members()) {
    const auto p = detail::join_path(path, m.key.substr(0, 32));
    if (!parse_local_date(m.key)) {
      errors.push_back(make_error(ErrorCode::kInvalidDate, p, p + " is not a YYYY-MM-DD date"));
      continue;
    }
    out.push_back(DateOverride{m.key, read_day_hours(m.value, p, errors)});
  }
  return out;  // parsed objects iterate in key order, so dates are sorted
}

std::vector<std::string> read_id_list(const json* v, const std::string& path, Errors& errors,
                                      size_t max_items) {
  std::vector<std::string> out;
  if (v == nullptr) return out;
  if (!v->is_array() || v->size() > max_items) {
    errors.push_back(
        make_error(ErrorCode::kInvalidField, path,
                   path + " must be a list of at most " + std::to_string(max_items) + " ids"));
    return out;
  }
  for (size_t i = 0; i < v->size(); ++i) {
    const json& e = (*v)[i];
    if (!e.is_string() || !is_identifier(e.str())) {
      errors.push_back(make_error(ErrorCode::kInvalidField, index_path(path, i),
                                  index_path(path, i) + " must be an id"));
      continue;
    }
    out.push_back(e.str());
  }
  return out;
}

Merchant read_merchant(const json* v, const std::string& path, Errors& errors) {
  Merchant m;
  ObjectReader r(v, path, errors);
  m.id = read_id(r, "id", errors);
  m.name = r.string("name", Need::kRequired).value_or("");
  if (auto tz = r.string("timezone", Need::kRequired, 64)) {
    m.timezone = *tz;
    auto zone = TimeZone::find(*tz, r.path_of("timezone"));
    if (!zone.ok()) errors.push_back(zone.error());
  }
  if (auto code = r.string("currency", Need::kRequired, 16)) {
    auto c = find_currency(*code, r.path_of("currency"));
    if (c.ok())
      m.currency = c.value();
    else
      errors.push_back(c.error());
  }
  if (const json* fee = r.object("platform_fee", Need::kOptional)) {
    ObjectReader f(fee, r.path_of("platform_fee"), errors);
    m.platform_fee.rate_bps = f.integer("rate_bps", Need::kOptional, 0, 10000).value_or(0);
    m.platform_fee.fixed = read_price(f, "fixed", Need::kOptional, m.currency, errors);
    f.reject_unknown();
  }
  if (auto policy = r.string("min_charge_policy", Need::kOptional, 32)) {
    if (*policy == "raise_to_minimum")
      m.min_charge_policy = MinChargePolicy::kRaiseToMinimum;
    else if (*policy == "reject")
      m.min_charge_policy = MinChargePolicy::kReject;
    else if (*policy == "pay_at_venue")
      m.min_charge_policy = MinChargePolicy::kPayAtVenue;
    else
      errors.push_back(make_error(ErrorCode::kInvalidField, r.path_of("min_charge_policy"),
                                  "min_charge_policy must be raise_to_minimum, reject or "
                                  "pay_at_venue"));
  }
  m.allow_full_discount = r.boolean("allow_full_discount", Need::kOptional).value_or(false);
  m.accept_unconfirmed = r.boolean("accept_unconfirmed", Need::kOptional).value_or(false);
  m.reminder_hours =
      static_cast<int>(r.integer("reminder_hours", Need::kOptional, 0, 168).value_or(24));
  m.reschedule_until_min =
      static_cast<int>(r.integer("reschedule_until_min", Need::kOptional, 0, 43200).value_or(1440));
  if (auto email = r.string("contact_email", Need::kOptional, 254)) {
    if (is_valid_email(*email))
      m.contact_email = *email;
    else
      errors.push_back(make_error(ErrorCode::kInvalidEmail, r.path_of("contact_email"),
                                  "not a valid email address"));
  }
  r.reject_unknown();
  return m;
}

Schedule read_schedule(const json* v, const std::string& path, Errors& errors) {
  Schedule s;
  ObjectReader r(v, path, errors, Need::kOptional);
  if (!r.present()) return s;
  if (const json* w = r.object("weekly", Need::kOptional))
    s.weekly = read_weekly(w, r.path_of("weekly"), errors);
  s.overrides = read_overrides(r.any("overrides", Need::kOptional), r.path_of("overrides"), errors);
  s.slot_interval_min =
      static_cast<int>(r.integer("slot_interval_min", Need::kOptional, 5, 1440).value_or(15));
  s.min_notice_min =
      static_cast<int>(r.integer("min_notice_min", Need::kOptional, 0, 525600).value_or(0));
  s.max_advance_days =
      static_cast<int>(r.integer("max_advance_days", Need::kOptional, 1, 730).value_or(60));
  r.reject_unknown();
  return s;
}

Staff read_staff(const json& v, const std::string& path, Errors& errors) {
  Staff s;
  ObjectReader r(&v, path, errors);
  s.id = read_id(r, "id", errors);
  s.name = r.string("name", Need::kOptional).value_or(s.id);
  s.services =
      read_id_list(r.any("services", Need::kRequired), r.path_of("services"), errors, kMaxServices);
  if (const json* w = r.object("weekly", Need::kOptional))
    s.weekly = read_weekly(w, r.path_of("weekly"), errors);
  s.overrides = read_overrides(r.any("overrides", Need::kOptional), r.path_of("overrides"), errors);
  r.reject_unknown();
  return s;
}

CancellationPolicy read_cancellation(const json* v, const std::string& path,
                                     const Currency& currency, Errors& errors) {
  CancellationPolicy c;
  ObjectReader r(v, path, errors, Need::kOptional);
  if (!r.present()) return c;
  c.free_until_min =
      static_cast<int>(r.integer("free_until_min", Need::kOptional, 0, 525600).value_or(0));
  if (auto fee =
          read_rate_or_fixed(r.object("fee", Need::kOptional), r.path_of("fee"), currency, errors))
    c.fee = *fee;
  c.deposit_refundable = r.boolean("deposit_refundable", Need::kOptional).value_or(true);
  c.no_show_fee = read_rate_or_fixed(r.object("no_show_fee", Need::kOptional),
                                     r.path_of("no_show_fee"), currency, errors);
  r.reject_unknown();
  return c;
}

Service read_service(const json& v, const std::string& path, const Currency& currency,
                     Errors& errors) {
  Service s;
  ObjectReader r(&v, path, errors);
  s.id = read_id(r, "id", errors);
  s.name = r.string("name", Need::kRequired).value_or("");
  s.duration_min =
      static_cast<int>(r.integer("duration_min", Need::kRequired, 1, 1440).value_or(0));
  s.price = read_price(r, "price", Need::kRequired, currency, errors);
  if (auto cap = r.integer("capacity", Need::kOptional, 1, 10000))
    s.capacity = static_cast<int>(*cap);
  if (auto most = r.integer("max_per_booking", Need::kOptional, 1, 10000))
    s.max_per_booking = static_cast<int>(*most);
  s.buffer_before_min =
      static_cast<int>(r.integer("buffer_before_min", Need::kOptional, 0, 1440).value_or(0));
  s.buffer_after_min =
      static_cast<int>(r.integer("buffer_after_min", Need::kOptional, 0, 1440).value_or(0));
  if (auto mode = r.string("payment", Need::kOptional, 16)) {
    if (*mode == "stripe")
      s.payment = PaymentMode::kStripe;
    else if (*mode == "external")
      s.payment = PaymentMode::kExternal;
    else if (*mode == "free")
      s.payment = PaymentMode::kFree;
    else
      errors.push_back(make_error(ErrorCode::kInvalidField, r.path_of("payment"),
                                  "payment must be stripe, external or free"));
  }
  s.deposit = read_rate_or_fixed(r.object("deposit", Need::kOptional), r.path_of("deposit"),
                                 currency, errors);
  s.cancellation = read_cancellation(r.object("cancellation", Need::kOptional),
                                     r.path_of("cancellation"), currency, errors);
  if (const json* tax = r.object("tax", Need::kOptional)) {
    ObjectReader t(tax, r.path_of("tax"), errors);
    Tax out;
    out.rate_bps = t.integer("rate_bps", Need::kRequired, 0, 10000).value_or(0);
    out.inclusive = t.boolean("inclusive", Need::kOptional).value_or(false);
    t.reject_unknown();
    s.tax = out;
  }
  if (const json* addons = r.array("addons", Need::kOptional, kMaxAddons)) {
    std::set<std::string> ids;
    for (size_t i = 0; i < addons->size(); ++i) {
      const auto p = index_path(r.path_of("addons"), i);
      ObjectReader a(&(*addons)[i], p, errors);
      Addon addon;
      addon.id = read_id(a, "id", errors);
      addon.name = a.string("name", Need::kOptional).value_or(addon.id);
      addon.price = read_price(a, "price", Need::kRequired, currency, errors);
      addon.duration_min =
          static_cast<int>(a.integer("duration_min", Need::kOptional, 0, 1440).value_or(0));
      a.reject_unknown();
      if (!addon.id.empty() && !ids.insert(addon.id).second)
        errors.push_back(make_error(ErrorCode::kInvalidField, p + ".id", "duplicate add-on id"));
      s.addons.push_back(std::move(addon));
    }
  }
  s.charge_after_service = r.boolean("charge_after_service", Need::kOptional).value_or(false);
  if (s.charge_after_service && s.payment != PaymentMode::kStripe)
    errors.push_back(make_error(ErrorCode::kInvalidField, r.path_of("charge_after_service"),
                                "charge_after_service needs payment \"stripe\""));
  if (s.payment == PaymentMode::kFree && s.price != 0)
    errors.push_back(make_error(ErrorCode::kInvalidField, r.path_of("price"),
                                "a service with payment \"free\" must have price 0"));
  r.reject_unknown();
  return s;
}

Coupon read_coupon(const json& v, const std::string& path, const Currency& currency,
                   Errors& errors) {
  Coupon c;
  ObjectReader r(&v, path, errors);
  c.code = r.string("code", Need::kRequired, 64).value_or("");
  if (r.present() && c.code.empty())
    errors.push_back(make_error(ErrorCode::kInvalidField, r.path_of("code"), "empty coupon code"));
  c.discount.rate_bps = r.integer("rate_bps", Need::kOptional, 0, 10000);
  if (r.any("fixed", Need::kOptional) != nullptr)
    c.discount.fixed = read_price(r, "fixed", Need::kOptional, currency, errors);
  c.valid_from = r.date("valid_from", Need::kOptional);
  c.valid_until = r.date("valid_until", Need::kOptional);
  c.max_redemptions = r.integer("max_redemptions", Need::kOptional, 1, 1'000'000'000);
  c.max_per_customer = r.integer("max_per_customer", Need::kOptional, 1, 1'000'000'000);
  r.reject_unknown();
  if (r.present() && c.discount.rate_bps.has_value() == c.discount.fixed.has_value())
    errors.push_back(make_error(ErrorCode::kInvalidField, path,
                                path + " needs exactly one of rate_bps or fixed"));
  if (c.valid_from && c.valid_until && *c.valid_until < *c.valid_from)
    errors.push_back(make_error(ErrorCode::kInvalidRange, r.path_of("valid_until"),
                                r.path_of("valid_until") + " is before valid_from"));
  return c;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

const Service* Catalog::find_service(std::string_view id) const {
  for (const auto& s : services)
    if (s.id == id) return &s;
  return nullptr;
}

const Staff* Catalog::find_staff(std::string_view id) const {
  for (const auto& s : staff)
    if (s.id == id) return &s;
  return nullptr;
}

const Coupon* Catalog::find_coupon(std::string_view code) const {
  for (const auto& c : coupons)
    if (iequals(c.code, code)) return &c;
  return nullptr;
}

Catalog parse_catalog(const json& value, const std::string& path, Errors& errors) {
  Catalog c;
  ObjectReader r(&value, path, errors);
  if (!r.present()) return c;
  c.merchant = read_merchant(r.object("merchant", Need::kRequired), r.path_of("merchant"), errors);
  c.schedule = read_schedule(r.any("schedule", Need::kOptional), r.path_of("schedule"), errors);
  const Currency& currency = c.merchant.currency;
  std::set<std::string> service_ids, staff_ids, coupon_codes;
  if (const json* services = r.array("services", Need::kRequired, kMaxServices)) {
    for (size_t i = 0; i < services->size(); ++i) {
      const auto p = index_path(r.path_of("services"), i);
      c.services.push_back(read_service((*services)[i], p, currency, errors));
      const auto& id = c.services.back().id;
      if (!id.empty() && !service_ids.insert(id).second)
        errors.push_back(make_error(ErrorCode::kInvalidField, p + ".id", "duplicate service id"));
    }
  }
  if (const json* staff = r.array("staff", Need::kOptional, kMaxStaff)) {
    for (size_t i = 0; i < staff->size(); ++i) {
      const auto p = index_path(r.path_of("staff"), i);
      c.staff.push_back(read_staff((*staff)[i], p, errors));
      const auto& member = c.staff.back();
      if (!member.id.empty() && !staff_ids.insert(member.id).second)
        errors.push_back(make_error(ErrorCode::kInvalidField, p + ".id", "duplicate staff id"));
      for (size_t k = 0; k < member.services.size(); ++k) {
        if (!service_ids.count(member.services[k]))
          errors.push_back(
              make_error(ErrorCode::kUnknownService, index_path(p + ".services", k),
                         "staff member offers unknown service '" + member.services[k] + "'"));
      }
    }
  }
  if (const json* coupons = r.array("coupons", Need::kOptional, kMaxCoupons)) {
    for (size_t i = 0; i < coupons->size(); ++i) {
      const auto p = index_path(r.path_of("coupons"), i);
      c.coupons.push_back(read_coupon((*coupons)[i], p, currency, errors));
      std::string key = c.coupons.back().code;
      for (auto& ch : key)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      if (!key.empty() && !coupon_codes.insert(key).second)
        errors.push_back(
            make_error(ErrorCode::kInvalidField, p + ".code", "duplicate coupon code"));
    }
  }
  r.reject_unknown();
  return c;
}

int max_per_booking(const Service& s) { return s.max_per_booking.value_or(kDefaultMaxPerBooking); }

std::string_view to_string(PaymentMode m) {
  switch (m) {
    case PaymentMode::kStripe:
      return "stripe";
    case PaymentMode::kExternal:
      return "external";
    case PaymentMode::kFree:
      return "free";
  }
  return "stripe";
}

std::string_view to_string(MinChargePolicy p) {
  switch (p) {
    case MinChargePolicy::kRaiseToMinimum:
      return "raise_to_minimum";
    case MinChargePolicy::kReject:
      return "reject";
    case MinChargePolicy::kPayAtVenue:
      return "pay_at_venue";
  }
  return "raise_to_minimum";
}

}  // namespace slotpay
