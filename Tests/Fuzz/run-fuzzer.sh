#!/usr/bin/env bash
# Fuzzes the lesson front end (math protection, cmark, directive YAML and keys, inline values) with libFuzzer.
#   Tests/Fuzz/run-fuzzer.sh [seconds]        (default 600)
# Seeds come from Tests/Fuzz/corpus; the inputs libFuzzer grows go to .build-fuzz/corpus, never into the repo.
# A crash is written to Tests/Fuzz/crashes/, where FuzzRegressionTests replays it on every test run: commit it
# with the fix. Replay one by hand with: swift run workbook-fuzz Tests/Fuzz/crashes/<file>
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-600}"
swift build -c release --product workbook-fuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING -Xswiftc -parse-as-library
mkdir -p .build-fuzz/corpus Tests/Fuzz/crashes
cp Tests/Fuzz/corpus/* .build-fuzz/corpus/
.build-fuzz/release/workbook-fuzz .build-fuzz/corpus \
  -dict=Tests/Fuzz/lesson.dict -max_len=8192 -timeout=10 -rss_limit_mb=4096 \
  -max_total_time="$seconds" -artifact_prefix=Tests/Fuzz/crashes/ -print_final_stats=1
