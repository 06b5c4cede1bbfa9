// JSON text written field by field (app/json_text.hpp): strings escaped exactly as
// nlohmann's dump writes them (with error_handler replace), objects that parse back.
#include "app/json_text.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace slotpay::server;
using ojson = nlohmann::ordered_json;

namespace {

std::string ours(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

std::string theirs(const std::string& s) {
  return ojson(s).dump(-1, ' ', false, ojson::error_handler_t::replace);
}

}  // namespace

TEST_CASE("json text: strings are escaped as nlohmann writes them", "[json_text]") {
  const std::vector<std::string> samples = {
      "",
      "plain ascii",
      "quote \" backslash \\ slash /",
      "\b\f\n\r\t",
      std::string("nul \0 and \x01 \x1f \x7f", 15),
      "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",  // é € 😀
      "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",           // Hebrew
      "lone continuation \x80 end",
      "truncated \xE2\x82",
      "cut short \xE2\x82 in the middle",
      "cut short \xF0\x9F\x98",
      "four bytes cut \xF0\x9F\x98 then more \xF0\x9F\x98\x80",
      "overlong \xC0\xAF and \xE0\x80\xAF",
      "surrogate \xED\xA0\x80",
      "past U+10FFFF \xF4\x90\x80\x80",
      "bad lead \xF8\x88\x80\x80\x80",
  };
  for (const auto& s : samples) {
    INFO(theirs(s));
    CHECK(ours(s) == theirs(s));
  }
  // Every single byte and every pair of bytes, between letters and at the end.
  for (int b = 0; b < 256; ++b) {
    for (int c = -1; c < 256; ++c) {
      std::string s = "a" + std::string(1, static_cast<char>(b));
      if (c >= 0) s += static_cast<char>(c);
      for (const std::string& tail : {std::string("z"), std::string()}) {
        if (ours(s + tail) != theirs(s + tail)) {
          INFO(b << " " << c);
          CHECK(ours(s + tail) == theirs(s + tail));
        }
      }
    }
  }
  // Three- and four-byte sequences around every boundary.
  for (int b0 : {0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF4})
    for (int b1 = 0x70; b1 < 0xC8; ++b1)
      for (int b2 : {0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0})
        for (int b3 : {-1, 0x7F, 0x80, 0xBF, 0xC0}) {
          std::string s = {static_cast<char>(b0), static_cast<char>(b1), static_cast<char>(b2)};
          if (b3 >= 0) s += static_cast<char>(b3);
          s += "z";
          if (ours(s) != theirs(s)) {
            INFO(b0 << " " << b1 << " " << b2 << " " << b3);
            CHECK(ours(s) == theirs(s));
          }
        }
}

TEST_CASE("json text: objects with nested objects, raw values and every kind", "[json_text]") {
  std::string out;
  JsonObjectText o(out);
  o.string("id", "bk_1").integer("amount", -4871).boolean("paid", true).boolean("late", false);
  o.null("hold").raw("quote", R"({"total":4871,"lines":[{"kind":"base"}]})");
  {
    JsonObjectText p = o.object("payment");
    p.string("payment_intent", "pi_\"x\"");
    p.close();
  }
  o.close();
  auto v = ojson::parse(out);
  CHECK(v["id"] == "bk_1");
  CHECK(v["amount"] == -4871);
  CHECK(v["paid"] == true);
  CHECK(v["late"] == false);
  CHECK(v["hold"].is_null());
  CHECK(v["quote"]["lines"][0]["kind"] == "base");
  CHECK(v["payment"]["payment_intent"] == "pi_\"x\"");
  // Members keep their order.
  std::vector<std::string> keys;
  for (auto it = v.begin(); it != v.end(); ++it) keys.push_back(it.key());
  CHECK(keys ==
        std::vector<std::string>{"id", "amount", "paid", "late", "hold", "quote", "payment"});
  std::string empty;
  JsonObjectText{empty}.close();
  CHECK(empty == "{}");
}
