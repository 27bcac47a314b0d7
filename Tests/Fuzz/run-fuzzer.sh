#!/usr/bin/env bash
# Fuzzes with libFuzzer, in one of three modes:
#   Tests/Fuzz/run-fuzzer.sh [seconds] [lesson|structured|output|bibtex] [timeout] [rss-mb]  (default 600 lesson)
# timeout: the seconds one input may take (wall clock, libFuzzer's -timeout) before it counts as a hang; rss-mb: the
#   memory the process may reach, and one allocation may ask for (libFuzzer's -rss_limit_mb and so -malloc_limit_mb).
#   Defaults: 10 s and 2048 MiB (the structured lessons peaked at 114 MiB); structured 15 s, since its lessons
#   run up to 6 pieces, each directive stopped at its maxSecondsPerDirective of 2 s (StructuredFuzzing.limits),
#   and a hostile piece takes about 1 s at its largest. On a loaded machine, whose wall times stretch, pass more.
# lesson: the bytes are a lesson for the front end (math protection, cmark, directive YAML and keys, inline
#   values); seeds come from Tests/Fuzz/corpus.
# structured: the bytes choose a lesson from the lesson grammar (every directive with its keys, values of every
#   type, expressions over the lesson's names) and the whole pipeline runs it, execution included
#   (Sources/Workbook/Build/StructuredFuzzing.swift).
# output: the bytes choose an output folder with links, FIFOs and a tampered manifest in it, and the files a build
#   writes; the writer must never touch anything outside it, and write all or nothing
#   (Sources/Workbook/Build/StructuredFuzzing+OutputFolder.swift).
# bibtex: the bytes are a .bib file for the bibliography's reader, and a text scanned for citations
#   (Sources/Workbook/Bibliography, Bibliography.fuzz); seeds are Tests/Fuzz/corpus/bibtex-*.
# The inputs libFuzzer grows go to .build-fuzz/corpus-MODE, never into the repo. A crash is written to
# Tests/Fuzz/crashes/ (structured ones named structured-*, output ones output-*, bibtex ones bibtex-*), where FuzzRegressionTests replays it on every test
# run: commit it with the fix. Replay one by hand with: swift run workbook-fuzz Tests/Fuzz/crashes/<file>
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-600}"
mode="${2:-lesson}"
default_timeout=10
[ "$mode" = structured ] && default_timeout=15
timeout="${3:-$default_timeout}"
rss_mb="${4:-2048}"
limits=(-timeout="$timeout" -rss_limit_mb="$rss_mb")
swift build -c release --product workbook-fuzz --scratch-path .build-fuzz \
  -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING -Xswiftc -parse-as-library
mkdir -p ".build-fuzz/corpus-$mode" Tests/Fuzz/crashes
# Swift's own crash handler would catch a trap first, and libFuzzer would never write the input that caused it.
export SWIFT_BACKTRACE=enable=no
if [ "$mode" = output ]; then
  WORKBOOK_FUZZ=output .build-fuzz/release/workbook-fuzz ".build-fuzz/corpus-$mode" \
    -max_len=256 "${limits[@]}" \
    -max_total_time="$seconds" -artifact_prefix=Tests/Fuzz/crashes/output- -print_final_stats=1
elif [ "$mode" = bibtex ]; then
  cp Tests/Fuzz/corpus/bibtex-* ".build-fuzz/corpus-$mode/"
  WORKBOOK_FUZZ=bibtex .build-fuzz/release/workbook-fuzz ".build-fuzz/corpus-$mode" \
    -max_len=8192 "${limits[@]}" \
    -max_total_time="$seconds" -artifact_prefix=Tests/Fuzz/crashes/bibtex- -print_final_stats=1
elif [ "$mode" = structured ]; then
  WORKBOOK_FUZZ=structured .build-fuzz/release/workbook-fuzz ".build-fuzz/corpus-$mode" \
    -max_len=512 "${limits[@]}" \
    -max_total_time="$seconds" -artifact_prefix=Tests/Fuzz/crashes/structured- -print_final_stats=1
else
  cp Tests/Fuzz/corpus/* ".build-fuzz/corpus-$mode/"
  .build-fuzz/release/workbook-fuzz ".build-fuzz/corpus-$mode" \
    -dict=Tests/Fuzz/lesson.dict -max_len=8192 "${limits[@]}" \
    -max_total_time="$seconds" -artifact_prefix=Tests/Fuzz/crashes/ -print_final_stats=1
fi
