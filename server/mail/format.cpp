#include "mail/format.hpp"

#include <algorithm>
#include <cstdlib>

#include "slotpay/money.hpp"
#include "slotpay/policy.hpp"

namespace slotpay::mail {
namespace {

std::string two_digits(int v) { return (v < 10 ? "0" : "") + std::to_string(v); }

std::string group_digits(const std::string& digits, std::string_view sep, int min_grouping) {
  if (digits.size() < static_cast<size_t>(3 + std::max(min_grouping, 1))) return digits;
  std::string out;
  size_t lead = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  out.append(digits, 0, lead);
  for (size_t i = lead; i < digits.size(); i += 3) {
    out.append(sep);
    out.append(digits, i, 3);
  }
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

}  // namespace

std::string format_money(int64_t amount, const Currency& currency, const MailStrings& s) {
  bool negative = amount < 0;
  // Magnitude as unsigned so INT64_MIN does not overflow.
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(amount) : static_cast<uint64_t>(amount);
  std::string digits = std::to_string(magnitude);
  int exponent = std::clamp(currency.exponent, 0, 6);
  int64_t unit = 1;
  for (int i = 0; i < exponent; ++i) unit *= 10;
  bool whole_units = currency.amount_multiple_of == unit && unit > 1;
  int shown = whole_units && magnitude % static_cast<uint64_t>(unit) == 0 ? 0 : exponent;

  if (digits.size() <= static_cast<size_t>(exponent))
    digits.insert(0, exponent + 1 - digits.size(), '0');
  std::string integer = digits.substr(0, digits.size() - exponent);
  std::string fraction = digits.substr(digits.size() - exponent, shown);
  std::string number = group_digits(integer, s.group_separator, s.min_grouping);
  if (shown > 0) number += std::string(s.decimal_separator) + fraction;

  std::string sign = negative ? "-" : "";  // before the symbol: "-$25.50"
  for (const CurrencySymbol& sym : s.symbols)
    if (sym.code == currency.code)
      return sign + fill(s.money_with_symbol, {{"symbol", sym.symbol}, {"amount", number}});
  return sign + fill(s.money_with_code, {{"code", upper(currency.code)}, {"amount", number}});
}

std::string format_date(const LocalDate& d, const MailStrings& s) {
  return fill(s.date_long, {{"weekday", s.weekdays[weekday_index(d)]},
                            {"month", s.months[d.month - 1]},
                            {"day", std::to_string(d.day)},
                            {"year", std::to_string(d.year)}});
}

std::string format_date_short(const LocalDate& d, const MailStrings& s) {
  return fill(s.date_short, {{"weekday", s.weekdays_short[weekday_index(d)]},
                             {"month", s.months_short[d.month - 1]},
                             {"day", std::to_string(d.day)}});
}

std::string format_time(const LocalDateTime& t, const MailStrings& s) {
  int hour = t.minute_of_day / 60;
  int minute = t.minute_of_day % 60;
  auto hours = [&](int h) { return s.hour_two_digits ? two_digits(h) : std::to_string(h); };
  if (!s.clock_12h) return hours(hour) + ":" + two_digits(minute);
  int h12 = hour % 12 == 0 ? 12 : hour % 12;
  return hours(h12) + ":" + two_digits(minute) + " " + std::string(hour < 12 ? s.am : s.pm);
}

std::string format_utc_offset(int offset_seconds) {
  if (offset_seconds == 0) return "UTC";
  int a = std::abs(offset_seconds) / 60;
  return std::string("UTC") + (offset_seconds < 0 ? "-" : "+") + two_digits(a / 60) + ":" +
         two_digits(a % 60);
}

std::string format_instant(Instant t, const TimeZone& zone, const MailStrings& s) {
  LocalDateTime local = zone.to_local(t);
  return fill(s.date_time, {{"date", format_date(local.date, s)}, {"time", format_time(local, s)}});
}

std::string format_span(Instant start, Instant end, const TimeZone& zone, const MailStrings& s) {
  LocalDateTime a = zone.to_local(start);
  LocalDateTime b = zone.to_local(end);
  std::string end_text = a.date == b.date ? format_time(b, s) : format_instant(end, zone, s);
  std::string range =
      fill(s.time_range, {{"start", format_instant(start, zone, s)}, {"end", end_text}});
  std::string label = fill(
      s.zone_label, {{"zone", zone.name()}, {"offset", format_utc_offset(zone.offset_at(start))}});
  return range + " (" + label + ")";
}

std::vector<std::string> policy_sentences(const CancellationPolicy& policy, int64_t paid,
                                          const Currency& currency, bool paid_is_deposit,
                                          Instant start, const TimeZone& zone,
                                          const MailStrings& s) {
  if (paid == 0) return {std::string(s.policy_nothing_paid)};
  Money money{paid, currency};
  auto at = [&](Instant now) {
    return cancellation_outcome(policy, money, paid_is_deposit, start, now);
  };
  Instant deadline = start.plus_minutes(-int64_t{policy.free_until_min});
  auto late = at(start.plus_seconds(-1));  // the last second before the start
  auto no_show = at(start);
  if (!late.ok() || !no_show.ok()) return {};

  std::vector<std::string> out;
  auto money_text = [&](int64_t v) { return format_money(v, currency, s); };
  // The core keeps a non-refundable deposit in every window.
  if (paid_is_deposit && !policy.deposit_refundable) {
    out.push_back(fill(s.policy_deposit_kept, {{"amount", money_text(paid)}}));
    return out;
  }
  if (policy.free_until_min > 0) {
    out.push_back(fill(s.policy_free_until, {{"deadline", format_instant(deadline, zone, s)}}));
    int64_t fee = late.value().fee;
    if (fee == 0)
      out.emplace_back(s.policy_late_free);
    else if (fee == paid)
      out.emplace_back(s.policy_late_all);
    else
      out.push_back(fill(s.policy_late_fee, {{"fee", money_text(fee)}}));
  } else {
    out.emplace_back(s.policy_free_until_start);
  }
  int64_t fee = no_show.value().fee;
  if (fee == 0)
    out.emplace_back(s.policy_no_show_free);
  else if (fee == paid)
    out.emplace_back(s.policy_no_show_all);
  else
    out.push_back(fill(s.policy_no_show_fee, {{"fee", money_text(fee)}}));
  return out;
}

}  // namespace slotpay::mail
