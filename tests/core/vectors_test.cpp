// The golden vectors of tests/vectors/ through run() inside the test binary, so
// that the same files are checked natively and in the WASM build (under node): both
// must print exactly the stored response, byte for byte (JSON.stringify form).
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "ops.hpp"
#include "slotpay/json.hpp"
#include "test_support.hpp"

TEST_CASE("golden vectors give byte-identical responses", "[vectors]") {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(SLOTPAY_TESTS_DIR) / "vectors";
  std::vector<fs::path> files;
  for (const auto& op : fs::directory_iterator(root)) {
    if (!op.is_directory()) continue;
    for (const auto& f : fs::directory_iterator(op.path()))
      if (f.path().extension() == ".json") files.push_back(f.path());
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() > 40);
  for (const auto& f : files) {
    INFO(f.string());
    auto vec = nlohmann::json::parse(slotpay::test::read_file(f.string()));
    const std::string op = vec["op"].get<std::string>();
    // JSON.stringify keeps key order as stored, like ordered_json's dump().
    const std::string want =
        nlohmann::ordered_json::parse(slotpay::test::read_file(f.string()))["response"].dump();
    const std::string got = slotpay::run(op, vec["request"].dump()).body;
    CHECK(got == want);
    // availability writes its body directly; it must equal the JSON-value path.
    if (op == "availability")
      CHECK(slotpay::ops::dump_doc(
                slotpay::ops::availability(slotpay::test::to_value(vec["request"]))) == got);
  }
}
