#!/usr/bin/env bash
# Formatting is checked, not hoped for: every tracked C++ file must be as clang-format
# (.clang-format, Google base) writes it. Fix with: tools/scripts/format.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h')
if [ ${#files[@]} -eq 0 ]; then echo "format: no C++ files?" >&2; exit 1; fi
if ! clang-format --dry-run -Werror "${files[@]}"; then
  echo "format: the files above are not clang-formatted; run tools/scripts/format.sh" >&2
  exit 1
fi
echo "format: ${#files[@]} C++ files clang-formatted"
