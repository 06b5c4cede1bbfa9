#include "slotpay/timezone.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

namespace slotpay {
namespace {

// Generated at build time by cmake/GenerateTzTable.sh from the system's tzdata:
// kZoneNames/kZoneNameStart (sorted names), kZoneRuleIndex, kRules/kRuleStart.
#include "tz_table.inc"

constexpr size_t kZoneCount = sizeof(kZoneRuleIndex);
static_assert(sizeof(kZoneNameStart) / sizeof(kZoneNameStart[0]) == kZoneCount + 1);

std::string_view zone_name(size_t i) {
  return std::string_view(kZoneNames + kZoneNameStart[i],
                          kZoneNameStart[i + 1] - kZoneNameStart[i] - 1u);
}

std::string_view zone_rule(size_t i) {
  const size_t r = kZoneRuleIndex[i];
  return std::string_view(kRules + kRuleStart[r], kRuleStart[r + 1] - kRuleStart[r] - 1u);
}

// The index of the zone named `name`, or kZoneCount.
size_t find_entry(std::string_view name) {
  size_t lo = 0, hi = kZoneCount;
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (zone_name(mid) < name)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo < kZoneCount && zone_name(lo) == name ? lo : kZoneCount;
}

// A small cursor over the POSIX TZ text.
struct Cursor {
  std::string_view s;
  size_t pos = 0;
  bool done() const { return pos >= s.size(); }
  char peek() const { return done() ? '\0' : s[pos]; }
  bool eat(char c) {
    if (peek() != c) return false;
    ++pos;
    return true;
  }
};

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool parse_abbr(Cursor& c, std::string& out) {
  size_t start = c.pos;
  if (c.eat('<')) {
    while (!c.done() && c.peek() != '>') {
      char ch = c.peek();
      if (!is_alpha(ch) && !is_digit(ch) && ch != '+' && ch != '-') return false;
      ++c.pos;
    }
    if (!c.eat('>')) return false;
    out = std::string(c.s.substr(start + 1, c.pos - start - 2));
  } else {
    while (is_alpha(c.peek())) ++c.pos;
    out = std::string(c.s.substr(start, c.pos - start));
  }
  return out.size() >= 3;
}

bool parse_number(Cursor& c, int max_digits, int& out) {
  int v = 0, n = 0;
  while (is_digit(c.peek()) && n < max_digits) {
    v = v * 10 + (c.peek() - '0');
    ++c.pos;
    ++n;
  }
  if (n == 0 || is_digit(c.peek())) return false;
  out = v;
  return true;
}

// [+-]hh[:mm[:ss]] in seconds. Offsets: hours 0..24; rule times: hours 0..167.
bool parse_hms(Cursor& c, int max_hours, int& out) {
  int sign = 1;
  if (c.eat('-'))
    sign = -1;
  else
    c.eat('+');
  int h = 0, m = 0, s = 0;
  if (!parse_number(c, 3, h) || h > max_hours) return false;
  if (c.eat(':')) {
    if (!parse_number(c, 2, m) || m > 59) return false;
    if (c.eat(':') && (!parse_number(c, 2, s) || s > 59)) return false;
  }
  out = sign * (h * 3600 + m * 60 + s);
  return true;
}

bool parse_rule_date(Cursor& c, TzRuleDate& d) {
  if (c.eat('J')) {
    d.kind = TzRuleDate::Kind::kJulian1;
    if (!parse_number(c, 3, d.day) || d.day < 1 || d.day > 365) return false;
  } else if (c.eat('M')) {
    d.kind = TzRuleDate::Kind::kMonthWeekDay;
    if (!parse_number(c, 2, d.month) || d.month < 1 || d.month > 12) return false;
    if (!c.eat('.') || !parse_number(c, 1, d.week) || d.week < 1 || d.week > 5) return false;
    if (!c.eat('.') || !parse_number(c, 1, d.weekday) || d.weekday > 6) return false;
  } else {
    d.kind = TzRuleDate::Kind::kJulian0;
    if (!parse_number(c, 3, d.day) || d.day > 365) return false;
  }
  d.time = 7200;
  if (c.eat('/') && !parse_hms(c, 167, d.time)) return false;
  return true;
}

// Days since the epoch of the rule's date in `year`.
int64_t rule_day(const TzRuleDate& d, int year) {
  const int64_t jan1 = days_from_civil(LocalDate{year, 1, 1});
  switch (d.kind) {
    case TzRuleDate::Kind::kJulian1:
      return jan1 + d.day - 1 + (is_leap_year(year) && d.day >= 60 ? 1 : 0);
    case TzRuleDate::Kind::kJulian0:
      return jan1 + d.day;
    case TzRuleDate::Kind::kMonthWeekDay: {
      const int64_t first = days_from_civil(LocalDate{year, d.month, 1});
      const int64_t first_wd = ((first % 7) + 7 + 4) % 7;  // 1970-01-01 was a Thursday (4)
      int64_t day = first + (d.weekday - first_wd + 7) % 7 + 7 * (d.week - 1);
      const int64_t last = first + days_in_month(year, d.month) - 1;
      while (day > last) day -= 7;
      return day;
    }
  }
  return jan1;
}

struct Event {
  int64_t at;   // UTC seconds
  bool to_dst;  // daylight time starts (true) or ends (false)
};

// The six transitions of years y-1..y+1, sorted; ties put the end of daylight time
// first so that back-to-back rules ("0/0,J365/25": daylight all year) stay in DST.
std::array<Event, 6> events_around(const TzRule& r, int year) {
  std::array<Event, 6> ev{};
  size_t n = 0;
  for (int y = year - 1; y <= year + 1; ++y) {
    ev[n++] = Event{rule_day(r.dst_start, y) * 86400 + r.dst_start.time - r.std_offset, true};
    ev[n++] = Event{rule_day(r.dst_end, y) * 86400 + r.dst_end.time - r.dst_offset, false};
  }
  std::sort(ev.begin(), ev.end(), [](const Event& a, const Event& b) {
    if (a.at != b.at) return a.at < b.at;
    return !a.to_dst && b.to_dst;
  });
  return ev;
}

int year_of(int64_t seconds) {
  int64_t days = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  return civil_from_days(days).year;
}

}  // namespace

std::optional<TzRule> parse_posix_tz(std::string_view text) {
  if (text.empty() || text.size() > 128) return std::nullopt;
  Cursor c{text};
  TzRule r;
  int west = 0;
  if (!parse_abbr(c, r.std_abbr) || !parse_hms(c, 24, west)) return std::nullopt;
  r.std_offset = -west;
  if (c.done()) return r;
  if (!parse_abbr(c, r.dst_abbr)) return std::nullopt;
  r.has_dst = true;
  r.dst_offset = r.std_offset + 3600;
  if (!c.done() && c.peek() != ',') {
    if (!parse_hms(c, 24, west)) return std::nullopt;
    r.dst_offset = -west;
  }
  if (c.done()) {
    // POSIX leaves the default rules to the implementation; tzcode uses the US rules.
    Cursor d{"M3.2.0,M11.1.0"};
    parse_rule_date(d, r.dst_start);
    d.eat(',');
    parse_rule_date(d, r.dst_end);
    return r;
  }
  if (!c.eat(',') || !parse_rule_date(c, r.dst_start)) return std::nullopt;
  if (!c.eat(',') || !parse_rule_date(c, r.dst_end)) return std::nullopt;
  if (!c.done()) return std::nullopt;
  return r;
}

Result<TimeZone> TimeZone::from_posix(std::string_view name, std::string_view posix,
                                      std::string_view field) {
  auto rule = parse_posix_tz(posix);
  if (!rule) {
    std::string message = "time zone '";
    message.append(name.substr(0, 64));
    message.append("' has an unsupported rule");
    return make_error(ErrorCode::kUnknownTimezone, std::string(field), std::move(message));
  }
  TimeZone z;
  z.name_ = std::string(name);
  z.rule_ = std::move(*rule);
  if (z.rule_.has_dst) {
    z.transitions_.reserve(2 * (kCachedLastYear - kCachedFirstYear + 1));
    // Offsets in force at each transition, computed by the rule itself, so the cache
    // cannot disagree with it (ties and all-year daylight time included).
    for (int y = kCachedFirstYear; y <= kCachedLastYear; ++y) {
      for (const auto& e : events_around(z.rule_, y)) {
        if (year_of(e.at) != y) continue;
        const int after = z.offset_from_rule(Instant{e.at});
        if (!z.transitions_.empty() && z.transitions_.back().at >= e.at) continue;
        z.transitions_.push_back(Transition{e.at, after});
      }
    }
  }
  return z;
}

Result<TimeZone> TimeZone::find(std::string_view name, std::string_view field) {
  const size_t e = find_entry(name);
  if (e == kZoneCount) {
    std::string message = "'";
    message.append(name.substr(0, 64));
    message.append("' is not an IANA time zone name (e.g. America/New_York)");
    return make_error(ErrorCode::kUnknownTimezone, std::string(field), std::move(message));
  }
  return from_posix(zone_name(e), zone_rule(e), field);
}

int TimeZone::offset_at(Instant t) const {
  if (!rule_.has_dst) return rule_.std_offset;
  if (transitions_.size() > 2 && t.seconds > transitions_.front().at &&
      t.seconds < transitions_.back().at) {
    auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t.seconds,
                               [](int64_t v, const Transition& tr) { return v < tr.at; });
    return std::prev(it)->offset;
  }
  return offset_from_rule(t);
}

int TimeZone::offset_from_rule(Instant t) const {
  if (!rule_.has_dst) return rule_.std_offset;
  const auto ev = events_around(rule_, year_of(t.seconds));
  bool dst = false;
  for (const auto& e : ev)
    if (e.at <= t.seconds) dst = e.to_dst;
  return dst ? rule_.dst_offset : rule_.std_offset;
}

LocalResolution TimeZone::resolve_local_seconds(int64_t local) const {
  LocalResolution out;
  if (!rule_.has_dst || rule_.dst_offset == rule_.std_offset) {
    out.first = Instant{local - rule_.std_offset};
    out.second = out.first;
    return out;
  }
  // A local time maps to local - offset for each offset that is in force there.
  std::array<Instant, 2> found{};
  int n = 0;
  for (int offset : {rule_.std_offset, rule_.dst_offset}) {
    Instant t{local - offset};
    if (offset_at(t) == offset) found[n++] = t;
  }
  if (n == 2) {
    if (found[1] < found[0]) std::swap(found[0], found[1]);
    out.kind = LocalResolution::Kind::kAmbiguous;
    out.first = found[0];
    out.second = found[1];
    return out;
  }
  if (n == 1) {
    out.first = out.second = found[0];
    return out;
  }
  // In a gap: the transition lies between the two readings of `local`.
  const int hi = std::max(rule_.std_offset, rule_.dst_offset);
  const int lo = std::min(rule_.std_offset, rule_.dst_offset);
  out.kind = LocalResolution::Kind::kGap;
  out.first = Instant{local - lo};
  for (const auto& e : events_around(rule_, year_of(local))) {
    if (e.at >= local - hi && e.at <= local - lo) {
      out.first = Instant{e.at};
      break;
    }
  }
  out.second = out.first;
  return out;
}

LocalResolution TimeZone::resolve(const LocalDateTime& local) const {
  return resolve_local_seconds(local.local_seconds());
}

LocalDateTime TimeZone::to_local(Instant t) const {
  return LocalDateTime::from_local_seconds(t.seconds + offset_at(t));
}

std::string TimeZone::format(Instant t) const { return format_rfc3339(t, offset_at(t)); }

std::vector<std::string_view> all_timezone_names() {
  std::vector<std::string_view> out;
  out.reserve(kZoneCount);
  for (size_t i = 0; i < kZoneCount; ++i) out.push_back(zone_name(i));
  return out;
}

std::string_view posix_rule_of(std::string_view name) {
  const size_t e = find_entry(name);
  return e == kZoneCount ? std::string_view() : zone_rule(e);
}

}  // namespace slotpay
