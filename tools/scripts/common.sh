# Functions behind ./slotpay. Sourced with ROOT set to the checkout.

APT_PACKAGES=(
  cmake ninja-build g++ pkg-config git
  nlohmann-json3-dev catch2 libhowardhinnant-date-dev tzdata
  emscripten
  libcpp-httplib-dev libssl-dev libsqlite3-dev sqlite3
  chromium wrk nodejs
)

log() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }

slotpay_setup() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    # node may come from outside Debian (it does on these machines); then skip nodejs.
    if [ "$p" = nodejs ] && command -v node >/dev/null; then continue; fi
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing apt packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
  if [ -f "$ROOT/package-lock.json" ]; then
    # Reinstall only when the lock file changed since the last install.
    local stamp="$ROOT/node_modules/.slotpay-lock-stamp"
    if [ ! -f "$stamp" ] || ! cmp -s "$ROOT/package-lock.json" "$stamp"; then
      log "installing npm packages from package-lock.json"
      (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
      cp "$ROOT/package-lock.json" "$stamp"
    fi
  fi
}

# emcc 3.1.6's JS optimizer needs Debian's acorn; node here may not be Debian's.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"

slotpay_build() {
  log "building native (Release)"
  cmake --preset native >/dev/null
  cmake --build --preset native
  log "building wasm (Emscripten)"
  cmake --preset wasm >/dev/null
  cmake --build --preset wasm
}

slotpay_test() {
  log "native tests"
  ctest --preset native -j2
  log "wasm tests (node)"
  ctest --preset wasm
  log "core tests under AddressSanitizer + UndefinedBehaviorSanitizer"
  cmake --preset asan >/dev/null
  cmake --build --preset asan --target core_tests slotpay-core
  ctest --preset asan -j2
  # Suites that are not ctest-driven (browser, end-to-end), one script each.
  local suite
  for suite in "$ROOT"/tools/scripts/test.d/*.sh; do
    [ -e "$suite" ] || continue
    log "suite $(basename "$suite" .sh)"
    bash "$suite"
  done
}

slotpay_demo() {
  log "demo: quoting the demo catalog with the core CLI"
  local req
  req=$(printf '{"catalog": %s, "booking": {"service": "cut", "staff": "any", "start": "2026-12-01T10:00:00-05:00", "quantity": 1, "addons": ["wash"], "coupon": "WELCOME10", "tip": 0}}' "$(cat "$ROOT/examples/demo-catalog.json")")
  echo "$req" | "$ROOT/build/native/tools/slotpay-core" quote
}

slotpay_bench() {
  log "core benchmark (native)"
  "$ROOT/build/native/tools/slotpay-bench" "${1:-2}"
  log "core benchmark: WASM (node) vs native, same workloads"
  node "$ROOT/wasm/bench.mjs" --seconds "${1:-2}"
}
