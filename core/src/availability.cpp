#include "slotpay/availability.hpp"

#include <algorithm>

#include "json/json_in.hpp"
#include "json/readers.hpp"
#include "slotpay/schedule.hpp"

namespace slotpay {
namespace {

using detail::index_path;
using detail::join_path;
using detail::json;
using detail::Need;
using detail::ObjectReader;

// An occupancy as seen by one resource: [start, end) with buffers, in UTC seconds.
struct Busy {
  int64_t start = 0;
  int64_t end = 0;
  int64_t raw_start = 0;
  int64_t quantity = 0;
  const Service* service = nullptr;
};

struct Resource {
  const Staff* staff = nullptr;  // nullptr: the merchant
  std::string id;                // "" for the merchant
  std::vector<Busy> busy;        // sorted by start
  int64_t longest = 0;           // longest busy interval, to bound the search
};

struct Plan {
  const Service* service = nullptr;
  int64_t duration = 0;  // seconds, with add-ons
  int64_t before = 0;    // buffers, seconds
  int64_t after = 0;
  int64_t capacity = 1;
  bool group = false;
  int64_t step = 900;  // grid, seconds
  std::vector<Resource> resources;
};

std::string field(const std::string& base, std::string_view key) { return join_path(base, key); }

Result<Plan> make_plan(const Catalog& catalog, const SlotQuery& q) {
  Plan p;
  p.service = catalog.find_service(q.service);
  if (p.service == nullptr) {
    return make_error(ErrorCode::kUnknownService, field(q.path, "service"),
                      "unknown service '" + q.service + "'");
  }
  p.duration = int64_t{p.service->duration_min} * 60;
  for (size_t i = 0; i < q.addons.size(); ++i) {
    const Addon* found = nullptr;
    for (const auto& a : p.service->addons)
      if (a.id == q.addons[i]) found = &a;
    if (found == nullptr) {
      return make_error(ErrorCode::kUnknownAddon, index_path(field(q.path, "addons"), i),
                        "service '" + q.service + "' has no add-on '" + q.addons[i] + "'");
    }
    p.duration += int64_t{found->duration_min} * 60;
  }
  p.before = int64_t{p.service->buffer_before_min} * 60;
  p.after = int64_t{p.service->buffer_after_min} * 60;
  p.capacity = p.service->capacity.value_or(1);
  p.group = p.capacity > 1;
  p.step = int64_t{catalog.schedule.slot_interval_min} * 60;

  std::vector<const Staff*> qualified;
  for (const auto& s : catalog.staff)
    if (std::find(s.services.begin(), s.services.end(), q.service) != s.services.end())
      qualified.push_back(&s);
  if (q.staff != "any") {
    const Staff* s = catalog.find_staff(q.staff);
    if (s == nullptr)
      return make_error(ErrorCode::kUnknownStaff, field(q.path, "staff"),
                        "unknown staff member '" + q.staff + "'");
    if (std::find(qualified.begin(), qualified.end(), s) == qualified.end())
      // The same code quote uses for this case.
      return make_error(ErrorCode::kUnknownStaff, field(q.path, "staff"),
                        "no staff member '" + q.staff + "' offers " + q.service);
    qualified = {s};
  }
  if (qualified.empty()) p.resources.push_back(Resource{nullptr, "", {}, 0});
  for (const Staff* s : qualified) p.resources.push_back(Resource{s, s->id, {}, 0});

  for (auto& r : p.resources) {
    for (const auto& o : q.occupied) {
      if (o.staff != r.id) continue;
      const Service* svc = catalog.find_service(o.service);
      Busy b;
      b.raw_start = o.start.seconds;
      b.start = o.start.seconds - (svc ? int64_t{svc->buffer_before_min} * 60 : 0);
      b.end = o.end.seconds + (svc ? int64_t{svc->buffer_after_min} * 60 : 0);
      b.quantity = o.quantity;
      b.service = svc;
      r.longest = std::max(r.longest, b.end - b.start);
      r.busy.push_back(b);
    }
    std::sort(r.busy.begin(), r.busy.end(),
              [](const Busy& a, const Busy& b) { return a.start < b.start; });
  }
  return p;
}

// Seats `r` has free for a booking [start, start + duration).
int64_t free_seats(const Plan& p, const Resource& r, int64_t start) {
  const int64_t lo = start - p.before;
  const int64_t hi = start + p.duration + p.after;
  auto it = std::lower_bound(r.busy.begin(), r.busy.end(), lo - r.longest,
                             [](const Busy& b, int64_t v) { return b.start < v; });
  int64_t used = 0;
  for (; it != r.busy.end() && it->start < hi; ++it) {
    if (it->end <= lo) continue;
    if (p.group && it->service == p.service && it->raw_start == start) {
      used += it->quantity;
      continue;
    }
    return 0;  // busy with something else
  }
  return std::max<int64_t>(0, p.capacity - used);
}

struct Candidate {
  int64_t start = 0;
  int64_t free = 0;
  size_t resource = 0;
};

int64_t earliest(const LocalResolution& r) { return r.first.seconds; }
int64_t latest(const LocalResolution& r) {
  return r.kind == LocalResolution::Kind::kAmbiguous ? r.second.seconds : r.first.seconds;
}

// Every start of the grid of `interval` where the booking fits, in order.
template <class Fn>
void for_each_start(const TimeZone& zone, const Plan& p, const LocalInterval& interval, Fn&& fn) {
  const LocalResolution rs = zone.resolve_local_seconds(interval.start);
  const LocalResolution re = zone.resolve_local_seconds(interval.end);
  const int64_t open_from = earliest(rs), open_until = latest(re);
  // Fast path: one offset over the whole interval (no transition inside).
  if (rs.kind == LocalResolution::Kind::kUnique && re.kind == LocalResolution::Kind::kUnique &&
      interval.end - interval.start <= 2 * 86400 &&
      interval.start - rs.first.seconds == interval.end - re.first.seconds) {
    const int64_t offset = interval.start - rs.first.seconds;
    for (int64_t l = interval.start; l < interval.end; l += p.step) {
      const int64_t s = l - offset;
      if (s + p.duration > open_until) break;
      fn(s, l);
    }
    return;
  }
  for (int64_t l = interval.start; l < interval.end; l += p.step) {
    const LocalResolution r = zone.resolve_local_seconds(l);
    if (r.kind == LocalResolution::Kind::kGap) continue;
    const int n = r.kind == LocalResolution::Kind::kAmbiguous ? 2 : 1;
    for (int k = 0; k < n; ++k) {
      const int64_t s = k == 0 ? r.first.seconds : r.second.seconds;
      if (s < open_from || s + p.duration > open_until) continue;
      fn(s, l);
    }
  }
}

}  // namespace

std::vector<Occupancy> parse_occupancies(const json* list, const std::string& path,
                                         Errors& errors) {
  std::vector<Occupancy> out;
  if (list == nullptr) return out;
  if (!list->is_array()) {
    errors.push_back(make_error(ErrorCode::kInvalidField, path, path + " must be an array"));
    return out;
  }
  if (list->size() > kMaxOccupancies) {
    errors.push_back(
        make_error(ErrorCode::kInputTooLarge, path,
                   path + " has more than " + std::to_string(kMaxOccupancies) + " items"));
    return out;
  }
  out.reserve(list->size());
  for (size_t i = 0; i < list->size(); ++i) {
    const auto p = index_path(path, i);
    ObjectReader r(&(*list)[i], p, errors);
    if (!r.present()) continue;
    Occupancy o;
    o.service = r.string("service", Need::kRequired, 64).value_or("");
    o.staff = r.string("staff", Need::kOptional, 64).value_or("");
    auto start = r.instant("start", Need::kRequired);
    auto end = r.instant("end", Need::kRequired);
    o.quantity = r.integer("quantity", Need::kOptional, 1, 10000).value_or(1);
    r.reject_unknown();
    if (!start || !end) continue;
    o.start = *start;
    o.end = *end;
    if (o.end <= o.start || o.end.seconds - o.start.seconds > kMaxOccupancyMinutes * 60) {
      errors.push_back(make_error(ErrorCode::kInvalidRange, r.path_of("end"),
                                  r.path_of("end") + " must be after start, by at most 7 days"));
      continue;
    }
    out.push_back(std::move(o));
  }
  return out;
}

Result<std::vector<Slot>> compute_availability(const Catalog& catalog, const TimeZone& zone,
                                               const SlotQuery& query, const LocalDate& from,
                                               const LocalDate& to) {
  const int64_t first_day = days_from_civil(from), end_day = days_from_civil(to);
  if (end_day <= first_day)
    return make_error(ErrorCode::kInvalidRange, field(query.path, "to"),
                      "to must be a date after from (to is exclusive)");
  if (end_day - first_day > kMaxAvailabilityDays)
    return make_error(
        ErrorCode::kInvalidRange, field(query.path, "to"),
        "at most " + std::to_string(kMaxAvailabilityDays) + " days can be asked at once");
  auto plan_or = make_plan(catalog, query);
  if (!plan_or.ok()) return plan_or.error();
  const Plan& p = plan_or.value();
  const int64_t not_before = query.now.seconds + int64_t{catalog.schedule.min_notice_min} * 60;
  const int64_t not_after = query.now.seconds + int64_t{catalog.schedule.max_advance_days} * 86400;

  std::vector<std::vector<LocalInterval>> open(p.resources.size());
  size_t estimate = 0;
  for (size_t ri = 0; ri < p.resources.size(); ++ri) {
    open[ri] = open_intervals(catalog, p.resources[ri].staff, from, civil_from_days(end_day - 1));
    for (const auto& i : open[ri]) estimate += static_cast<size_t>((i.end - i.start) / p.step) + 2;
  }
  std::vector<Candidate> all;
  all.reserve(std::min(estimate, kMaxCandidateStarts));
  std::vector<size_t> bounds{0};
  bool too_many = false;
  auto by_start = [](const Candidate& a, const Candidate& b) { return a.start < b.start; };
  for (size_t ri = 0; ri < p.resources.size(); ++ri) {
    const Resource& r = p.resources[ri];
    for (const auto& interval : open[ri]) {
      for_each_start(zone, p, interval, [&](int64_t s, int64_t l) {
        const int64_t day = l >= 0 ? l / 86400 : -((-l + 86399) / 86400);
        if (too_many || day < first_day || day >= end_day || s < not_before || s > not_after)
          return;
        const int64_t seats = free_seats(p, r, s);
        if (seats < query.quantity) return;
        if (all.size() >= kMaxCandidateStarts)
          too_many = true;
        else
          all.push_back(Candidate{s, seats, ri});
      });
    }
    if (too_many)
      return make_error(ErrorCode::kInputTooLarge, field(query.path, "to"),
                        "too many possible starts (more than " +
                            std::to_string(kMaxCandidateStarts) + "); ask for fewer days");
    // The two readings of a repeated (fall-back) hour come out interleaved.
    auto seg = all.begin() + static_cast<ptrdiff_t>(bounds.back());
    if (!std::is_sorted(seg, all.end(), by_start)) std::stable_sort(seg, all.end(), by_start);
    bounds.push_back(all.size());
  }
  // Each resource's candidates are in order: merge them pairwise, ping-ponging
  // between two buffers (stable, so resources of one start stay in catalog order).
  if (bounds.size() > 2) {
    std::vector<Candidate> other(all.size());
    for (size_t width = 1; width + 1 < bounds.size(); width *= 2) {
      for (size_t i = 0; i + 1 < bounds.size(); i += 2 * width) {
        const size_t mid = std::min(i + width, bounds.size() - 1);
        const size_t last = std::min(i + 2 * width, bounds.size() - 1);
        auto at = [&](size_t k) { return all.begin() + static_cast<ptrdiff_t>(bounds[k]); };
        std::merge(at(i), at(mid), at(mid), at(last),
                   other.begin() + static_cast<ptrdiff_t>(bounds[i]), by_start);
      }
      all.swap(other);
    }
  }
  std::vector<Slot> slots;
  slots.reserve(all.size() / std::max<size_t>(1, p.resources.size()));
  for (size_t i = 0; i < all.size();) {
    Slot slot;
    slot.start = Instant{all[i].start};
    slot.end = Instant{all[i].start + p.duration};
    size_t j = i;
    for (; j < all.size() && all[j].start == all[i].start; ++j) {
      slot.remaining += all[j].free;
      const auto& id = p.resources[all[j].resource].id;
      if (!id.empty()) slot.staff.push_back(id);
    }
    slots.push_back(std::move(slot));
    i = j;
  }
  return slots;
}

Result<SlotCheck> check_slot(const Catalog& catalog, const TimeZone& zone, const SlotQuery& query,
                             Instant start) {
  auto plan_or = make_plan(catalog, query);
  if (!plan_or.ok()) return plan_or.error();
  const Plan& p = plan_or.value();
  SlotCheck out;
  out.capacity = p.capacity;
  out.end = start.plus_seconds(p.duration);
  const LocalDateTime local = zone.to_local(start);
  const int64_t l = local.local_seconds();
  const LocalDate prev = civil_from_days(days_from_civil(local.date) - 1);
  for (const auto& r : p.resources) {
    bool here = false;
    for (const auto& interval : open_intervals(catalog, r.staff, prev, local.date)) {
      if (l < interval.start || l >= interval.end || (l - interval.start) % p.step != 0) continue;
      out.on_grid = true;
      for_each_start(zone, p, interval, [&](int64_t s, int64_t) {
        if (s == start.seconds) here = true;
      });
    }
    if (!here) continue;
    out.fits = true;
    const int64_t seats = free_seats(p, r, start.seconds);
    out.most_free = std::max(out.most_free, seats);
    if (!out.assigned && seats >= query.quantity) out.assigned = r.id;
  }
  return out;
}

}  // namespace slotpay
