#!/usr/bin/env bash
# Formatting is checked, not hoped for: the widget's TypeScript and its tests must be as
# prettier (.prettierrc.json) writes them. Files: tools/scripts/prettier-globs.
# Fix with: tools/scripts/format.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
PRETTIER="$(node -e "console.log(require.resolve('prettier/bin/prettier.cjs'))" 2>/dev/null || true)"
if [ -z "$PRETTIER" ]; then
  echo "format-web: npm package prettier missing: run 'npm ci' (or ./slotpay setup) first" >&2
  exit 1
fi
mapfile -t globs < <(grep -v '^#' tools/scripts/prettier-globs | sed '/^$/d')
if ! node "$PRETTIER" --check --log-level warn "${globs[@]}"; then
  echo "format-web: the files above are not prettier-formatted; run tools/scripts/format.sh" >&2
  exit 1
fi
echo "format-web: the widget sources and tests are prettier-formatted (${#globs[@]} globs)"
