#!/usr/bin/env bash
# Catch2 test names that ctest cannot pass back intact: CMake splits a name at ';' (the
# test then runs under two broken names and fails), and a name starting with '-' is read
# as an option. Caught here, before the native tests, with the file and line to fix.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
# Names may be split over lines (TEST_CASE(\n "name")), so the files are read whole.
bad=$(git ls-files 'tests/*.cpp' | python3 -c '
import re, sys
pattern = re.compile(r"\b(?:TEST_CASE|STORE_TEST)\(\s*(?:[a-z_0-9]+\s*,\s*)?\"([^\"]*)\"")
for path in sys.stdin.read().split():
    text = open(path, encoding="utf-8").read()
    for m in pattern.finditer(text):
        if ";" in m.group(1) or m.group(1).startswith("-"):
            line = text.count("\n", 0, m.start()) + 1
            print(f"{path}:{line}: {m.group(1)}")
')
if [ -n "$bad" ]; then
  echo "$bad" >&2
  echo "test names: no ';' in a Catch2 test name and none may start with '-' (ctest splits or misreads them)" >&2
  exit 1
fi
echo "test names: none with ';' or a leading '-'"
