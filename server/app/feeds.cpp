// Issue #12, the calendar feeds' use cases: the feed itself (the token is the credential)
// and, for the operator, each feed's URL. The decisions are in calendar_feed.cpp.
#include "app/calendar_feed.hpp"
#include "app/use_cases.hpp"

namespace slotpay::server {
namespace {

std::string feed_url(const AppContext& ctx, const FeedSubject& subject) {
  const auto& links = ctx.config.mail.links;
  std::string token = links ? feed_token(*links, subject) : "";
  if (token.empty()) return "";
  return ctx.config.mail.public_url + "/v1/feeds/" + token + ".ics";
}

}  // namespace

void feed_use_case(AppContext& ctx, const std::string& token, Reply reply) {
  const int64_t now = ctx.clock.now_ms();
  const auto& links = ctx.config.mail.links;
  if (!links)
    return reply(AppResult::fail({"link_malformed", "token", "feeds are not enabled", nullptr}));
  auto v = verify_feed_token(*links, token, Instant{now / 1000});
  if (const auto* refusal = std::get_if<mail::LinkRefusal>(&v))
    return reply(AppResult::fail(
        {std::string(mail::to_string(*refusal)), "token", "not a valid feed link", nullptr}));
  ctx.store.read([&ctx, subject = std::get<FeedSubject>(v), now, reply](StoreReader& r) {
    guarded(reply, [&] {
      auto m = r.merchant(subject.merchant_id);
      if (!m)
        return reply(AppResult::fail({"merchant_not_found", "", "no such merchant", nullptr}));
      auto current = ctx.catalogs.get(r, m->id, m->catalog_version);
      if (!current) return reply(AppResult::fail(internal_error("catalog unreadable: " + m->id)));
      const Instant at{now / 1000};
      std::vector<mail::BookingFacts> facts;
      for (const auto& b : r.bookings_of(m->id)) {
        if (!in_feed(b, subject, at)) continue;
        // Each booking as it was priced (its own catalog version).
        auto cat = b.catalog_version == m->catalog_version
                       ? current
                       : ctx.catalogs.get(r, m->id, b.catalog_version);
        if (!cat) continue;
        if (auto f = booking_facts(b, *cat)) facts.push_back(std::move(*f));
      }
      const auto& catalog = current->loaded.catalog;
      std::string name = catalog.merchant.name;
      if (!subject.staff_id.empty())
        if (const auto* staff = catalog.find_staff(subject.staff_id)) name += " - " + staff->name;
      reply(AppResult::ok_text(mail::write_ics(
          feed_calendar(facts, name, current->loaded.zone, ctx.config.mail.uid_host, at))));
    });
  });
}

void feed_urls_use_case(AppContext& ctx, const std::string& merchant_id, Reply reply) {
  ctx.store.read([&ctx, merchant_id, reply](StoreReader& r) {
    guarded(reply, [&] {
      auto m = r.merchant(merchant_id);
      if (!m)
        return reply(
            AppResult::fail({"merchant_not_found", "merchant", "no such merchant", nullptr}));
      auto cat = ctx.catalogs.get(r, m->id, m->catalog_version);
      if (!cat) return reply(AppResult::fail(internal_error("catalog unreadable: " + m->id)));
      nlohmann::ordered_json staff = nlohmann::ordered_json::array();
      for (const auto& s : cat->loaded.catalog.staff)
        staff.push_back({{"id", s.id}, {"name", s.name}, {"url", feed_url(ctx, {m->id, s.id})}});
      reply(AppResult::ok(nlohmann::ordered_json{{"merchant", feed_url(ctx, {m->id, ""})},
                                                 {"staff", std::move(staff)}}));
    });
  });
}

}  // namespace slotpay::server
