// slotpay-core OP < request.json: the core's headless face.
// Exit 0 for any response (domain errors included), 2 when the request cannot be
// read (bad JSON, too large, unknown operation), with an error JSON on stdout.
#include <cstdio>
#include <iostream>
#include <iterator>
#include <string>

#include "slotpay/json.hpp"

namespace {

constexpr size_t kReadLimit = 64 * 1024 * 1024;  // stop reading absurd inputs early

int usage() {
  std::string ops;
  for (const auto& op : slotpay::operations()) ops += " " + op;
  std::cerr << "usage: slotpay-core OP < request.json\noperations:" << ops << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return usage();
  std::string input;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
    input.append(buf, n);
    if (input.size() > kReadLimit) break;  // run() will refuse it as too large
  }
  slotpay::Response r = slotpay::run(argv[1], input);
  std::fwrite(r.body.data(), 1, r.body.size(), stdout);
  std::fputc('\n', stdout);
  return r.unreadable ? 2 : 0;
}
