// The core's JSON face: one entry point shared by the CLI, the WASM module and
// the server, so that the same request gives byte-identical JSON everywhere.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace slotpay {

struct Response {
  std::string body;         // always a JSON document
  bool unreadable = false;  // the request itself could not be read (bad JSON, too
                            // large, too deep): the CLI exits 2 for these
};

// Runs operation `op` ("currency", "quote", "availability", "validate", "cancel")
// on a JSON request. Never throws and never aborts: every failure is an error
// document {"error": {"code", "field", "message"}} (or, for validate,
// {"ok": false, "errors": [...]}).
Response run(std::string_view op, std::string_view request_json);

// The operation names run() accepts, in a stable order.
std::vector<std::string> operations();

}  // namespace slotpay
