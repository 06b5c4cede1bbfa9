// slotpay-core OP < request.json: the core's headless face.
// Exit 0 for any response (domain errors included), 2 when the request cannot be
// read (bad JSON, too large, unknown operation), with an error JSON on stdout.
//
// slotpay-core --batch [--repeat N] < requests.tsv: many requests in one process
// (parity tests, benchmarks). Each input line is OP, a tab, then the request JSON
// on one line, passed to the core byte for byte; each output line is the response.
// With --repeat N every line is run N times (only the first answer is printed) and
// the timing goes to stderr as "batch: CALLS calls in SECONDS s". Exit 0 unless a
// line has no tab (exit 2).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "slotpay/json.hpp"

namespace {

constexpr size_t kReadLimit = 64 * 1024 * 1024;  // stop reading absurd inputs early

int usage() {
  std::string ops;
  for (const auto& op : slotpay::operations()) ops += " " + op;
  std::cerr << "usage: slotpay-core OP < request.json\n"
               "       slotpay-core --batch [--repeat N] < requests.tsv   (OP<TAB>JSON per line)\n"
               "operations:"
            << ops << "\n";
  return 2;
}

std::string read_all(size_t limit) {
  std::string input;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
    input.append(buf, n);
    if (input.size() > limit) break;
  }
  return input;
}

int run_batch(long repeat) {
  const std::string input = read_all(SIZE_MAX);
  struct Line {
    std::string_view op, request;
  };
  std::vector<Line> lines;
  size_t start = 0;
  while (start < input.size()) {
    size_t end = input.find('\n', start);
    if (end == std::string::npos) end = input.size();
    std::string_view line(input.data() + start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      std::cerr << "slotpay-core --batch: line " << lines.size() + 1 << " has no tab\n";
      return 2;
    }
    lines.push_back({line.substr(0, tab), line.substr(tab + 1)});
  }
  std::string out;
  const auto t0 = std::chrono::steady_clock::now();
  size_t bytes = 0;
  for (long r = 0; r < repeat; ++r) {
    for (const auto& l : lines) {
      slotpay::Response resp = slotpay::run(l.op, l.request);
      if (r == 0) {
        out += resp.body;
        out += '\n';
      }
      bytes += resp.body.size();
    }
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (repeat > 1 || std::getenv("SLOTPAY_BATCH_TIMING") != nullptr)
    std::fprintf(stderr, "batch: %zu calls in %.6f s (%zu response bytes)\n",
                 lines.size() * static_cast<size_t>(repeat), seconds, bytes);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "--batch") == 0) {
    long repeat = 1;
    if (argc == 4 && std::strcmp(argv[2], "--repeat") == 0)
      repeat = std::atol(argv[3]);
    else if (argc != 2)
      return usage();
    if (repeat < 1) return usage();
    return run_batch(repeat);
  }
  if (argc != 2) return usage();
  const std::string input = read_all(kReadLimit);  // run() will refuse it as too large
  slotpay::Response r = slotpay::run(argv[1], input);
  std::fwrite(r.body.data(), 1, r.body.size(), stdout);
  std::fputc('\n', stdout);
  return r.unreadable ? 2 : 0;
}
