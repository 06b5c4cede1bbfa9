#include "slotpay/schedule.hpp"

#include <algorithm>

namespace slotpay {
namespace {

const DayHours kClosed;

std::vector<LocalInterval> merge(std::vector<LocalInterval> v) {
  std::sort(v.begin(), v.end(),
            [](const LocalInterval& a, const LocalInterval& b) { return a.start < b.start; });
  std::vector<LocalInterval> out;
  for (const auto& i : v) {
    if (!out.empty() && i.start < out.back().end)
      out.back().end = std::max(out.back().end, i.end);
    else
      out.push_back(i);
  }
  return out;
}

std::vector<LocalInterval> intersect(const std::vector<LocalInterval>& a,
                                     const std::vector<LocalInterval>& b) {
  std::vector<LocalInterval> out;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const int64_t s = std::max(a[i].start, b[j].start);
    const int64_t e = std::min(a[i].end, b[j].end);
    if (s < e) out.push_back({s, e});
    if (a[i].end < b[j].end)
      ++i;
    else
      ++j;
  }
  return out;
}

void append_day(std::vector<LocalInterval>& out, const DayHours& hours, int64_t day) {
  for (const auto& r : hours)
    out.push_back({day * 86400 + int64_t{r.start_min} * 60, day * 86400 + int64_t{r.end_min} * 60});
}

const DayHours* find_override(const std::vector<DateOverride>& overrides, const LocalDate& date) {
  if (overrides.empty()) return nullptr;
  const std::string key = format_local_date(date);
  auto it =
      std::lower_bound(overrides.begin(), overrides.end(), key,
                       [](const DateOverride& o, const std::string& k) { return o.date < k; });
  if (it != overrides.end() && it->date == key) return &it->hours;
  return nullptr;
}

}  // namespace

const DayHours& hours_on(const WeeklyHours& weekly, const std::vector<DateOverride>& overrides,
                         const LocalDate& date) {
  if (const DayHours* o = find_override(overrides, date)) return *o;
  const int wd = weekday_index(date);
  if (wd < 0 || wd > 6) return kClosed;
  return weekly[static_cast<size_t>(wd)];
}

std::vector<LocalInterval> open_intervals(const Catalog& catalog, const Staff* staff,
                                          const LocalDate& first, const LocalDate& last) {
  const Schedule& s = catalog.schedule;
  std::vector<LocalInterval> merchant, own;
  const int64_t d0 = days_from_civil(first) - 1, d1 = days_from_civil(last);
  for (int64_t d = d0; d <= d1; ++d) {
    const LocalDate date = civil_from_days(d);
    const DayHours& m = hours_on(s.weekly, s.overrides, date);
    append_day(merchant, m, d);
    if (staff != nullptr) {
      // The staff member's own override wins; without one, its weekly hours, or the
      // merchant's (override included) when it has no weekly hours of its own.
      const DayHours* h = find_override(staff->overrides, date);
      if (h == nullptr)
        h = staff->weekly ? &(*staff->weekly)[static_cast<size_t>(weekday_index(date))] : &m;
      append_day(own, *h, d);
    }
  }
  merchant = merge(std::move(merchant));
  if (staff == nullptr) return merchant;
  return merge(intersect(merchant, merge(std::move(own))));
}

}  // namespace slotpay
