// Client secrets sealed at rest (issue #9 item 7): AES-256-GCM under a key derived from
// the server's key material; altered or foreign values do not open.
#include "app/client_secret_box.hpp"

#include <catch2/catch.hpp>

using namespace slotpay::server;

TEST_CASE("client secret box: seal and open round trip, the plaintext nowhere in the sealed value",
          "[client_secret_box]") {
  ClientSecretBox box("sk_test_box_key_material_0123456789");
  const std::string secret = "pi_3Abc_secret_XyZ0123456789";
  std::string sealed = box.seal(secret);
  CHECK(ClientSecretBox::is_sealed(sealed));
  CHECK(sealed.find("secret") == std::string::npos);
  CHECK(sealed.find("pi_3Abc") == std::string::npos);
  CHECK(box.open(sealed) == secret);
  // A fresh nonce each time: the same secret seals differently, both open.
  std::string again = box.seal(secret);
  CHECK(again != sealed);
  CHECK(box.open(again) == secret);
  // The same key material on another instance (a restart) opens it.
  CHECK(ClientSecretBox("sk_test_box_key_material_0123456789").open(sealed) == secret);
  CHECK(box.seal("").empty());
}

TEST_CASE("client secret box: another key or an altered value does not open",
          "[client_secret_box]") {
  ClientSecretBox box("key one");
  std::string sealed = box.seal("pi_1_secret_abc");
  CHECK_FALSE(ClientSecretBox("key two").open(sealed));
  CHECK_FALSE(ClientSecretBox("").open(sealed));  // a random key
  for (size_t i = 4; i < sealed.size(); i += 7) {
    std::string altered = sealed;
    altered[i] = altered[i] == '0' ? '1' : '0';
    CHECK_FALSE(box.open(altered));
  }
  CHECK_FALSE(box.open(sealed.substr(0, sealed.size() - 2)));
  CHECK_FALSE(box.open("sb1."));
  CHECK_FALSE(box.open("sb1.zz"));
  CHECK_FALSE(box.open("sb1.abc"));
}

TEST_CASE("client secret box: values stored before sealing existed pass as they are",
          "[client_secret_box]") {
  ClientSecretBox box("k");
  CHECK_FALSE(ClientSecretBox::is_sealed("pi_1_secret_abc"));
  CHECK(box.open("pi_1_secret_abc") == "pi_1_secret_abc");
  CHECK(box.open("") == "");
}
