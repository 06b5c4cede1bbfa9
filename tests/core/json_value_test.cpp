// The core's JSON module against nlohmann/json (what the core used before issue #4):
// same accept/reject decisions, same key order and duplicate handling, same dump bytes.
#include "json/json_value.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

using slotpay::JsonValue;

namespace {

bool nlohmann_accepts(const std::string& text) {
  return !nlohmann::json::parse(text, nullptr, false).is_discarded();
}

bool ours_accepts(const std::string& text) {
  JsonValue v;
  return JsonValue::parse(text, v);
}

std::string nlohmann_dump_string(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string our_dump_string(const std::string& s) {
  std::string out;
  JsonValue::dump_string(out, s);
  return out;
}

bool has_float(const nlohmann::json& j) {
  if (j.is_number_float()) return true;
  if (j.is_structured())
    for (const auto& e : j)
      if (has_float(e)) return true;
  return false;
}

// Both parse `text` alike; when accepted, nlohmann::json's dump equals ours (no floats).
void check_same(const std::string& text) {
  INFO("text: " << nlohmann_dump_string(text));
  const auto theirs = nlohmann::json::parse(text, nullptr, false);
  JsonValue ours;
  const bool ok = JsonValue::parse(text, ours);
  REQUIRE(ok == !theirs.is_discarded());
  if (ok && !has_float(theirs))
    CHECK(ours.dump() == theirs.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

TEST_CASE("json: accepts and refuses what nlohmann does", "[json]") {
  const std::vector<std::string> cases = {
      "",
      " ",
      "null",
      "true",
      "false",
      "nul",
      "tru",
      "True",
      "0",
      "-0",
      "01",
      "-01",
      "1.",
      ".5",
      "+1",
      "1e",
      "1e+",
      "1E5",
      "1.5e-3",
      "-",
      "--1",
      "1 2",
      "[]",
      "[ ]",
      "[1,]",
      "[,1]",
      "{}",
      "{ }",
      "{\"a\":1,}",
      "{\"a\" 1}",
      "{a:1}",
      "{\"a\":1}",
      "[1,2,[3,{}]]",
      "\"abc\"",
      "\"a\\\"b\"",
      "\"\\u00e9\"",
      "\"\\u00E9\"",
      "\"\\ud83d\\ude00\"",
      "\"\\ud83d\"",
      "\"\\ude00\"",
      "\"\\ud83d\\u0041\"",
      "\"\\u12\"",
      "\"\\x\"",
      "\"\\/\"",
      "\"\\u0000\"",
      "\"\t\"",
      "\"\x01\"",
      "\"\x7f\"",
      "\"\xc3\xa9\"",
      "\"\xc3\"",
      "\"\xc0\x80\"",
      "\"\xe0\x80\x80\"",
      "\"\xed\xa0\x80\"",
      "\"\xf4\x90\x80\x80\"",
      "\"\xf0\x9f\x98\x80\"",
      "\"\xff\"",
      "\xef\xbb\xbf{}",
      "\xef\xbb{}",
      "\xef",
      " \xef\xbb\xbf{}",
      "{}\n",
      "\n{} ",
      "{}x",
      "[1]]",
      "\"abc",
      "[\"a\"",
      "{\"a\":1,\"a\":2}",
      "{\"b\":1,\"a\":2,\"b\":3}",
      "18446744073709551615",
      "18446744073709551616",
      "-9223372036854775808",
      "-9223372036854775809",
      "1e400",
      "-1e400",
      "1e-400",
      "1e308",
      "2e308",
      "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649"
      "017977587207096330286416692887910946555547851940402630657488671505820681908902000708383"
      "676273854845817711531764475730270069855571366959622842914819860834936475292719074168444"
      "365510704342711559699508093042880177904174497791",
      "1797693134862315807937289714053034150799341327100378269361737789804449682927647509466490"
      "1797758720709633028641669288791094655554785194040263065748867150582068190890200070838367"
      "6273854845817711531764475730270069855571366959622842914819860834936475292719074168444365"
      "510704342711559699508093042880177904174497792",
      "1.7976931348623158e308",
      "1.7976931348623157e308",
      "1e99999999999999999999",
      "0e99999",
      "0.0000e400",
      "\"\xf4\x8f\xbf\xbf\"",
      "[\"\xe2\x82\"]",
      "{\"\xe9\":1}",
  };
  for (const auto& c : cases) check_same(c);
}

TEST_CASE("json: number categories as nlohmann reads them", "[json]") {
  auto read = [](const std::string& t) {
    JsonValue v;
    REQUIRE(JsonValue::parse(t, v));
    const auto n = nlohmann::json::parse(t);
    CHECK(v.is_number_integer() == n.is_number_integer());
    CHECK(v.is_number_unsigned() == n.is_number_unsigned());
    CHECK(v.is_number_float() == n.is_number_float());
    if (n.is_number_float()) {
      const double d = n.get<double>();
      CHECK(v.float_beyond_1e14() == (d > 1e14 || d < -1e14));
    } else if (n.is_number_unsigned()) {
      CHECK(v.as_uint() == n.get<uint64_t>());
    } else {
      CHECK(v.as_int() == n.get<int64_t>());
    }
  };
  for (const char* t : {"0",
                        "-0",
                        "1",
                        "-1",
                        "100000000000000",
                        "100000000000001",
                        "-100000000000000",
                        "100000000000000.0",
                        "100000000000000.0078125",
                        "100000000000000.00781251",
                        "100000000000000.0078124999",
                        "100000000000000.015625",
                        "-100000000000000.0078126",
                        "1e14",
                        "1.00000000000000001e14",
                        "1.0000000000000001e14",
                        "1e15",
                        "9.5",
                        "-9.5",
                        "1e-400",
                        "99999999999999999999",
                        "-99999999999999999999",
                        "0.1e16",
                        "0.00001e19",
                        "18446744073709551615",
                        "18446744073709551616",
                        "9223372036854775807",
                        "9223372036854775808",
                        "-9223372036854775808",
                        "-9223372036854775809",
                        "1E+2",
                        "1e-2",
                        "123.456e3"})
    read(t);
}

TEST_CASE("json: random and hostile strings agree with nlohmann", "[json]") {
  std::mt19937 rng(20261123);
  const std::string alphabet[] = {"{",
                                  "}",
                                  "[",
                                  "]",
                                  ",",
                                  ":",
                                  "\"",
                                  "\\",
                                  "u",
                                  "0",
                                  "1",
                                  "9",
                                  "-",
                                  "+",
                                  ".",
                                  "e",
                                  "E",
                                  " ",
                                  "\n",
                                  "t",
                                  "r",
                                  "n",
                                  "a",
                                  "\\u00e9",
                                  "\\ud83d",
                                  "\\ude00",
                                  "\xc3",
                                  "\xa9",
                                  "\xe2\x82\xac",
                                  "\xf0\x9f\x98\x80",
                                  "\xff",
                                  "\x01",
                                  "\x7f",
                                  "\xed\xa0\x80",
                                  "\xef\xbb\xbf",
                                  "null",
                                  "true",
                                  "\"k\":",
                                  "\"k\"",
                                  "/",
                                  "b",
                                  "f"};
  const size_t n = sizeof(alphabet) / sizeof(alphabet[0]);
  for (int iter = 0; iter < 20000; ++iter) {
    std::string s;
    const int len = static_cast<int>(rng() % 12);
    for (int k = 0; k < len; ++k) s += alphabet[rng() % n];
    check_same(s);
    check_same("\"" + s + "\"");
    check_same("[" + s + "]");
    check_same("{\"" + s + "\":1}");
  }
}

TEST_CASE("json: dumped strings match nlohmann's replace handler byte for byte", "[json]") {
  std::mt19937 rng(4);
  for (int iter = 0; iter < 50000; ++iter) {
    std::string s;
    const int len = static_cast<int>(rng() % 10);
    for (int k = 0; k < len; ++k) {
      // Bias towards the interesting bytes: controls, quotes, lead and continuation bytes.
      const unsigned r = rng() % 8;
      unsigned char c;
      if (r == 0)
        c = static_cast<unsigned char>(rng() % 0x20);
      else if (r == 1)
        c = static_cast<unsigned char>(0x80 + rng() % 0x40);
      else if (r == 2)
        c = static_cast<unsigned char>(0xC0 + rng() % 0x40);
      else if (r == 3)
        c = "\"\\/a\x7f"[rng() % 5];
      else
        c = static_cast<unsigned char>(rng() % 256);
      s += static_cast<char>(c);
    }
    REQUIRE(our_dump_string(s) == nlohmann_dump_string(s));
  }
  for (int c = 0; c < 256; ++c) {
    const std::string s(1, static_cast<char>(c));
    CHECK(our_dump_string(s) == nlohmann_dump_string(s));
    CHECK(our_dump_string(s + "\x80") == nlohmann_dump_string(s + "\x80"));
    CHECK(our_dump_string(s + "\xbf\xbf\xbf") == nlohmann_dump_string(s + "\xbf\xbf\xbf"));
  }
}

TEST_CASE("json: objects read in key order, the last duplicate wins", "[json]") {
  JsonValue v;
  REQUIRE(JsonValue::parse(R"({"b":1,"a":{"z":1,"y":2},"b":3,"A":null})", v));
  REQUIRE(v.members().size() == 3);
  CHECK(v.members()[0].key == "A");
  CHECK(v.members()[1].key == "a");
  CHECK(v.members()[2].key == "b");
  CHECK(v.find("b")->as_uint() == 3);
  CHECK(v.find("c") == nullptr);
  CHECK(v.dump() == R"({"A":null,"a":{"y":2,"z":1},"b":3})");
}

TEST_CASE("json: built objects keep insertion order and dump like ordered_json", "[json]") {
  JsonValue o;
  o["z"] = std::string("x\"y\n\x01\xc3");
  o["a"] = int64_t{-42};
  o["n"] = uint64_t{18446744073709551615u};
  o["t"] = true;
  o["l"] = std::vector<std::string>{"p", "q"};
  JsonValue list = JsonValue::array();
  list.push_back(JsonValue());
  list.push_back(INT64_MIN);
  o["list"] = std::move(list);
  o["a"] = 7;
  nlohmann::ordered_json n;
  n["z"] = std::string("x\"y\n\x01\xc3");
  n["a"] = -42;
  n["n"] = uint64_t{18446744073709551615u};
  n["t"] = true;
  n["l"] = std::vector<std::string>{"p", "q"};
  n["list"] = nlohmann::ordered_json::array({nullptr, INT64_MIN});
  n["a"] = 7;
  CHECK(o.dump() == n.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  CHECK(JsonValue::object().dump() == "{}");
  CHECK(JsonValue::array().dump() == "[]");
}

TEST_CASE("json: depth limit of the parser itself", "[json]") {
  JsonValue v;
  CHECK(JsonValue::parse(std::string(100, '[') + std::string(100, ']'), v));
  CHECK_FALSE(JsonValue::parse(std::string(600, '[') + std::string(600, ']'), v));
  CHECK(v.is_null());
}
