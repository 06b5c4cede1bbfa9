#include "mail/encoding.hpp"

#include <catch2/catch.hpp>
#include <random>

#include "support/mime_reader.hpp"

using namespace slotpay::mail;

TEST_CASE("sanitize_utf8 keeps valid text and replaces every invalid sequence") {
  CHECK(sanitize_utf8("Zoë 日本 😀") == "Zoë 日本 😀");
  const std::string fffd = "\xEF\xBF\xBD";
  CHECK(sanitize_utf8("a\xFF"
                      "b") == "a" + fffd + "b");
  CHECK(sanitize_utf8("\xC0\xAF") == fffd + fffd);                        // overlong "/"
  CHECK(sanitize_utf8("\xED\xA0\x80") == fffd + fffd + fffd);             // a surrogate
  CHECK(sanitize_utf8("\xF4\x90\x80\x80") == fffd + fffd + fffd + fffd);  // above U+10FFFF
  CHECK(sanitize_utf8("x\xE6\x97") == "x" + fffd + fffd);                 // truncated at the end
}

TEST_CASE("one_line turns controls, CR and LF into single spaces and trims") {
  CHECK(one_line("Jo\r\nBcc: x@y") == "Jo Bcc: x@y");
  CHECK(one_line("  a \t\t b  ") == "a b");
  CHECK(one_line("a\x7F"
                 "b") == "a b");
  CHECK(one_line("a\xC2\x85"
                 "b") == "a b");  // U+0085 NEL, a C1 control
  CHECK(one_line("\r\n\r\n") == "");
  CHECK(one_line("Zoë") == "Zoë");
}

TEST_CASE("truncate_utf8 cuts at a character boundary and marks the cut") {
  CHECK(truncate_utf8("short", 10) == "short");
  std::string cut = truncate_utf8("ééééé", 8);  // 10 bytes; 5 left for text -> 2 é
  CHECK(cut == "éé…");
  CHECK(cut.size() <= 8);
}

TEST_CASE("Base64 and base64url round trips, and base64url refuses other spellings") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64url_encode("\xFB\xFF") == "-_8");
  std::mt19937 rng(7);
  for (int n = 0; n < 200; ++n) {
    std::string data(static_cast<size_t>(n), '\0');
    for (char& c : data) c = static_cast<char>(rng() & 0xFF);
    auto back = base64url_decode(base64url_encode(data));
    REQUIRE(back);
    CHECK(*back == data);
    CHECK(slotpay::mail::testing::decode_base64(base64_encode(data)) == data);
  }
  CHECK_FALSE(base64url_decode("Zg=="));  // padding
  CHECK_FALSE(base64url_decode("Z+8"));   // standard alphabet
  CHECK_FALSE(base64url_decode("Z"));     // impossible length
  CHECK_FALSE(base64url_decode("Zh"));    // non-zero trailing bits: "Zg" is the spelling
  CHECK(base64url_decode("Zg") == std::optional<std::string>("f"));
}

TEST_CASE("base64_encode_lines wraps at 76 characters with CRLF") {
  std::string data(200, 'x');
  std::string enc = base64_encode_lines(data);
  size_t start = 0;
  while (start < enc.size()) {
    size_t end = enc.find("\r\n", start);
    REQUIRE(end != std::string::npos);
    CHECK(end - start <= 76);
    start = end + 2;
  }
}

TEST_CASE("quoted-printable: short lines, escapes, and an exact round trip") {
  std::string text =
      "Hi Zoë,\nA long line that goes on and on and on and on and on and on and on and on and "
      "on = until it is folded.\nTrailing space \nTab\tend\t\n.\n" +
      std::string(300, 'a') + "\n€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€";
  std::string qp = quoted_printable_encode(text);
  size_t start = 0;
  while (start < qp.size()) {
    size_t end = qp.find("\r\n", start);
    if (end == std::string::npos) end = qp.size();
    std::string_view line(qp.data() + start, end - start);
    CHECK(line.size() <= 76);
    if (!line.empty()) {
      CHECK(line.back() != ' ');
      CHECK(line.back() != '\t');
    }
    for (char c : line) CHECK(static_cast<unsigned char>(c) < 128);
    start = end + 2;
  }
  CHECK(slotpay::mail::testing::decode_quoted_printable(qp) == text);
  CHECK(quoted_printable_encode("a=b") == "a=3Db");
  CHECK(quoted_printable_encode("a\r\nb") == "a\r\nb");
}

TEST_CASE("encoded-words: at most 75 characters each, never splitting a character") {
  CHECK(encode_header_words("plain ascii") == "plain ascii");
  for (std::string unit : {"é", "日", "😀", "aé"}) {
    std::string text;
    for (int i = 0; i < 60; ++i) text += unit;
    std::string enc = encode_header_words(text);
    size_t start = 0;
    std::string decoded;
    while (start < enc.size()) {
      size_t end = enc.find("\r\n ", start);
      std::string word = enc.substr(start, end == std::string::npos ? enc.npos : end - start);
      CHECK(word.size() <= 75);
      REQUIRE(word.starts_with("=?UTF-8?B?"));
      REQUIRE(word.ends_with("?="));
      std::string bytes = slotpay::mail::testing::decode_base64(word.substr(10, word.size() - 12));
      CHECK(sanitize_utf8(bytes) == bytes);  // each word holds whole characters
      decoded += bytes;
      if (end == std::string::npos) break;
      start = end + 3;
    }
    CHECK(decoded == text);
    CHECK(slotpay::mail::testing::decode_header(enc) == text);
  }
}
