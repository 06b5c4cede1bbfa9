// slotpay/wire.hpp against run(): the typed path a host takes (load the catalog once,
// call the typed functions, write the answer) must give the bytes the golden vectors pin
// for run(), for every vector that succeeds.
#include "slotpay/wire.hpp"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "slotpay/json.hpp"
#include "slotpay/validation.hpp"
#include "test_support.hpp"

namespace {

using nlohmann::json;
using nlohmann::ordered_json;
using slotpay::test::read_file;

struct Vector {
  std::string name;
  std::string op;
  json request;
  ordered_json response;
};

std::vector<Vector> vectors() {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const auto& op : fs::directory_iterator(fs::path(SLOTPAY_TESTS_DIR) / "vectors"))
    if (op.is_directory())
      for (const auto& f : fs::directory_iterator(op.path()))
        if (f.path().extension() == ".json") files.push_back(f.path());
  std::sort(files.begin(), files.end());
  std::vector<Vector> out;
  for (const auto& f : files) {
    const std::string text = read_file(f.string());
    json v = json::parse(text);
    out.push_back(
        {f.filename().string(), v["op"], v["request"], ordered_json::parse(text)["response"]});
  }
  return out;
}

slotpay::LoadedCatalog load(const json& catalog) {
  auto loaded = slotpay::load_catalog(catalog.dump());
  REQUIRE(loaded.ok());
  return *loaded.value;
}

slotpay::Instant instant(const json& text) {
  auto t = slotpay::parse_rfc3339(text.get<std::string>());
  REQUIRE(t.has_value());
  return t->instant;
}

std::vector<slotpay::Occupancy> occupancies(const json& request) {
  std::vector<slotpay::Occupancy> out;
  for (const char* key : {"bookings", "holds"}) {
    if (!request.contains(key)) continue;
    for (const auto& b : request[key]) {
      slotpay::Occupancy o;
      o.service = b["service"];
      o.staff = b.value("staff", "");
      o.start = instant(b["start"]);
      o.end = instant(b["end"]);
      o.quantity = b.value("quantity", 1);
      out.push_back(o);
    }
  }
  return out;
}

slotpay::BookingRequest booking_request(const json& booking) {
  auto parsed = slotpay::load_booking_request(booking.dump());
  REQUIRE(parsed.ok());
  return *parsed.value;
}

}  // namespace

TEST_CASE("wire: typed results are written as run() writes them", "[wire]") {
  int checked = 0;
  for (const auto& v : vectors()) {
    INFO(v.name);
    const json& rq = v.request;
    const bool failed = v.response.contains("error") || v.response.value("ok", true) == false;
    if (failed) continue;
    if (v.op == "quote") {
      auto cat = load(rq["catalog"]);
      auto q = slotpay::compute_quote(cat.catalog, booking_request(rq["booking"]));
      REQUIRE(q.ok());
      CHECK(slotpay::quote_to_json(q.value()) == v.response.dump());
    } else if (v.op == "availability") {
      auto cat = load(rq["catalog"]);
      slotpay::SlotQuery query;
      query.service = rq["service"];
      query.staff = rq.value("staff", "any");
      if (rq.contains("addons")) query.addons = rq["addons"].get<std::vector<std::string>>();
      query.quantity = rq.value("quantity", 1);
      query.now = instant(rq["now"]);
      query.occupied = occupancies(rq);
      auto from = slotpay::parse_local_date(rq["from"].get<std::string>());
      auto to = slotpay::parse_local_date(rq["to"].get<std::string>());
      REQUIRE((from && to));
      auto slots = slotpay::compute_availability(cat.catalog, cat.zone, query, *from, *to);
      REQUIRE(slots.ok());
      CHECK(slotpay::slots_to_json(cat, slots.value()) == v.response.dump());
    } else if (v.op == "validate") {
      auto cat = load(rq["catalog"]);
      slotpay::Errors errors;
      auto valid = slotpay::validate_booking(cat.catalog, cat.zone, booking_request(rq["booking"]),
                                             instant(rq["now"]), occupancies(rq), errors);
      REQUIRE(errors.empty());
      CHECK(slotpay::quote_to_json(valid.quote) == v.response["quote"].dump());
      CHECK(slotpay::booking_to_json(valid.booking, cat.zone) == v.response["booking"].dump());
    } else if (v.op == "cancel") {
      auto cat = load(rq["catalog"]);
      const json& b = rq["booking"];
      const auto* service = cat.catalog.find_service(b["service"].get<std::string>());
      REQUIRE(service != nullptr);
      slotpay::Money paid{b["paid"]["amount"].get<int64_t>(), cat.catalog.merchant.currency};
      auto outcome =
          slotpay::cancellation_outcome(service->cancellation, paid, b.value("deposit", false),
                                        instant(b["start"]), instant(rq["now"]));
      REQUIRE(outcome.ok());
      CHECK(slotpay::cancel_outcome_to_json(outcome.value(), cat.catalog.merchant.currency) ==
            v.response.dump());
    } else {
      continue;
    }
    ++checked;
  }
  // Every operation but currency has successful vectors; all of them were compared.
  CHECK(checked >= 25);
}

TEST_CASE("wire: currency facts as run(\"currency\") writes them", "[wire]") {
  for (const auto& c : slotpay::all_currencies()) {
    INFO(c.code);
    const std::string want =
        slotpay::run("currency", json{{"currency", std::string(c.code)}}.dump()).body;
    CHECK(slotpay::currency_to_json(c) == want);
  }
}

TEST_CASE("wire: a catalog is refused with every problem and its path", "[wire]") {
  json catalog = slotpay::test::demo_catalog();
  catalog["merchant"]["currency"] = "xxx";
  catalog["services"][0]["price"] = -5;
  auto loaded = slotpay::load_catalog(catalog.dump());
  REQUIRE_FALSE(loaded.ok());
  REQUIRE(loaded.errors.size() >= 2);
  std::vector<std::string> fields;
  for (const auto& e : loaded.errors) fields.push_back(e.field);
  CHECK(std::count(fields.begin(), fields.end(), "catalog.merchant.currency") == 1);
  CHECK(std::count(fields.begin(), fields.end(), "catalog.services[0].price") == 1);
  // The first error is the one run() reports for the same catalog.
  json request = {{"catalog", catalog}, {"currency", "usd"}};
  request.erase("currency");
  request["booking"] = {{"service", "cut"}, {"start", "2026-12-01T10:00:00-05:00"}};
  CHECK(slotpay::error_to_json(loaded.errors.front()) ==
        slotpay::run("quote", request.dump()).body);
}

TEST_CASE("wire: unreadable text is an error at the given path", "[wire]") {
  auto broken = slotpay::load_catalog("{\"merchant\":", "catalog");
  REQUIRE(broken.errors.size() == 1);
  CHECK(broken.errors[0].code == slotpay::ErrorCode::kInvalidJson);
  CHECK(broken.errors[0].field == "catalog");
  auto array = slotpay::load_catalog("[]");
  REQUIRE(array.errors.size() == 1);
  CHECK(array.errors[0].code == slotpay::ErrorCode::kInvalidField);
  auto zone = slotpay::test::demo_catalog();
  zone["merchant"]["timezone"] = "Mars/Olympus";
  auto unknown = slotpay::load_catalog(zone.dump());
  REQUIRE(unknown.errors.size() == 1);
  CHECK(unknown.errors[0].code == slotpay::ErrorCode::kUnknownTimezone);
  CHECK(unknown.errors[0].field == "catalog.merchant.timezone");
  auto booking = slotpay::load_booking_request(R"({"service":"cut","quantity":"two"})");
  REQUIRE_FALSE(booking.ok());
  CHECK(booking.errors[0].field == "booking.quantity");
  CHECK(slotpay::errors_to_json(booking.errors).rfind("{\"ok\":false,\"errors\":[", 0) == 0);
}
