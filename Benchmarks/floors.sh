#!/usr/bin/env bash
# Benchmarks/floors.swift compiled with the engine's core (Sources/RNN/Core) and its flags, then run: what the two
# largest parts of min-char-rnn's update cost at best on this machine. Prints a Markdown table.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mapfile -t flags < <(grep -v '^#' "$here/../Sources/RNN/compiler-flags.txt")
cp "$here/floors.swift" "$work/main.swift"
swiftc -O -wmo "${flags[@]}" "$work/main.swift" "$here"/../Sources/RNN/Core/*.swift -o "$work/floors"
"$work/floors"
