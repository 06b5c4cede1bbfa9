#include "slotpay/money.hpp"

#include <catch2/catch.hpp>
#include <numeric>
#include <random>

using namespace slotpay;

namespace {
Currency cur(const char* code) { return find_currency(code, "").value(); }
}  // namespace

TEST_CASE("add and subtract check currency and overflow", "[money]") {
  Money a{100, cur("usd")}, b{250, cur("usd")};
  CHECK(add(a, b).value().minor == 350);
  CHECK(subtract(a, b).value().minor == -150);
  auto mixed = add(a, Money{1, cur("eur")}, "x");
  REQUIRE_FALSE(mixed.ok());
  CHECK(mixed.error().code == ErrorCode::kCurrencyMismatch);
  auto big = add(Money{INT64_MAX, cur("usd")}, Money{1, cur("usd")});
  REQUIRE_FALSE(big.ok());
  CHECK(big.error().code == ErrorCode::kAmountOverflow);
  CHECK_FALSE(multiply(Money{INT64_MAX / 2 + 1, cur("usd")}, 2).ok());
  CHECK(multiply(Money{4500, cur("usd")}, 3).value().minor == 13500);
}

TEST_CASE("basis points round half away from zero to the chargeable unit", "[money]") {
  const auto half = Rounding::kHalfAwayFromZero;
  CHECK(apply_bps(Money{4950, cur("usd")}, 825, half).value().minor == 408);    // 408.375
  CHECK(apply_bps(Money{5358, cur("usd")}, 2000, half).value().minor == 1072);  // 1071.6
  CHECK(apply_bps(Money{1072, cur("usd")}, 500, half).value().minor == 54);     // 53.6
  CHECK(apply_bps(Money{10, cur("usd")}, 5000, half).value().minor == 5);
  CHECK(apply_bps(Money{5, cur("usd")}, 5000, half).value().minor == 3);    // 2.5 -> 3
  CHECK(apply_bps(Money{-5, cur("usd")}, 5000, half).value().minor == -3);  // -2.5 -> -3
  CHECK(apply_bps(Money{5, cur("usd")}, 5000, Rounding::kDown).value().minor == 2);
  CHECK(apply_bps(Money{1, cur("usd")}, 1, Rounding::kUp).value().minor == 1);
  // KWD ends in 0, ISK in 00.
  CHECK(apply_bps(Money{5124, cur("kwd")}, 10000, half).value().minor == 5120);
  CHECK(apply_bps(Money{10000, cur("kwd")}, 1234, half).value().minor == 1230);
  CHECK(apply_bps(Money{10000, cur("isk")}, 1250, half).value().minor == 1300);  // 1250 -> 13 units
  CHECK(apply_bps(Money{10000, cur("isk")}, 1249, half).value().minor == 1200);
  CHECK_FALSE(apply_bps(Money{INT64_MAX / 100, cur("usd")}, 10000, half).ok());
}

TEST_CASE("allocate hands out every unit", "[money][property]") {
  auto parts = allocate(Money{100, cur("usd")}, {1, 1, 1}).value();
  CHECK(parts[0].minor == 34);
  CHECK(parts[1].minor == 33);
  CHECK(parts[2].minor == 33);
  auto isk = allocate(Money{1000, cur("isk")}, {1, 1, 1}).value();
  CHECK(isk[0].minor == 400);
  CHECK(isk[1].minor == 300);
  CHECK(isk[2].minor == 300);
  CHECK_FALSE(allocate(Money{100, cur("usd")}, {0, 0}).ok());
  CHECK_FALSE(allocate(Money{105, cur("kwd")}, {1}).ok());

  std::mt19937_64 rng(20261123);
  for (const char* code : {"usd", "jpy", "kwd", "isk"}) {
    const Currency c = cur(code);
    for (int trial = 0; trial < 2000; ++trial) {
      const int64_t units = static_cast<int64_t>(rng() % 2000001) - 1000000;
      const Money total{units * c.amount_multiple_of, c};
      std::vector<int64_t> weights(1 + rng() % 7);
      for (auto& w : weights) w = static_cast<int64_t>(rng() % 1000);
      weights[0] += 1;
      auto r = allocate(total, weights);
      REQUIRE(r.ok());
      int64_t sum = 0;
      for (const auto& p : r.value()) {
        REQUIRE(p.minor % c.amount_multiple_of == 0);
        sum += p.minor;
      }
      REQUIRE(sum == total.minor);
    }
  }
}
