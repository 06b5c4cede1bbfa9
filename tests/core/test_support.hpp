// Helpers shared by the core tests.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "json/json_value.hpp"
#include "slotpay/json.hpp"

namespace slotpay::test {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs an operation and parses its response.
inline nlohmann::json run_op(const std::string& op, const nlohmann::json& request) {
  return nlohmann::json::parse(slotpay::run(op, request.dump()).body);
}

// The core's JSON value of a request built with nlohmann (through its text).
inline slotpay::JsonValue to_value(const nlohmann::json& j) {
  slotpay::JsonValue v;
  (void)slotpay::JsonValue::parse(j.dump(), v);
  return v;
}

// The demo catalog of examples/, used across tests.
inline nlohmann::json demo_catalog() {
  return nlohmann::json::parse(
      read_file(std::string(SLOTPAY_TESTS_DIR) + "/../examples/demo-catalog.json"));
}

}  // namespace slotpay::test
