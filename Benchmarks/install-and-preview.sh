#!/usr/bin/env bash
# The installed tool as a new user meets it, in a folder outside this checkout (release build):
#   1. `make install PREFIX=<temp>`: how long it takes;
#   2. `workbook new` then the first `workbook build` of its lesson, which has a Swift cell: with the engine the
#      install compiled in advance, against the same build with the engine compiled on first use;
#   3. `workbook preview`: the time from saving a lesson (no training) to the reloaded page in headless Chromium.
#   Benchmarks/install-and-preview.sh [SAVES]
set -euo pipefail
cd "$(dirname "$0")/.."
saves="${1:-9}"
prefix=$(mktemp -d)
course=$(mktemp -d)
trap 'rm -rf "$prefix" "$course"' EXIT
start=$(date +%s.%N)
make install PREFIX="$prefix" >/dev/null
echo "make install: $(echo "$(date +%s.%N) - $start" | bc) s (release build of the tool, engine compiled in advance)"
"$prefix/bin/workbook" new "$course/prebuilt" --title Bench >/dev/null
(cd "$course/prebuilt" && /usr/bin/time -f "first build of the new course (Swift cell, prebuilt engine): %e s" \
  "$prefix/bin/workbook" build >/dev/null)
# The same first build when the engine is compiled on first use: the tool run from this checkout's release build.
"$prefix/bin/workbook" new "$course/compiled" --title Bench >/dev/null
(cd "$course/compiled" && /usr/bin/time -f "first build of the new course (Swift cell, engine compiled on first use): %e s" \
  "$OLDPWD/.build/release/workbook" build >/dev/null)
python3 .ci/preview_reload_check.py "$prefix/bin/workbook" --repeat "$saves"
