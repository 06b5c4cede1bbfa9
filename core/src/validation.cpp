#include "slotpay/validation.hpp"

#include <algorithm>

namespace slotpay {
namespace {

bool is_ascii_alnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool valid_domain(std::string_view d) {
  if (d.empty() || d.size() > 253) return false;
  size_t labels = 0, start = 0;
  std::string_view last;
  while (start <= d.size()) {
    size_t dot = d.find('.', start);
    if (dot == std::string_view::npos) dot = d.size();
    std::string_view label = d.substr(start, dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (unsigned char c : label)
      if (!is_ascii_alnum(c) && c != '-' && c < 0x80) return false;  // bytes >= 0x80: IDN
    ++labels;
    last = label;
    start = dot + 1;
    if (dot == d.size()) break;
  }
  if (labels < 2 || last.size() < 2) return false;
  return std::none_of(last.begin(), last.end(),
                      [](char c) { return c >= '0' && c <= '9'; });  // a TLD is not numeric
}

bool valid_local_part(std::string_view l) {
  if (l.empty() || l.size() > 64 || l.front() == '.' || l.back() == '.') return false;
  if (l.find("..") != std::string_view::npos) return false;
  for (unsigned char c : l) {
    if (c <= 0x20 || c == 0x7f) return false;
    if (std::string_view("\"(),:;<>@[\\]").find(static_cast<char>(c)) != std::string_view::npos)
      return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  const char* ws = " \t\r\n\f\v";
  const size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

void add_once(Errors& errors, Error e) {
  for (const auto& x : errors)
    if (x.code == e.code && x.field == e.field) return;
  errors.push_back(std::move(e));
}

}  // namespace

bool is_valid_email(std::string_view email) {
  if (email.size() > 254) return false;
  const size_t at = email.find('@');
  if (at == std::string_view::npos || email.find('@', at + 1) != std::string_view::npos)
    return false;
  return valid_local_part(email.substr(0, at)) && valid_domain(email.substr(at + 1));
}

bool is_valid_e164(std::string_view phone) {
  if (phone.size() < 9 || phone.size() > 16 || phone[0] != '+' || phone[1] == '0') return false;
  return std::all_of(phone.begin() + 1, phone.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void check_customer(const std::optional<Customer>& customer, const std::string& path,
                    Errors& errors) {
  if (!customer) {
    errors.push_back(make_error(ErrorCode::kMissingField, path, path + " is required"));
    return;
  }
  const std::string name_path = path + ".name";
  const std::string_view name = trim(customer->name);
  if (name.empty()) {
    add_once(errors,
             make_error(ErrorCode::kMissingField, name_path, "the customer's name is required"));
  } else if (std::any_of(name.begin(), name.end(), [](char c) {
               return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
             })) {
    add_once(errors, make_error(ErrorCode::kInvalidField, name_path,
                                "the customer's name contains control characters"));
  }
  if (!is_valid_email(customer->email)) {
    add_once(errors, make_error(ErrorCode::kInvalidEmail, path + ".email",
                                customer->email.empty() ? "an email address is required"
                                                        : "not a valid email address"));
  }
  if (customer->phone && !customer->phone->empty() && !is_valid_e164(*customer->phone)) {
    add_once(errors, make_error(ErrorCode::kInvalidPhone, path + ".phone",
                                "phone must be in E.164 form, e.g. +15551234567"));
  }
}

ValidBooking validate_booking(const Catalog& catalog, const TimeZone& zone,
                              const BookingRequest& booking, Instant now,
                              const std::vector<Occupancy>& occupied, Errors& errors) {
  ValidBooking out;
  check_customer(booking.customer, "booking.customer", errors);
  const Service* service = catalog.find_service(booking.service);
  if (service == nullptr) {
    add_once(errors, make_error(ErrorCode::kUnknownService, "booking.service",
                                "unknown service '" + booking.service + "'"));
  }
  std::optional<Instant> start;
  if (!booking.start) {
    add_once(errors,
             make_error(ErrorCode::kMissingField, "booking.start", "booking.start is required"));
  } else if (auto p = parse_rfc3339(*booking.start)) {
    start = p->instant;
  } else {
    add_once(errors, make_error(ErrorCode::kInvalidTime, "booking.start",
                                "booking.start must be an RFC 3339 time with an offset"));
  }
  if (start) {
    const Schedule& s = catalog.schedule;
    if (*start < now.plus_minutes(s.min_notice_min)) {
      add_once(errors, make_error(ErrorCode::kTooSoon, "booking.start",
                                  "bookings must start at least " +
                                      std::to_string(s.min_notice_min) + " minutes from now"));
    } else if (*start > now.plus_seconds(int64_t{s.max_advance_days} * 86400)) {
      add_once(errors, make_error(ErrorCode::kOutsideBookingWindow, "booking.start",
                                  "bookings can be made at most " +
                                      std::to_string(s.max_advance_days) + " days ahead"));
    }
  }
  if (service != nullptr && start) {
    SlotQuery q;
    q.service = booking.service;
    q.staff = booking.staff;
    // Unknown add-ons are the quote's error; the slot is checked with the known ones.
    for (const auto& a : booking.addons)
      if (std::any_of(service->addons.begin(), service->addons.end(),
                      [&](const Addon& x) { return x.id == a; }))
        q.addons.push_back(a);
    q.quantity = booking.quantity;
    q.now = now;
    q.occupied = occupied;
    q.path = "booking";
    auto check = check_slot(catalog, zone, q, *start);
    if (!check.ok()) {
      add_once(errors, check.error());
    } else {
      const SlotCheck& c = check.value();
      const bool too_many = booking.quantity > c.capacity;
      if (too_many) {
        add_once(errors, make_error(ErrorCode::kCapacityExceeded, "booking.quantity",
                                    "at most " + std::to_string(c.capacity) +
                                        " per booking for this service"));
      }
      if (!c.on_grid) {
        add_once(errors, make_error(ErrorCode::kOffGrid, "booking.start",
                                    "no slot starts at " + zone.format(*start)));
      } else if (!c.fits) {
        add_once(errors, make_error(ErrorCode::kSlotUnavailable, "booking.start",
                                    "the booking would not end before closing time"));
      } else if (c.assigned) {
        out.booking.staff = *c.assigned;
      } else if (!too_many) {
        if (c.most_free > 0)
          add_once(errors, make_error(ErrorCode::kCapacityExceeded, "booking.quantity",
                                      "only " + std::to_string(c.most_free) + " seats left"));
        else
          add_once(errors, make_error(ErrorCode::kSlotUnavailable, "booking.start",
                                      "this slot is no longer available"));
      }
      out.booking.service = booking.service;
      out.booking.start = *start;
      out.booking.end = c.end;
      out.booking.quantity = booking.quantity;
    }
  }
  auto quote = compute_quote(catalog, booking);
  if (quote.ok())
    out.quote = std::move(quote.value());
  else
    add_once(errors, quote.error());
  if (booking.coupon)
    if (const Coupon* coupon = catalog.find_coupon(*booking.coupon))
      if (auto e = coupon_window_error(*coupon, zone, now, "booking.coupon")) add_once(errors, *e);
  return out;
}

}  // namespace slotpay
