// The core's JSON entry point exposed to JavaScript through embind. Nothing else:
// every decision about prices, slots or errors lives in core/ (see slotpay/json.hpp),
// so the module answers exactly what the native CLI answers.
//
// JavaScript surface (wrapped by slotpay-core.mjs, typed in slotpay-core.d.ts):
//   run(op: string, request: string | Uint8Array): string   the response JSON
//   operations(): string[]                                   run()'s operation names
//   version(): string                                        the project version
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>

#include "slotpay/json.hpp"

namespace {

// `request` arrives as UTF-8 bytes: embind encodes a JS string, or copies a
// Uint8Array as is (so byte-level input, even invalid UTF-8, reaches the core
// exactly as the CLI's stdin would).
std::string run(const std::string& op, const std::string& request) {
  return slotpay::run(op, request).body;
}

emscripten::val operations() {
  emscripten::val names = emscripten::val::array();
  for (const auto& name : slotpay::operations()) names.call<void>("push", name);
  return names;
}

std::string version() { return SLOTPAY_VERSION; }

}  // namespace

EMSCRIPTEN_BINDINGS(slotpay) {
  emscripten::function("run", &run);
  emscripten::function("operations", &operations);
  emscripten::function("version", &version);
}
