// The merchant side of the store (schema migration 8, issue #10), the same tests for
// both stores (STORE_TEST): users with unique e-mail addresses, sessions by hash, API
// keys, Stripe sides per mode that decide whether a merchant can take payments, the
// operator's status and fee, catalog versions.
#include "store_test_support.hpp"

using namespace slotpay::server;
using namespace slotpay::server::testing;

namespace {

void write_ok(BookingStore& s, const std::function<bool(BookingTx&)>& job) {
  auto r = write_now(s, job);
  REQUIRE(r.committed);
}

Merchant new_merchant(const std::string& id) {
  Merchant m;
  m.id = id;
  m.name = "Salon " + id;
  m.mode = "test";
  m.created_at_ms = 1000;
  return m;
}

UserRecord user(const std::string& id, const std::string& email, const std::string& role) {
  return UserRecord{id, "m1", email, "$argon2id$x", role, 1000, 1000};
}

}  // namespace

STORE_TEST(signup_merchants_start_disabled,
           "merchants created by sign-up start without Stripe and cannot take payments") {
  auto store = db.open();
  auto& s = *store;
  write_ok(s, [](BookingTx& tx) {
    CHECK(tx.accounts().create_merchant(new_merchant("m1"), R"({"merchant":{"id":"m1"}})"));
    CHECK_FALSE(tx.accounts().create_merchant(new_merchant("m1"), "{}"));  // id taken
    return true;
  });
  std::optional<Merchant> m;
  read_now(s, [&](StoreReader& r) { m = r.merchant("m1"); });
  REQUIRE(m);
  CHECK(m->catalog_version == 1);
  CHECK(m->connection == "none");
  CHECK_FALSE(m->charges_enabled);
  CHECK(m->mode == "test");
  CHECK(m->status == "active");
  CHECK_FALSE(m->fee_bps);

  // A Connect side in the merchant's mode decides: disabled, then enabled, then
  // deauthorized.
  StripeSide side;
  side.merchant_id = "m1";
  side.mode = "test";
  side.connection = "connect";
  side.stripe_account = "acct_9";
  side.currently_due = {"external_account"};
  write_ok(s, [&](BookingTx& tx) {
    tx.accounts().save_stripe_side(side);
    return true;
  });
  read_now(s, [&](StoreReader& r) { m = r.merchant("m1"); });
  CHECK(m->stripe_account == "acct_9");
  CHECK_FALSE(m->charges_enabled);
  side.charges_enabled = true;
  write_ok(s, [&](BookingTx& tx) {
    tx.accounts().save_stripe_side(side);
    return true;
  });
  std::vector<StripeSide> by_account;
  read_now(s, [&](StoreReader& r) {
    m = r.merchant("m1");
    by_account = r.accounts().sides_by_account("acct_9");
  });
  CHECK(m->charges_enabled);
  REQUIRE(by_account.size() == 1);
  CHECK(by_account[0].currently_due == std::vector<std::string>{"external_account"});
  side.deauthorized = true;
  write_ok(s, [&](BookingTx& tx) {
    tx.accounts().save_stripe_side(side);
    return true;
  });
  read_now(s, [&](StoreReader& r) { m = r.merchant("m1"); });
  CHECK_FALSE(m->charges_enabled);
}

STORE_TEST(users_unique_emails,
           "users have unique e-mail addresses and a password change keeps one session") {
  auto store = db.open();
  auto& s = *store;
  write_ok(s, [](BookingTx& tx) {
    auto& a = tx.accounts();
    REQUIRE(a.create_merchant(new_merchant("m1"), "{}"));
    CHECK(a.insert_user(user("usr_1", "o@x.example", "owner")));
    CHECK(a.insert_user(user("usr_2", "s@x.example", "staff")));
    CHECK_FALSE(a.insert_user(user("usr_3", "o@x.example", "staff")));
    a.insert_session({"h1", "usr_1", 1000, 1000, 9000});
    a.insert_session({"h2", "usr_1", 1000, 1000, 9000});
    a.insert_session({"h3", "usr_2", 1000, 1000, 9000});
    return true;
  });
  write_ok(s, [](BookingTx& tx) {
    tx.accounts().set_password("usr_1", "$argon2id$new", 2000);
    tx.accounts().delete_sessions_of("usr_1", "h1");
    tx.accounts().touch_session("h1", 3000);
    return true;
  });
  read_now(s, [](StoreReader& r) {
    auto& a = r.accounts();
    auto u = a.user_by_email("o@x.example");
    REQUIRE(u);
    CHECK(u->password_hash == "$argon2id$new");
    CHECK(u->password_changed_at_ms == 2000);
    CHECK(a.users_of("m1").size() == 2);
    REQUIRE(a.session("h1"));
    CHECK(a.session("h1")->last_seen_at_ms == 3000);
    CHECK_FALSE(a.session("h2"));
    CHECK(a.session("h3"));
  });
  write_ok(s, [](BookingTx& tx) {
    tx.accounts().delete_user("usr_2");
    return true;
  });
  read_now(s, [](StoreReader& r) {
    CHECK_FALSE(r.accounts().user("usr_2"));
    CHECK_FALSE(r.accounts().session("h3"));  // a removed user's sessions go with it
  });
}

STORE_TEST(api_keys_by_hash, "API keys are found by hash and revoked once") {
  auto store = db.open();
  auto& s = *store;
  write_ok(s, [](BookingTx& tx) {
    auto& a = tx.accounts();
    REQUIRE(a.create_merchant(new_merchant("m1"), "{}"));
    a.insert_api_key({"ak_1", "m1", "test", "hash1", "spk_test_1a2b…", "ci", "usr_1", 1000, 0, 0});
    return true;
  });
  write_ok(s, [](BookingTx& tx) {
    CHECK_FALSE(tx.accounts().revoke_api_key("m2", "ak_1", 2000));  // another merchant's
    CHECK(tx.accounts().revoke_api_key("m1", "ak_1", 2000));
    CHECK_FALSE(tx.accounts().revoke_api_key("m1", "ak_1", 3000));
    return true;
  });
  read_now(s, [](StoreReader& r) {
    auto k = r.accounts().api_key_by_hash("hash1");
    REQUIRE(k);
    CHECK(k->revoked_at_ms == 2000);
    CHECK(k->mode == "test");
    CHECK(r.accounts().api_keys_of("m1").size() == 1);
    CHECK_FALSE(r.accounts().api_key_by_hash("nope"));
  });
}

STORE_TEST(operator_status_fee_versions,
           "the operator suspends merchants and sets their fee, and catalogs get versions") {
  auto store = db.open();
  auto& s = *store;
  write_ok(s, [](BookingTx& tx) {
    auto& a = tx.accounts();
    REQUIRE(a.create_merchant(new_merchant("m1"), R"({"v":1})"));
    CHECK(a.set_merchant_status("m1", "suspended"));
    CHECK_FALSE(a.set_merchant_status("nobody", "suspended"));
    CHECK(a.set_platform_fee("m1", 150, 30));
    CHECK(a.save_catalog("m1", R"({"v":2})", "Renamed", 2000) == 2);
    CHECK(a.save_catalog("m1", R"({"v":2})", "Renamed", 3000) == 2);  // same text
    CHECK(a.lock_merchant("m1"));
    CHECK_FALSE(a.lock_merchant("nobody"));
    CHECK(a.set_allowed_origins("m1", {"https://a.example", "https://b.example:8443"}));
    CHECK_FALSE(a.set_allowed_origins("nobody", {}));
    return true;
  });
  std::optional<Merchant> m;
  std::optional<std::string> v1, v2;
  std::vector<Merchant> all;
  read_now(s, [&](StoreReader& r) {
    m = r.merchant("m1");
    v1 = r.catalog_text("m1", 1);
    v2 = r.catalog_text("m1", 2);
    all = r.accounts().merchants();
  });
  REQUIRE(m);
  CHECK(m->status == "suspended");
  CHECK(m->fee_bps == std::optional<int64_t>(150));
  CHECK(m->fee_fixed == std::optional<int64_t>(30));
  CHECK(m->catalog_version == 2);
  CHECK(m->name == "Renamed");
  CHECK(m->allowed_origins ==
        std::vector<std::string>{"https://a.example", "https://b.example:8443"});
  CHECK(v1 == std::optional<std::string>(R"({"v":1})"));  // old versions stay for bookings
  CHECK(v2 == std::optional<std::string>(R"({"v":2})"));
  REQUIRE(all.size() == 1);
  write_ok(s, [](BookingTx& tx) {
    CHECK(tx.accounts().set_platform_fee("m1", std::nullopt, std::nullopt));
    return true;
  });
  read_now(s, [&](StoreReader& r) { m = r.merchant("m1"); });
  CHECK_FALSE(m->fee_bps);  // back to the server's default
}
