// The pure rules of merchant accounts (issue #10): password policy and hashing, sessions
// and CSRF tokens, merchant API keys, Stripe key checks, the secret box, roles, the
// Connect status in words, catalog edits and widget origins.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "app/account_status.hpp"
#include "app/api_keys.hpp"
#include "app/catalog_edit.hpp"
#include "app/origins.hpp"
#include "app/passwords.hpp"
#include "app/principal.hpp"
#include "app/secret_box.hpp"
#include "app/sessions.hpp"
#include "app/stripe_keys.hpp"
#include "app/use_cases.hpp"

using namespace slotpay::server;
using json = nlohmann::json;

TEST_CASE("e-mail addresses are normalised or refused", "[merchants]") {
  CHECK(normalize_email("  Ana@Salon.Example ") == "ana@salon.example");
  CHECK(normalize_email("ana@salon") == "");
  CHECK(normalize_email("@salon.example") == "");
  CHECK(normalize_email("a@b@salon.example") == "");
  CHECK(normalize_email("a b@salon.example") == "");
  CHECK(normalize_email("ana@salon.example.") == "");
  CHECK(normalize_email(std::string(250, 'a') + "@x.example") == "");
}

TEST_CASE("the password policy refuses short, repeated, common and e-mail passwords",
          "[merchants]") {
  CHECK_FALSE(check_password_policy("correct horse battery", "ana@salon.example"));
  auto short_one = check_password_policy("abc123xyz", "ana@salon.example");
  REQUIRE(short_one);
  CHECK(short_one->code == "weak_password");
  CHECK(short_one->field == "password");
  CHECK(check_password_policy("aaaaaaaaaaaa", "ana@salon.example"));
  CHECK(check_password_policy("Password123", "ana@salon.example"));
  CHECK(check_password_policy("ana@salon.example", "ana@salon.example"));
  CHECK(check_password_policy("anastasia12", "anastasia12@salon.example"));
  CHECK(check_password_policy(std::string(257, 'x') + "y", ""));
  CHECK(check_password_policy("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6\xf5", ""));
  // Ten code points of two bytes each are ten characters, not twenty.
  CHECK_FALSE(
      check_password_policy("\xc3\xa9\xc3\xa8\xc3\xaa\xc3\xab\xc3\xa0\xc3\xa2\xc3\xa4"
                            "\xc3\xa7\xc3\xb4\xc3\xb6",
                            ""));
  CHECK(check_password_policy("x", "", "new_password")->field == "new_password");
}

TEST_CASE("passwords hash with argon2id and verify only with the same password", "[merchants]") {
  const std::string h = hash_password("correct horse battery");
  CHECK(h.rfind("$argon2id$", 0) == 0);
  CHECK(verify_password(h, "correct horse battery"));
  CHECK_FALSE(verify_password(h, "correct horse batterY"));
  CHECK_FALSE(verify_password("", "correct horse battery"));
  CHECK_FALSE(verify_password("$argon2id$garbage", "correct horse battery"));
  // Salted: the same password hashes differently twice.
  CHECK(hash_password("correct horse battery") != h);
  CHECK_FALSE(verify_password(dummy_password_hash(), "correct horse battery"));
}

TEST_CASE("session tokens are random and stored only as their hash", "[merchants]") {
  const std::string a = new_session_token(), b = new_session_token();
  CHECK(a.size() == 64);
  CHECK(a != b);
  CHECK(session_token_hash(a).size() == 64);
  CHECK(session_token_hash(a) != a);
  CHECK(session_token_hash(a) == session_token_hash(a));
}

TEST_CASE("the CSRF token belongs to its session and is checked exactly", "[merchants]") {
  const std::string s1 = new_session_token(), s2 = new_session_token();
  const std::string t1 = csrf_token_for(s1);
  CHECK(csrf_ok(s1, t1));
  CHECK_FALSE(csrf_ok(s2, t1));
  CHECK_FALSE(csrf_ok(s1, ""));
  CHECK_FALSE(csrf_ok("", t1));
  CHECK_FALSE(csrf_ok(s1, t1.substr(0, 63)));
  std::string flipped = t1;
  flipped[10] = flipped[10] == 'a' ? 'b' : 'a';
  CHECK_FALSE(csrf_ok(s1, flipped));
  // The token is not the session id nor its stored hash.
  CHECK(t1 != s1);
  CHECK(t1 != session_token_hash(s1));
  CHECK(is_state_changing("POST"));
  CHECK(is_state_changing("DELETE"));
  CHECK(is_state_changing("PATCH"));
  CHECK(is_state_changing("PUT"));
  CHECK_FALSE(is_state_changing("GET"));
  CHECK_FALSE(is_state_changing("HEAD"));
}

TEST_CASE("sessions end at their lifetime or after idling", "[merchants]") {
  SessionPolicy p;
  p.max_age_ms = 1000'000;
  p.idle_ms = 100'000;
  p.touch_after_ms = 10'000;
  SessionTimes s{0, 0, 1000'000};
  CHECK(session_verdict(s, 50'000, p) == SessionVerdict::kValid);
  CHECK(session_verdict(s, 100'000, p) == SessionVerdict::kIdle);
  s.last_seen_at_ms = 950'000;
  CHECK(session_verdict(s, 990'000, p) == SessionVerdict::kValid);
  CHECK(session_verdict(s, 1000'000, p) == SessionVerdict::kExpired);
  s.expires_at_ms = 500'000;  // a stored expiry earlier than the policy's
  CHECK(session_verdict(s, 960'000, p) == SessionVerdict::kExpired);
  CHECK_FALSE(session_needs_touch(s, 955'000, p));
  CHECK(session_needs_touch(s, 960'000, p));
}

TEST_CASE("merchant API keys carry their mode and are stored as a hash", "[merchants]") {
  NewApiKey t = make_api_key(StripeMode::kTest);
  NewApiKey l = make_api_key(StripeMode::kLive);
  CHECK(t.secret.rfind("spk_test_", 0) == 0);
  CHECK(l.secret.rfind("spk_live_", 0) == 0);
  CHECK(t.id.rfind("ak_", 0) == 0);
  CHECK(api_key_mode(t.secret) == StripeMode::kTest);
  CHECK(api_key_mode(l.secret) == StripeMode::kLive);
  CHECK(t.hash == api_key_hash(t.secret));
  CHECK(t.hash.find(t.secret) == std::string::npos);
  CHECK(t.prefix.rfind("spk_test_", 0) == 0);
  CHECK(t.prefix.size() < t.secret.size());
  CHECK_FALSE(api_key_mode(t.secret.substr(0, t.secret.size() - 1)));
  CHECK_FALSE(api_key_mode("spk_prod_" + std::string(48, 'a')));
  CHECK_FALSE(api_key_mode("spk_test_" + std::string(48, 'G')));
  CHECK_FALSE(api_key_mode("sk_test_" + std::string(48, 'a')));
}

TEST_CASE("Stripe keys are trimmed, prefixes checked, modes never mixed", "[merchants]") {
  StripeKeySet good{" pk_test_abc123\n", "sk_test_def456", "whsec_ghi789"};
  auto ok = check_stripe_keys(good);
  CHECK_FALSE(ok.error);
  CHECK(ok.mode == StripeMode::kTest);
  CHECK(ok.keys.publishable_key == "pk_test_abc123");
  REQUIRE(ok.warnings.size() == 1);
  CHECK(ok.warnings[0].rfind("publishable_key", 0) == 0);

  auto restricted = check_stripe_keys({"pk_live_a", "rk_live_b", "whsec_c"});
  CHECK_FALSE(restricted.error);
  CHECK(restricted.mode == StripeMode::kLive);

  auto mixed = check_stripe_keys({"pk_test_a", "sk_live_b", "whsec_c"});
  REQUIRE(mixed.error);
  CHECK(mixed.error->code == "stripe_mode_mismatch");

  auto swapped = check_stripe_keys({"pk_test_a", "pk_test_b", "whsec_c"});
  REQUIRE(swapped.error);
  CHECK(swapped.error->code == "invalid_stripe_key");
  CHECK(swapped.error->field == "secret_key");
  CHECK(swapped.error->message.find("publishable") != std::string::npos);
  // No key value ever reaches a message.
  CHECK(swapped.error->message.find("pk_test_b") == std::string::npos);

  auto bad_pk = check_stripe_keys({"sk_test_a", "sk_test_b", "whsec_c"});
  REQUIRE(bad_pk.error);
  CHECK(bad_pk.error->field == "publishable_key");
  auto bad_wh = check_stripe_keys({"pk_test_a", "sk_test_b", "wh_c"});
  REQUIRE(bad_wh.error);
  CHECK(bad_wh.error->field == "webhook_secret");
  auto inner_space = check_stripe_keys({"pk_test_a", "sk_test_b c", "whsec_c"});
  REQUIRE(inner_space.error);
  CHECK(inner_space.error->field == "secret_key");
  auto missing = check_stripe_keys({"pk_test_a", "  ", "whsec_c"});
  REQUIRE(missing.error);
  CHECK(missing.error->code == "missing_field");
  CHECK(key_hint("sk_test_abcdWXYZ") == "…WXYZ");
}

TEST_CASE("the secret box round-trips, and refuses tampering, other keys and other places",
          "[merchants]") {
  std::string err;
  auto box = SecretBox::from_key_text(std::string(64, 'a'), &err);
  REQUIRE(box);
  const std::string ctx = secret_context("m1", "test", "secret_key");
  const std::string sealed = box->seal("sk_test_supersecret", ctx);
  CHECK(sealed.rfind("sb1.", 0) == 0);
  CHECK(sealed.find("sk_test_supersecret") == std::string::npos);
  CHECK(box->open(sealed, ctx) == std::optional<std::string>("sk_test_supersecret"));
  CHECK(box->seal("sk_test_supersecret", ctx) != sealed);  // fresh nonce each time

  std::string tampered = sealed;
  tampered[tampered.size() - 3] = tampered[tampered.size() - 3] == 'A' ? 'B' : 'A';
  CHECK_FALSE(box->open(tampered, ctx));
  CHECK_FALSE(box->open(sealed, secret_context("m2", "test", "secret_key")));
  CHECK_FALSE(box->open(sealed, secret_context("m1", "live", "secret_key")));
  CHECK_FALSE(box->open("sb1.", ctx));
  CHECK_FALSE(box->open("garbage", ctx));
  auto other = SecretBox::from_key_text(std::string(64, 'b'), &err);
  REQUIRE(other);
  CHECK_FALSE(other->open(sealed, ctx));

  // Base64 of 32 bytes is accepted too; anything else is refused with a reason.
  CHECK(SecretBox::from_key_text("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", &err));
  CHECK_FALSE(SecretBox::from_key_text("tooshort", &err));
  CHECK_FALSE(err.empty());
  CHECK_FALSE(SecretBox::from_key_text(std::string(62, 'a'), &err));
}

TEST_CASE("owners may do everything, staff only read, and API keys manage no people",
          "[merchants]") {
  Principal owner{"m1", "usr_1", "o@x.example", Role::kOwner, false, "", "", "h", "t"};
  Principal staff{"m1", "usr_2", "s@x.example", Role::kStaff, false, "", "", "h", "t"};
  Principal key{"m1", "", "", Role::kStaff, true, "ak_1", "test", "", ""};
  for (auto p : {Permission::kReadBookings, Permission::kMoney, Permission::kEditCatalog,
                 Permission::kSettings, Permission::kManageUsers, Permission::kManageApiKeys,
                 Permission::kOwnPassword})
    CHECK(allowed(owner, p));
  CHECK(allowed(staff, Permission::kReadBookings));
  CHECK(allowed(staff, Permission::kOwnPassword));
  CHECK_FALSE(allowed(staff, Permission::kMoney));
  CHECK_FALSE(allowed(staff, Permission::kEditCatalog));
  CHECK_FALSE(allowed(staff, Permission::kSettings));
  CHECK_FALSE(allowed(staff, Permission::kManageUsers));
  CHECK(allowed(key, Permission::kMoney));
  CHECK_FALSE(allowed(key, Permission::kManageUsers));
  CHECK_FALSE(allowed(key, Permission::kManageApiKeys));
  CHECK_FALSE(allowed(key, Permission::kOwnPassword));
  CHECK(mode_for(key, "", "live") == std::optional<std::string>("test"));
  CHECK_FALSE(mode_for(key, "live", "live"));
  CHECK(mode_for(owner, "", "live") == std::optional<std::string>("live"));
  CHECK(mode_for(owner, "test", "live") == std::optional<std::string>("test"));
  CHECK_FALSE(mode_for(owner, "prod", "live"));
  CHECK(std::string(mode_refusal_code("live")) == "forbidden");  // a real mode, not the key's
  CHECK(std::string(mode_refusal_code("test")) == "forbidden");
  CHECK(std::string(mode_refusal_code("prod")) == "invalid_field");
  CHECK(std::string(mode_refusal_code("LIVE")) == "invalid_field");
  CHECK(role_from("owner") == Role::kOwner);
  CHECK_FALSE(role_from("admin"));
}

TEST_CASE("a connected account's status is told in words", "[merchants]") {
  SideFacts none{"none", "test", false, false, false, {}, ""};
  CHECK(describe_side(none).state == "not_connected");
  CHECK_FALSE(describe_side(none).online_payments);

  SideFacts abandoned{"connect", "test",
                      false,     false,
                      false,     {"external_account", "individual.dob.day", "individual.dob.month"},
                      ""};
  auto w = describe_side(abandoned);
  CHECK(w.state == "onboarding_incomplete");
  CHECK_FALSE(w.online_payments);
  // Requirements in words, each once.
  CHECK(w.needed == std::vector<std::string>{"a bank account for payouts", "your date of birth"});
  CHECK(w.summary.find("a bank account for payouts and your date of birth") != std::string::npos);

  SideFacts done{"connect", "test", true, true, false, {}, ""};
  CHECK(describe_side(done).state == "enabled");
  CHECK(describe_side(done).online_payments);

  SideFacts verifying{
      "connect", "live", false, true, false, {}, "requirements.pending_verification"};
  CHECK(describe_side(verifying).state == "pending_verification");
  SideFacts past_due{
      "connect", "live", false, true, false, {"external_account"}, "requirements.past_due"};
  CHECK(describe_side(past_due).state == "restricted");
  CHECK(describe_side(past_due).summary.find("overdue") != std::string::npos);
  SideFacts rejected{"connect", "live", false, true, false, {}, "rejected.fraud"};
  CHECK(describe_side(rejected).state == "rejected");
  SideFacts gone{"connect", "live", true, true, true, {}, ""};
  CHECK(describe_side(gone).state == "disconnected");
  CHECK_FALSE(describe_side(gone).online_payments);
  CHECK(requirement_words("some.unknown_thing") == "some unknown thing");
}

TEST_CASE("account facts are read from Stripe's account object", "[merchants]") {
  json a = json::parse(R"({"id":"acct_1","charges_enabled":false,"details_submitted":true,
    "controller":{"stripe_dashboard":{"type":"express"}},
    "requirements":{"currently_due":["external_account",3],"disabled_reason":"requirements.past_due"}})");
  AccountFacts f = account_facts_from(a);
  CHECK(f.id == "acct_1");
  CHECK(f.dashboard == "express");
  CHECK_FALSE(f.charges_enabled);
  CHECK(f.details_submitted);
  CHECK(f.currently_due == std::vector<std::string>{"external_account"});
  CHECK(f.disabled_reason == "requirements.past_due");
  CHECK(account_facts_from(json::parse(R"({"type":"standard"})")).dashboard == "full");
  CHECK_FALSE(account_facts_from(json("x")).charges_enabled);

  auto full = connect_account_params("full", "m1", "o@x.example");
  CHECK(full["controller"]["stripe_dashboard"]["type"] == "full");
  CHECK(full["controller"]["requirement_collection"] == "stripe");
  CHECK(full["controller"]["fees"]["payer"] == "account");
  CHECK(full["metadata"]["slotpay_merchant"] == "m1");
  auto express = connect_account_params("express", "m1", "");
  CHECK(express["controller"]["stripe_dashboard"]["type"] == "express");
  CHECK(express["controller"]["fees"]["payer"] == "application");
  CHECK_FALSE(express.contains("email"));
}

TEST_CASE("catalog items are added, patched and removed, and keys stay unique", "[merchants]") {
  json cat = starter_catalog("m1", "Salon", "Europe/Paris", "eur");
  cat["services"] = json::parse(R"([{"id":"cut","name":"Cut","price":3000}])");
  cat["staff"] = json::parse(R"([{"id":"ana","name":"Ana","services":["cut","dye"]}])");

  auto add = apply_catalog_edit(cat, {CatalogPart::kService, EditOp::kAdd, "",
                                      json::parse(R"({"id":"dye","name":"Dye","price":5000})")});
  REQUIRE_FALSE(add.error);
  CHECK(add.catalog["services"].size() == 2);
  auto dup = apply_catalog_edit(
      add.catalog, {CatalogPart::kService, EditOp::kAdd, "", json::parse(R"({"id":"dye"})")});
  REQUIRE(dup.error);
  CHECK(dup.error->code == "already_exists");

  auto patch = apply_catalog_edit(add.catalog, {CatalogPart::kService, EditOp::kPatch, "cut",
                                                json::parse(R"({"price":3500,"name":null})")});
  REQUIRE_FALSE(patch.error);
  CHECK(patch.item["price"] == 3500);
  CHECK_FALSE(patch.item.contains("name"));
  auto rename_clash = apply_catalog_edit(
      add.catalog, {CatalogPart::kService, EditOp::kPatch, "cut", json::parse(R"({"id":"dye"})")});
  REQUIRE(rename_clash.error);
  CHECK(rename_clash.error->code == "already_exists");

  auto rm = apply_catalog_edit(add.catalog, {CatalogPart::kService, EditOp::kRemove, "dye", {}});
  REQUIRE_FALSE(rm.error);
  CHECK(rm.catalog["services"].size() == 1);
  CHECK(rm.catalog["staff"][0]["services"] == json::array({"cut"}));
  auto missing = apply_catalog_edit(cat, {CatalogPart::kStaff, EditOp::kRemove, "bob", {}});
  REQUIRE(missing.error);
  CHECK(missing.error->code == "not_found");

  auto coupon = apply_catalog_edit(cat, {CatalogPart::kCoupon, EditOp::kAdd, "",
                                         json::parse(R"({"code":"WELCOME","percent_off":10})")});
  REQUIRE_FALSE(coupon.error);
  auto coupon_case =
      apply_catalog_edit(coupon.catalog, {CatalogPart::kCoupon, EditOp::kRemove, "welcome", {}});
  CHECK_FALSE(coupon_case.error);  // coupon codes match case-insensitively
}

TEST_CASE("schedule overrides are keyed by date", "[merchants]") {
  json cat = starter_catalog("m1", "Salon", "Europe/Paris", "eur");
  auto add = apply_catalog_edit(
      cat, {CatalogPart::kOverride, EditOp::kAdd, "",
            json::parse(R"({"date":"2026-12-24","hours":[["09:00","12:00"]]})")});
  REQUIRE_FALSE(add.error);
  CHECK(add.catalog["schedule"]["overrides"]["2026-12-24"].size() == 1);
  auto closed = apply_catalog_edit(add.catalog, {CatalogPart::kOverride, EditOp::kPatch,
                                                 "2026-12-24", json::parse(R"({"hours":[]})")});
  REQUIRE_FALSE(closed.error);
  CHECK(closed.catalog["schedule"]["overrides"]["2026-12-24"] == json::array());
  auto move = apply_catalog_edit(add.catalog, {CatalogPart::kOverride, EditOp::kPatch, "2026-12-24",
                                               json::parse(R"({"date":"2026-12-25","hours":[]})")});
  CHECK(move.error);
  auto extra = apply_catalog_edit(
      add.catalog,
      {CatalogPart::kOverride, EditOp::kPatch, "2026-12-24", json::parse(R"({"hours":[],"x":1})")});
  REQUIRE(extra.error);
  CHECK(extra.error->code == "unknown_field");
  auto rm =
      apply_catalog_edit(add.catalog, {CatalogPart::kOverride, EditOp::kRemove, "2026-12-24", {}});
  REQUIRE_FALSE(rm.error);
  CHECK(rm.catalog["schedule"]["overrides"].empty());
  CHECK(catalog_part_from("coupons") == CatalogPart::kCoupon);
  CHECK_FALSE(catalog_part_from("merchant"));
}

TEST_CASE("the platform fee is the operator's, never the merchant's catalog's", "[merchants]") {
  json cat = json::parse(R"({"merchant":{"id":"m1","platform_fee":{"rate_bps":150,"fixed":30}}})");
  auto problem = merchant_catalog_problem(cat);
  REQUIRE(problem);
  CHECK(problem->code == "field_not_allowed");
  CHECK(problem->field == "catalog.merchant.platform_fee");
  auto fee = take_platform_fee(cat);
  REQUIRE(fee);
  CHECK(*fee == FeeSetting{150, 30});
  CHECK_FALSE(cat["merchant"].contains("platform_fee"));
  CHECK_FALSE(merchant_catalog_problem(cat));
  CHECK_FALSE(take_platform_fee(cat));
  json odd = json::parse(R"({"merchant":{"platform_fee":{"rate_bps":"x"}}})");
  CHECK_FALSE(take_platform_fee(odd));
  CHECK(odd["merchant"].contains("platform_fee"));  // left for the core to refuse
}

TEST_CASE("json merge patch follows RFC 7396", "[merchants]") {
  json t = json::parse(R"({"a":"b","c":{"d":"e","f":"g"}})");
  json_merge_patch(t, json::parse(R"({"a":"z","c":{"f":null}})"));
  CHECK(t == json::parse(R"({"a":"z","c":{"d":"e"}})"));
  json arr = json::parse(R"({"a":[1,2]})");
  json_merge_patch(arr, json::parse(R"({"a":[3]})"));
  CHECK(arr["a"] == json::array({3}));
}

TEST_CASE("widget origins are validated and normalised", "[merchants]") {
  CHECK(normalize_origin("https://Salon.Example/").origin == "https://salon.example");
  CHECK(normalize_origin("https://salon.example:443").origin == "https://salon.example");
  CHECK(normalize_origin("https://salon.example:8443").origin == "https://salon.example:8443");
  CHECK(normalize_origin("http://localhost:5173").origin == "http://localhost:5173");
  CHECK(normalize_origin("http://127.0.0.1:8080").origin == "http://127.0.0.1:8080");
  CHECK_FALSE(normalize_origin("http://salon.example").error.empty());
  CHECK_FALSE(normalize_origin("https://salon.example/book").error.empty());
  CHECK_FALSE(normalize_origin("https://user@salon.example").error.empty());
  CHECK_FALSE(normalize_origin("salon.example").error.empty());
  CHECK_FALSE(normalize_origin("https://salon.example:99999").error.empty());
  CHECK_FALSE(normalize_origin("https://sa lon.example").error.empty());
  CHECK(origin_host("https://salon.example:8443") == "salon.example");
  CHECK(wallet_domain_ok("salon.example"));
  CHECK_FALSE(wallet_domain_ok("localhost"));
  CHECK_FALSE(wallet_domain_ok("127.0.0.1"));
}

TEST_CASE("the operator's settings and the --platform-fee flag are checked", "[merchants]") {
  CHECK(parse_fee_flag("250") == std::optional<FeeSetting>(FeeSetting{250, 0}));
  CHECK(parse_fee_flag("250:30") == std::optional<FeeSetting>(FeeSetting{250, 30}));
  CHECK(parse_fee_flag("0:0") == std::optional<FeeSetting>(FeeSetting{0, 0}));
  CHECK_FALSE(parse_fee_flag(""));
  CHECK_FALSE(parse_fee_flag("10001"));
  CHECK_FALSE(parse_fee_flag("-5"));
  CHECK_FALSE(parse_fee_flag("250:"));
  CHECK_FALSE(parse_fee_flag("2.5"));
  CHECK_FALSE(parse_fee_flag("250:30:1"));

  OperatorSettings none;
  CHECK(check_operator_settings(none)->code == "missing_field");
  OperatorSettings suspend;
  suspend.status = "suspended";
  CHECK_FALSE(check_operator_settings(suspend));
  OperatorSettings closed;
  closed.status = "closed";
  CHECK(check_operator_settings(closed)->field == "status");
  OperatorSettings too_high;
  too_high.fee = std::optional<FeeSetting>(FeeSetting{10001, 0});
  CHECK(check_operator_settings(too_high)->field == "platform_fee.rate_bps");
  OperatorSettings negative;
  negative.fee = std::optional<FeeSetting>(FeeSetting{0, -1});
  CHECK(check_operator_settings(negative)->field == "platform_fee.fixed");
  OperatorSettings back_to_default;
  back_to_default.fee = std::optional<FeeSetting>{};
  CHECK_FALSE(check_operator_settings(back_to_default));
}
