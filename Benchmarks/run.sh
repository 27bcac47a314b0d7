#!/usr/bin/env bash
# Regenerates the figures of Benchmarks/README.md: min-char-rnn's training task in the engine (release build)
# and in numpy, alternating, several runs each; prints the median of each and their ratio, then the course build
# (from scratch and no-op) with its peak memory.
#   Benchmarks/run.sh [ITERATIONS] [RUNS] [CORPUS]
set -euo pipefail
cd "$(dirname "$0")/.."
iterations="${1:-1000}"
runs="${2:-5}"
corpus="${3:-../shared/data/tinyshakespeare.txt}"
swift build -c release --product workbook >/dev/null
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
engine=(); numpy=()
for _ in $(seq "$runs"); do
  engine+=("$(.build/release/workbook bench charlm --corpus "$corpus" --iterations "$iterations" | tail -1 | sed -E 's/.*: ([0-9.]+) it\/s.*/\1/')")
  numpy+=("$(python3 Benchmarks/min_char_rnn_numpy.py "$corpus" "$((iterations / 2))" | sed -E 's/.*: ([0-9.]+) it\/s.*/\1/')")
done
e=$(printf '%s\n' "${engine[@]}" | median)
n=$(printf '%s\n' "${numpy[@]}" | median)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "charlm H=100 T=25 B=1, $iterations iterations, median of $runs runs: engine $e it/s, numpy $n it/s, ratio $(awk -v a="$e" -v b="$n" 'BEGIN {printf "%.2f", a / b}')x"
echo "engine runs: ${engine[*]}"
echo "numpy runs:  ${numpy[*]}"
scratch=$(mktemp -d)
/usr/bin/time -f "course build from scratch (cached Swift engine): %e s, peak %M KB" .build/release/workbook build --no-cache --out "$scratch" >/dev/null
.build/release/workbook build --out "$scratch" >/dev/null
/usr/bin/time -f "no-op rebuild (every lesson from the cache): %e s, peak %M KB" .build/release/workbook build --out "$scratch" >/dev/null
rm -rf "$scratch"
