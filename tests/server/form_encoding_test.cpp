#include "stripe/form_encoding.hpp"

#include <catch2/catch.hpp>

using namespace slotpay::server;
using ojson = nlohmann::ordered_json;

TEST_CASE("form encoding: flat, nested, arrays, booleans, escaping", "[stripe][form]") {
  ojson p;
  p["amount"] = 1072;
  p["currency"] = "usd";
  p["automatic_payment_methods"]["enabled"] = true;
  p["metadata"]["booking_id"] = "bk_1";
  p["metadata"]["note"] = "a b&c=d/é";
  p["payment_method_types"] = {"card", "link"};
  p["capture"] = false;
  CHECK(form_encode(p) ==
        "amount=1072&currency=usd&automatic_payment_methods[enabled]=true&metadata[booking_id]=bk_1"
        "&metadata[note]=a%20b%26c%3Dd%2F%C3%A9&payment_method_types[0]=card&payment_method_types["
        "1]=link"
        "&capture=false");
}

TEST_CASE("form encoding: deep nesting and arrays of objects", "[stripe][form]") {
  ojson p;
  p["items"] = ojson::array({ojson{{"price", "p_1"}, {"quantity", 2}}});
  p["a"]["b"]["c"] = -5;
  p["unset"] = nullptr;
  CHECK(form_encode(p) == "items[0][price]=p_1&items[0][quantity]=2&a[b][c]=-5&unset=");
}

TEST_CASE("form encoding refuses floats and non-objects", "[stripe][form]") {
  ojson p;
  p["amount"] = 10.5;
  CHECK_THROWS_AS(form_encode(p), std::invalid_argument);
  CHECK_THROWS_AS(form_encode(ojson::array()), std::invalid_argument);
  CHECK(form_encode(ojson::object()).empty());
}

TEST_CASE("form escape keeps unreserved characters only", "[stripe][form]") {
  CHECK(form_escape("AZaz09-_.~") == "AZaz09-_.~");
  CHECK(form_escape(" +[]") == "%20%2B%5B%5D");
}
