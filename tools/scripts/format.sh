#!/usr/bin/env bash
# Formats in place: every tracked C++ file with clang-format (.clang-format), and the
# widget's TypeScript and tests with prettier (.prettierrc.json, tools/scripts/prettier-globs).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
git ls-files -z '*.cpp' '*.hpp' '*.h' | xargs -0 -r clang-format -i
mapfile -t globs < <(grep -v '^#' tools/scripts/prettier-globs | sed '/^$/d')
node "$(node -e "console.log(require.resolve('prettier/bin/prettier.cjs'))")" --write --log-level warn "${globs[@]}"
