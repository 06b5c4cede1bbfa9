#!/usr/bin/env bash
# Catch2 test names that ctest cannot pass back intact: CMake splits a name at ';' (the
# test then runs under two broken names and fails), and a name starting with '-' is read
# as an option. Caught here, before the native tests, with the file and line to fix.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
bad=$(git ls-files 'tests/*.cpp' | xargs grep -nE '(TEST_CASE|STORE_TEST)\(([a-z_0-9]+, *)?"([^"]*;|-)' || true)
if [ -n "$bad" ]; then
  echo "$bad" >&2
  echo "test names: no ';' in a Catch2 test name and none may start with '-' (ctest splits or misreads them)" >&2
  exit 1
fi
echo "test names: none with ';' or a leading '-'"
