#!/usr/bin/env bash
# Formats every tracked C++ file in place with clang-format (.clang-format).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
git ls-files -z '*.cpp' '*.hpp' '*.h' | xargs -0 -r clang-format -i
