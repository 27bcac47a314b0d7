#!/usr/bin/env bash
# Two builds of the engine side by side: `workbook bench` of one binary, then of the other, alternating, ROUNDS
# times: each run's rate (wall clock, as the command prints it), its CPU time (user+system, GNU time) and its
# iterations per CPU second (start-up included; on a loaded machine the figure to compare). It shows whether a
# change, or the engine at another commit (built in a worktree with `swift build -c release`), is slower on this
# machine, where a ratio to PyTorch measured on another machine does not carry over.
#   Benchmarks/compare.sh OLD_WORKBOOK NEW_WORKBOOK [ROUNDS] [CORPUS]     # default: 3 rounds, tiny-shakespeare
# Rows: min-char-rnn (`bench charlm`, H=100 T=25 B=1), the LSTM and GRU at char-rnn's size (H=256 L=2 T=50 B=32)
# on one thread, the LSTM on two, and the small LSTM (H=64 T=25 B=8). The peak given is nominal (see run.sh).
set -euo pipefail
old="$1" new="$2" rounds="${3:-3}" corpus="${4:-$(dirname "$0")/../../shared/data/tinyshakespeare.txt}"
peak=$(awk -F: '/^cpu MHz/ && !mhz {mhz = $2} /^flags/ && !w {w = ($2 ~ / avx512f /) ? 32 : 16} END {printf "%.0f", mhz * w / 1000}' /proc/cpuinfo)
rows=(
  "charlm|charlm --iterations 5000"
  "lstm H=256 L=2 1 thread|network --cell lstm --hidden 256 --layers 2 --seq-length 50 --batch 32 --threads 1 --iterations 5"
  "gru H=256 L=2 1 thread|network --cell gru --hidden 256 --layers 2 --seq-length 50 --batch 32 --threads 1 --iterations 5"
  "lstm H=256 L=2 2 threads|network --cell lstm --hidden 256 --layers 2 --seq-length 50 --batch 32 --threads 2 --iterations 5"
  "lstm H=64 T=25 B=8|network --iterations 300"
)
echo "| round | binary | row | it/s (wall) | CPU s | it per CPU s |"
echo "|---|---|---|---:|---:|---:|"
for r in $(seq "$rounds"); do
  for which in old new; do
    binary=$old
    [ "$which" = new ] && binary=$new
    for row in "${rows[@]}"; do
      label=${row%%|*}
      read -r -a args <<<"${row#*|}"
      out=$( { /usr/bin/time -f "cpu %U %S" "$binary" bench "${args[@]}" --peak-gflops "$peak" --corpus "$corpus" | tail -1; } 2>&1)
      rate=$(echo "$out" | sed -nE 's/.*: ([0-9.]+) it\/s.*/\1/p' | head -1)
      cpu=$(echo "$out" | awk '/^cpu / {printf "%.2f", $2 + $3}')
      iterations=$(echo "${row#*|}" | sed -E 's/.*--iterations ([0-9]+).*/\1/')
      echo "| $r | $which | $label | $rate | $cpu | $(awk -v n="$iterations" -v c="$cpu" 'BEGIN {printf "%.1f", n / c}') |"
    done
  done
done
