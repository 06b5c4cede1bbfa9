// Who calls the merchant API (issue #10): the checks made before the store is asked
// (credentials, CSRF), the verdicts on what the store holds (sessions, API keys), the
// permission check, reading the session cookie from a request, the sign-in throttle, and
// the merchant's widget origins.
#include "app/merchant_auth.hpp"

#include <catch2/catch.hpp>

#include "app/api_keys.hpp"
#include "app/login_throttle.hpp"
#include "app/merchant_catalog.hpp"
#include "app/origins.hpp"
#include "http/merchant_guard.hpp"

using namespace slotpay::server;

namespace {

std::string code_of(const std::variant<CredentialCheck, ApiError>& v) {
  return std::holds_alternative<ApiError>(v) ? std::get<ApiError>(v).code : "";
}

}  // namespace

TEST_CASE("credentials: a session needs its CSRF token to change state", "[merchants]") {
  const std::string token = new_session_token();
  AuthInput in{"GET", token, "", ""};
  auto ok = check_credentials(in);
  REQUIRE(code_of(ok).empty());
  CHECK(std::get<CredentialCheck>(ok).kind == CredentialCheck::kSession);
  CHECK(std::get<CredentialCheck>(ok).lookup_hash == session_token_hash(token));

  for (const char* method : {"POST", "PUT", "PATCH", "DELETE"}) {
    in.method = method;
    in.csrf_header = "";
    CHECK(code_of(check_credentials(in)) == "csrf_failed");
    in.csrf_header = csrf_token_for(new_session_token());  // another session's token
    CHECK(code_of(check_credentials(in)) == "csrf_failed");
    in.csrf_header = csrf_token_for(token);
    CHECK(code_of(check_credentials(in)).empty());
  }
  CHECK(code_of(check_credentials(AuthInput{"GET", "", "", ""})) == "unauthorized");
}

TEST_CASE("credentials: an API key needs no CSRF token and must be well-formed", "[merchants]") {
  const NewApiKey key = make_api_key(StripeMode::kTest);
  AuthInput in{"POST", "", "", "Bearer " + key.secret};
  auto ok = check_credentials(in);
  REQUIRE(code_of(ok).empty());
  CHECK(std::get<CredentialCheck>(ok).kind == CredentialCheck::kApiKey);
  CHECK(std::get<CredentialCheck>(ok).lookup_hash == key.hash);
  // The header wins over a cookie (a browser never sends it on its own).
  in.session_token = new_session_token();
  CHECK(std::get<CredentialCheck>(check_credentials(in)).kind == CredentialCheck::kApiKey);

  in.authorization = "Bearer sk_test_123";
  CHECK(code_of(check_credentials(in)) == "invalid_api_key");
  in.authorization = "Basic abc";
  CHECK(code_of(check_credentials(in)) == "unauthorized");
  in.authorization = "Bearer ";
  CHECK(code_of(check_credentials(in)) == "unauthorized");
}

TEST_CASE("stored sessions and keys are judged", "[merchants]") {
  SessionPolicy p;
  p.max_age_ms = 1000'000;
  p.idle_ms = 100'000;
  SessionRecord s{"h", "usr_1", 0, 0, 1000'000};
  CHECK_FALSE(judge_session(s, true, 50'000, p));
  CHECK(judge_session(s, true, 150'000, p)->code == "session_expired");  // idle
  s.last_seen_at_ms = 990'000;
  CHECK(judge_session(s, true, 1000'000, p)->code == "session_expired");  // lifetime
  CHECK(judge_session(std::nullopt, true, 0, p)->code == "unauthorized");
  CHECK(judge_session(s, false, 995'000, p)->code == "unauthorized");  // user removed

  ApiKeyRecord k;
  k.id = "ak_1";
  CHECK_FALSE(judge_api_key(k));
  k.revoked_at_ms = 5;
  CHECK(judge_api_key(k)->code == "api_key_revoked");
  CHECK(judge_api_key(std::nullopt)->code == "invalid_api_key");
}

TEST_CASE("a refused permission is a 403 naming it", "[merchants]") {
  Principal staff;
  staff.role = Role::kStaff;
  CHECK_FALSE(require(staff, Permission::kReadBookings));
  auto refused = require(staff, Permission::kMoney);
  REQUIRE(refused);
  CHECK(refused->code == "forbidden");
  CHECK(refused->field == "money");
  CHECK(require(staff, Permission::kSettings)->field == "settings");
  Principal key;
  key.api_key = true;
  CHECK_FALSE(require(key, Permission::kEditCatalog));
  CHECK(require(key, Permission::kManageApiKeys)->field == "manage_api_keys");
}

TEST_CASE("the session cookie is read from the Cookie header", "[merchants]") {
  slotpay::server::http::HttpRequest req;
  req.headers = {{"cookie", "a=1; slotpay_session=abc ; other=\"x\""}};
  CHECK(slotpay::server::http::cookie_value(req, "slotpay_session") == "abc");
  CHECK(slotpay::server::http::cookie_value(req, "other") == "x");
  CHECK(slotpay::server::http::cookie_value(req, "slotpay") == "");
  req.headers = {{"Cookie", "xslotpay_session=1"}, {"Cookie", "slotpay_session=2"}};
  CHECK(slotpay::server::http::cookie_value(req, "slotpay_session") == "2");
  req.method = "DELETE";
  req.headers.push_back({"x-csrf-token", "t"});
  req.headers.push_back({"Authorization", "Bearer spk"});
  auto in = slotpay::server::http::auth_input(req);
  CHECK(in.method == "DELETE");
  CHECK(in.session_token == "2");
  CHECK(in.csrf_header == "t");
  CHECK(in.authorization == "Bearer spk");
}

TEST_CASE("sign-in failures are limited per account and per address", "[merchants]") {
  ThrottlePolicy p;
  p.max_failures_per_account = 3;
  p.max_failures_per_address = 5;
  p.window_ms = 60'000;
  LoginThrottle t(p);
  for (int i = 0; i < 3; ++i) {
    CHECK_FALSE(t.retry_after_s("a@x.io", "1.2.3.4", 1000 * i));
    t.failed("a@x.io", "1.2.3.4", 1000 * i);
  }
  // The account is locked until its oldest failure leaves the window, from any address.
  CHECK(t.retry_after_s("a@x.io", "9.9.9.9", 3000) == 57);
  CHECK(t.retry_after_s("a@x.io", "1.2.3.4", 59'500) == 1);
  CHECK_FALSE(t.retry_after_s("a@x.io", "9.9.9.9", 60'000));
  // Another account from the same address is still allowed, up to the address's limit.
  CHECK_FALSE(t.retry_after_s("b@x.io", "1.2.3.4", 3000));
  t.failed("b@x.io", "1.2.3.4", 3000);
  t.failed("c@x.io", "1.2.3.4", 4000);
  CHECK(t.retry_after_s("d@x.io", "1.2.3.4", 5000) == 55);
  CHECK_FALSE(t.retry_after_s("d@x.io", "5.5.5.5", 5000));
  // A success clears the account's failures, not the address's.
  LoginThrottle u(p);
  for (int i = 0; i < 3; ++i) u.failed("a@x.io", "1.1.1.1", 0);
  u.succeeded("a@x.io");
  CHECK_FALSE(u.retry_after_s("a@x.io", "2.2.2.2", 1));
}

TEST_CASE("the session cookie is Secure except over plain http", "[merchants]") {
  using slotpay::server::http::secure_cookies;
  CHECK_FALSE(secure_cookies("127.0.0.1:8080", ""));
  CHECK_FALSE(secure_cookies("localhost:0", ""));
  CHECK_FALSE(secure_cookies("[::1]:8080", ""));
  CHECK(secure_cookies("0.0.0.0:8080", ""));
  CHECK(secure_cookies("10.0.0.5:8080", ""));
  CHECK(secure_cookies("127.0.0.1:8080", "https://book.example"));  // behind a TLS proxy
  CHECK_FALSE(secure_cookies("0.0.0.0:8080", "http://book.example"));
}

TEST_CASE("a merchant's widget origins are normalised, deduplicated and capped", "[merchants]") {
  auto ok =
      normalize_origins({"HTTPS://Shop.Example/", "https://shop.example", "http://localhost:5173"});
  REQUIRE(std::holds_alternative<std::vector<std::string>>(ok));
  CHECK(std::get<std::vector<std::string>>(ok) ==
        std::vector<std::string>{"https://shop.example", "http://localhost:5173"});
  auto bad = normalize_origins({"https://a.example", "https://b.example/path"});
  REQUIRE(std::holds_alternative<ApiError>(bad));
  CHECK(std::get<ApiError>(bad).field == "allowed_origins[1]");
  std::vector<std::string> many;
  for (size_t i = 0; i <= kMaxAllowedOrigins; ++i)
    many.push_back("https://s" + std::to_string(i) + ".example");
  auto capped = normalize_origins(many);
  REQUIRE(std::holds_alternative<ApiError>(capped));
  CHECK(std::get<ApiError>(capped).field == "allowed_origins");
  CHECK(std::holds_alternative<std::vector<std::string>>(normalize_origins({})));
}
