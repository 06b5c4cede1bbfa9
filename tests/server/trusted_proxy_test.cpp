// Issue #9: --trusted-proxy. CIDR parsing and matching (IPv4, IPv6, mapped), forwarding
// headers parsed with hostile input, and the rightmost untrusted hop as the client.
#include "http/trusted_proxy.hpp"

#include <catch2/catch.hpp>

#include "http/client_address.hpp"

using namespace slotpay::server::http;

namespace {

std::vector<Cidr> nets(std::initializer_list<const char*> list) {
  std::vector<Cidr> out;
  for (const char* s : list) out.push_back(parse_cidr(s).value());
  return out;
}

}  // namespace

TEST_CASE("parse_cidr: IPv4 and IPv6 networks and single addresses, junk refused", "[proxy]") {
  for (const char* good : {"10.0.0.0/8", "10.1.2.3/8", "127.0.0.1", "0.0.0.0/0", "2001:db8::/32",
                           "::1", "::/0", "fd00::/8", " 192.168.0.0/16 "})
    CHECK(parse_cidr(good).has_value());
  for (const char* bad :
       {"", "10.0.0.0/33", "2001:db8::/129", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8x", "10.0.0/8",
        "999.1.1.1", "host.example", "10.0.0.0/8/8", "2001:db8:::/32", "1.2.3.4/ 8"})
    CHECK_FALSE(parse_cidr(bad).has_value());
}

TEST_CASE("cidr matching: prefixes on and off byte boundaries, IPv4-mapped peers", "[proxy]") {
  auto t = nets({"10.0.0.0/8", "192.168.1.128/25", "2001:db8:abcd::/48", "::1"});
  CHECK(is_trusted(t, "10.255.0.1"));
  CHECK_FALSE(is_trusted(t, "11.0.0.1"));
  CHECK(is_trusted(t, "192.168.1.200"));
  CHECK_FALSE(is_trusted(t, "192.168.1.127"));
  CHECK(is_trusted(t, "2001:db8:abcd:ffff::1"));
  CHECK_FALSE(is_trusted(t, "2001:db8:abce::1"));
  CHECK(is_trusted(t, "::1"));
  CHECK_FALSE(is_trusted(t, "::2"));
  CHECK(is_trusted(t, "::ffff:10.1.1.1"));  // a mapped IPv4 peer matches the IPv4 range
  CHECK_FALSE(is_trusted(t, "not an address"));
  CHECK_FALSE(is_trusted({}, "10.0.0.1"));
  CHECK(is_trusted(nets({"0.0.0.0/0"}), "203.0.113.9"));
  CHECK_FALSE(is_trusted(nets({"0.0.0.0/0"}), "2001:db8::1"));  // IPv4 /0 is not IPv6
}

TEST_CASE("forwarding headers: X-Forwarded-For and Forwarded hops", "[proxy]") {
  CHECK(x_forwarded_for_hops("203.0.113.1, 10.0.0.2") ==
        std::vector<std::string>{"203.0.113.1", "10.0.0.2"});
  CHECK(x_forwarded_for_hops(" , ,") == std::vector<std::string>{});
  CHECK(x_forwarded_for_hops("[2001:db8::1]:443,1.2.3.4:80") ==
        std::vector<std::string>{"2001:db8::1", "1.2.3.4"});
  CHECK(forwarded_for_hops(
            R"(for=192.0.2.60;proto=http;by=203.0.113.43, for="[2001:db8:cafe::17]:4711")") ==
        std::vector<std::string>{"192.0.2.60", "2001:db8:cafe::17"});
  CHECK(forwarded_for_hops("For=\"_hidden\", for=unknown, proto=https") ==
        std::vector<std::string>{"_hidden", "unknown", ""});
  // Hostile: huge, unbalanced, control characters; nothing crashes, nothing is an address.
  std::string junk(100000, '[');
  CHECK(forwarded_for_hops(junk).size() == 1);
  CHECK(x_forwarded_for_hops("\"[::1").size() == 1);
  CHECK_FALSE(parse_ip(x_forwarded_for_hops(std::string("1.2.3.4\0x", 9)).front()).has_value());
}

TEST_CASE("the client: the peer unless trusted, then the rightmost untrusted hop", "[proxy]") {
  auto t = nets({"10.0.0.0/8"});
  HeaderList spoof = {{"X-Forwarded-For", "198.51.100.7"}};
  // An untrusted peer's header is ignored.
  CHECK(forwarded_client("203.0.113.5", spoof, t) == "203.0.113.5");
  CHECK(forwarded_client("203.0.113.5", spoof, {}) == "203.0.113.5");
  // A trusted proxy's is believed.
  CHECK(forwarded_client("10.0.0.1", spoof, t) == "198.51.100.7");
  // The client prepends a fake hop: the proxy appended the real one, rightmost wins.
  HeaderList chain = {{"x-forwarded-for", "1.1.1.1, 198.51.100.7, 10.0.0.9"}};
  CHECK(forwarded_client("10.0.0.1", chain, t) == "198.51.100.7");
  // Several header lines are one list, in order.
  HeaderList lines = {{"X-Forwarded-For", "1.1.1.1"}, {"X-Forwarded-For", "198.51.100.8"}};
  CHECK(forwarded_client("10.0.0.1", lines, t) == "198.51.100.8");
  // Junk at the right: the last hop vouched for (the proxy) is the client.
  HeaderList junk = {{"X-Forwarded-For", "198.51.100.7, garbage"}};
  CHECK(forwarded_client("10.0.0.1", junk, t) == "10.0.0.1");
  // Every hop trusted: the leftmost.
  HeaderList inner = {{"X-Forwarded-For", "10.0.0.7, 10.0.0.8"}};
  CHECK(forwarded_client("10.0.0.1", inner, t) == "10.0.0.7");
  // Forwarded when there is no X-Forwarded-For; IPv6 written canonically.
  HeaderList fwd = {{"Forwarded", R"(for="[2001:DB8::1]:80";proto=https)"}};
  CHECK(forwarded_client("10.0.0.1", fwd, t) == "2001:db8::1");
  // No header: the peer.
  CHECK(forwarded_client("10.0.0.1", {}, t) == "10.0.0.1");
  // Through client_address: a mapped IPv4 peer.
  CHECK(client_address("::ffff:10.0.0.1", spoof, t) == "198.51.100.7");
  CHECK(client_address("::ffff:203.0.113.5", spoof, t) == "203.0.113.5");
}
