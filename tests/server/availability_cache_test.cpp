// AvailabilityCache: answers live for their time to live, per key (which carries the
// catalog and bookings versions), within a byte budget.
// MerchantCache: rows for the HTTP layer, by time to live and save generation.
#include "app/availability_cache.hpp"

#include <catch2/catch.hpp>

#include "app/merchant_cache.hpp"

using namespace slotpay::server;

namespace {
std::shared_ptr<const std::string> text(size_t n, char c = 'x') {
  return std::make_shared<const std::string>(n, c);
}
}  // namespace

TEST_CASE("availability cache: keys carry the versions", "[availability_cache]") {
  auto k1 = AvailabilityCache::key("m1", 1, 7, "cut", "any", "2026-12-01", "2026-12-08");
  CHECK(k1 != AvailabilityCache::key("m1", 1, 8, "cut", "any", "2026-12-01", "2026-12-08"));
  CHECK(k1 != AvailabilityCache::key("m1", 2, 7, "cut", "any", "2026-12-01", "2026-12-08"));
  CHECK(k1 != AvailabilityCache::key("m1", 1, 7, "cut", "ana", "2026-12-01", "2026-12-08"));
  CHECK(k1 == AvailabilityCache::key("m1", 1, 7, "cut", "any", "2026-12-01", "2026-12-08"));
}

TEST_CASE("availability cache: an answer lives for its time to live", "[availability_cache]") {
  AvailabilityCache c(1000, 1 << 20);
  c.put("k", text(10), 5000);
  REQUIRE(c.get("k", 5000));
  CHECK(*c.get("k", 5999) == std::string(10, 'x'));
  CHECK_FALSE(c.get("k", 6000));
  CHECK_FALSE(c.get("k", 4999));  // a clock that went back
  CHECK_FALSE(c.get("other", 5000));
  c.put("k", text(3, 'y'), 7000);  // replaced
  CHECK(*c.get("k", 7001) == "yyy");
}

TEST_CASE("availability cache: bounded in bytes, oldest dropped first", "[availability_cache]") {
  AvailabilityCache c(60'000, 1000);
  c.put("a", text(200), 1);
  c.put("b", text(200), 2);
  c.put("c", text(200), 3);
  c.put("d", text(200), 4);
  c.put("e", text(200), 5);  // over 1000 bytes with the keys: "a" goes
  CHECK_FALSE(c.get("a", 10));
  CHECK(c.get("e", 10));
  CHECK(c.get("b", 10));
  c.put("huge", text(600), 6);  // more than a quarter of the budget: not kept
  CHECK_FALSE(c.get("huge", 10));
  AvailabilityCache off(0, 1000);
  off.put("a", text(1), 1);
  CHECK_FALSE(off.get("a", 1));
}

TEST_CASE("merchant cache: rows kept for the time to live, dropped when saved", "[cache]") {
  MerchantCache cache(1000, 3);
  auto row = [](const std::string& id) {
    auto m = std::make_shared<Merchant>();
    m->id = id;
    m->allowed_origins = {"https://" + id + ".example"};
    return std::shared_ptr<const Merchant>(m);
  };
  CHECK(cache.get("m1", 0) == nullptr);
  cache.put(row("m1"), 0, cache.generation());
  REQUIRE(cache.get("m1", 999));
  CHECK(cache.get("m1", 999)->allowed_origins[0] == "https://m1.example");
  CHECK(cache.get("m1", 1000) == nullptr);  // expired, and gone
  CHECK(cache.get("m1", 500) == nullptr);

  // A read that began before a save does not put the old row back.
  cache.put(row("m1"), 2000, cache.generation());
  uint64_t before_save = cache.generation();
  cache.forget("m1");
  CHECK(cache.get("m1", 2001) == nullptr);
  cache.put(row("m1"), 2002, before_save);
  CHECK(cache.get("m1", 2003) == nullptr);
  cache.put(row("m1"), 2004, cache.generation());
  CHECK(cache.get("m1", 2005) != nullptr);

  // Unknown merchants are not kept; the entry count stays bounded.
  cache.put(nullptr, 3000, cache.generation());
  for (int i = 0; i < 10; ++i) cache.put(row("x" + std::to_string(i)), 3000, cache.generation());
  int kept = 0;
  for (int i = 0; i < 10; ++i) kept += cache.get("x" + std::to_string(i), 3001) != nullptr;
  CHECK(kept >= 1);
  CHECK(kept <= 3);

  MerchantCache off(0);
  off.put(row("m1"), 0, off.generation());
  CHECK(off.get("m1", 0) == nullptr);
}
