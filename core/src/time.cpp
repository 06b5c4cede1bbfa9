#include "slotpay/time.hpp"

namespace slotpay {

// Howard Hinnant's days_from_civil / civil_from_days algorithms.
int64_t days_from_civil(const LocalDate& d) {
  int64_t y = d.year - (d.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t mp = d.month > 2 ? d.month - 3 : d.month + 9;
  const int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

LocalDate civil_from_days(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  return LocalDate{static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m),
                   static_cast<int>(d)};
}

int weekday_index(const LocalDate& d) {
  // 1970-01-01 was a Thursday (index 3).
  int64_t days = days_from_civil(d);
  int64_t w = (days % 7 + 7 + 3) % 7;
  return static_cast<int>(w);
}

bool is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && is_leap_year(y)) return 29;
  return kDays[m - 1];
}

namespace {
bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}
std::string pad2(int v) { return std::string(1, char('0' + v / 10)) + char('0' + v % 10); }
}  // namespace

std::optional<LocalDate> parse_local_date(std::string_view t) {
  LocalDate d;
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  if (!digits(t, 0, 4, d.year) || !digits(t, 5, 2, d.month) || !digits(t, 8, 2, d.day))
    return std::nullopt;
  if (d.year < 1900 || d.year > 2999 || d.month < 1 || d.month > 12 || d.day < 1 ||
      d.day > days_in_month(d.year, d.month))
    return std::nullopt;
  return d;
}

std::string format_local_date(const LocalDate& d) {
  std::string y = std::to_string(d.year);
  while (y.size() < 4) y = "0" + y;
  return y + "-" + pad2(d.month) + "-" + pad2(d.day);
}

std::optional<int> parse_hhmm(std::string_view t, bool allow_end_of_day) {
  int h = 0, m = 0;
  if (t.size() != 5 || t[2] != ':' || !digits(t, 0, 2, h) || !digits(t, 3, 2, m))
    return std::nullopt;
  if (h == 24 && m == 0 && allow_end_of_day) return 1440;
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

std::string format_hhmm(int minutes) { return pad2(minutes / 60 % 24) + ":" + pad2(minutes % 60); }

}  // namespace slotpay

namespace slotpay {

LocalDateTime LocalDateTime::from_local_seconds(int64_t s) {
  int64_t days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
  int64_t rem = s - days * 86400;
  LocalDateTime out;
  out.date = civil_from_days(days);
  out.minute_of_day = static_cast<int>(rem / 60);
  out.second = static_cast<int>(rem % 60);
  return out;
}

std::optional<ParsedTimestamp> parse_rfc3339(std::string_view t) {
  // 2026-03-08T09:00:00-04:00 (25) or ...Z (20), optionally with a fraction.
  if (t.size() < 20 || t.size() > 40) return std::nullopt;
  if (t[10] != 'T' && t[10] != 't') return std::nullopt;
  auto date = parse_local_date(t.substr(0, 10));
  if (!date) return std::nullopt;
  int h = 0, m = 0, s = 0;
  if (t[13] != ':' || t[16] != ':' || !digits(t, 11, 2, h) || !digits(t, 14, 2, m) ||
      !digits(t, 17, 2, s))
    return std::nullopt;
  if (h > 23 || m > 59 || s > 59) return std::nullopt;
  size_t pos = 19;
  if (pos < t.size() && t[pos] == '.') {
    ++pos;
    size_t first = pos;
    while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9') {
      if (t[pos] != '0') return std::nullopt;  // sub-second instants are not supported
      ++pos;
    }
    if (pos == first) return std::nullopt;
  }
  if (pos >= t.size()) return std::nullopt;
  int offset = 0;
  if (t[pos] == 'Z' || t[pos] == 'z') {
    if (pos + 1 != t.size()) return std::nullopt;
  } else if (t[pos] == '+' || t[pos] == '-') {
    int oh = 0, om = 0;
    if (pos + 6 != t.size() || t[pos + 3] != ':' || !digits(t, pos + 1, 2, oh) ||
        !digits(t, pos + 4, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset = (oh * 60 + om) * 60;
    if (t[pos] == '-') offset = -offset;
  } else {
    return std::nullopt;
  }
  LocalDateTime local{*date, h * 60 + m, s};
  return ParsedTimestamp{Instant{local.local_seconds() - offset}, offset};
}

std::string format_rfc3339(Instant t, int offset_seconds) {
  const int offset_min = offset_seconds / 60;  // truncated toward zero
  const LocalDateTime local =
      LocalDateTime::from_local_seconds(t.seconds + int64_t{offset_min} * 60);
  const int abs_min = offset_min < 0 ? -offset_min : offset_min;
  // Written into a fixed buffer: availability answers format thousands of instants,
  // and building the text from small strings cost more than computing the slots.
  // Years outside 0..9999 (never produced by the core's inputs) take the general path.
  const int year = local.date.year;
  if (year < 0 || year > 9999 || abs_min >= 100 * 60) {
    std::string out = format_local_date(local.date);
    out += 'T';
    out += pad2(local.minute_of_day / 60) + ":" + pad2(local.minute_of_day % 60) + ":" +
           pad2(local.second);
    out += offset_min < 0 ? '-' : '+';
    out += pad2(abs_min / 60) + ":" + pad2(abs_min % 60);
    return out;
  }
  char buf[25];
  auto put2 = [&buf](int at, int v) {
    buf[at] = static_cast<char>('0' + v / 10);
    buf[at + 1] = static_cast<char>('0' + v % 10);
  };
  put2(0, year / 100);
  put2(2, year % 100);
  buf[4] = '-';
  put2(5, local.date.month);
  buf[7] = '-';
  put2(8, local.date.day);
  buf[10] = 'T';
  put2(11, local.minute_of_day / 60);
  buf[13] = ':';
  put2(14, local.minute_of_day % 60);
  buf[16] = ':';
  put2(17, local.second);
  buf[19] = offset_min < 0 ? '-' : '+';
  put2(20, abs_min / 60);
  buf[22] = ':';
  put2(23, abs_min % 60);
  return std::string(buf, sizeof buf);
}

}  // namespace slotpay
