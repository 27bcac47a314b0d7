#!/usr/bin/env bash
# Regenerates Benchmarks/README.md: min-char-rnn's training task in the engine (release build: `bench charlm`, and
# the same training written as a lesson and built by `workbook build`), in numpy and in PyTorch (when installed),
# and LSTM and GRU language models in the engine and in PyTorch, alternating, several runs each, medians and
# ratios; then the course build (from scratch and no-op) with its peak memory.
#   Benchmarks/run.sh [ITERATIONS] [RUNS] [CORPUS]
set -euo pipefail
cd "$(dirname "$0")/.."
iterations="${1:-15000}"
runs="${2:-7}"
corpus="${3:-../shared/data/tinyshakespeare.txt}"
# Each program runs for a second or two per measurement: the interpreted ones get fewer iterations.
python_iterations=$((iterations / 30 > 100 ? iterations / 30 : 100))
big_iterations=$((iterations / 500 > 5 ? iterations / 500 : 5))
network_iterations=$((iterations / 50 > 20 ? iterations / 50 : 20))
# char-rnn's size: LSTM and GRU, H=256, 2 layers, T=50, B=32 (about 8 GFLOP per update), on 1 and on all threads.
large_iterations=$((iterations / 1500 > 10 ? iterations / 1500 : 10))
large=("lstm 1" "lstm $(nproc)" "gru 1" "gru $(nproc)")
declare -A large_engine large_torch large_line
swift build -c release --product workbook >/dev/null
# One core's nominal float64 peak, passed to the bench commands: the clock (cpu MHz) times 32 FLOP per cycle with
# AVX-512 (two 8-wide fused multiply-adds), 16 without (AVX2); measured while other processes share the core, a
# peak comes out as a fraction of it.
peak=$(awk -F: '/^cpu MHz/ && !mhz {mhz = $2} /^flags/ && !w {w = ($2 ~ / avx512f /) ? 32 : 16} END {printf "%.0f", mhz * w / 1000}' /proc/cpuinfo)
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
rate() { sed -E 's/.*: ([0-9.]+) it\/s.*/\1/'; }
# GFLOP per update (the products the bench command counts) and the core's float64 peak it measured, from one of its
# lines; then "x GFLOP/s, y% of the peak" for a median rate on a number of threads.
per_update() { sed -E 's/.*: ([0-9.]+) it\/s, .* ([0-9.]+) GFLOP\/s, .*\(([0-9.]+) GFLOP\/s each.*/\2 \1 \3/' | awk '{print $1 / $2, $3}'; }
peak_share() {
  read -r gflop peak <<<"$1"
  awk -v r="$2" -v g="$gflop" -v p="$peak" -v t="$3" 'BEGIN {printf "%.2f GFLOP/s, %.1f%% of the peak", r * g, 100 * r * g / (p * t)}'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
has_torch=$(python3 -c "import torch" 2>/dev/null && echo yes || echo no)
# min-char-rnn as a lesson: the notes' model (H=100, weights N(0, 0.01²) seed 42) trained with mode: stream,
# window 25, Adagrad 0.1, clip 5, summed loss on the first 200 KB of the corpus (split: none, characters in
# sorted order: min-char-rnn's vocabulary). Updates per second from the difference between a build with
# ITERATIONS updates and one with ITERATIONS/6, so that start-up, parsing and the loss over the text after
# training cancel out.
lessons=$(mktemp -d)
trap 'rm -rf "$lessons"' EXIT
lesson_small=$((iterations / 6))
for steps in "$lesson_small" "$iterations"; do
  mkdir -p "$lessons/$steps"
  head -c 200000 "$corpus" >"$lessons/$steps/text.txt"
  cat >"$lessons/$steps/min-char-rnn.md" <<LESSON
# min-char-rnn

\`\`\`rnn corpus
name: text
file: text.txt
split: none
tokens: characters
eos: false
order: sorted
\`\`\`

\`\`\`rnn model
name: charlm
corpus: text
hidden: 100
init: normal
scale: 0.01
seed: 42
\`\`\`

\`\`\`rnn train
model: charlm
corpus: text
mode: stream
window: 25
optimizer: adagrad
lr: 0.1
clip: 5
reduction: sum
smoothing: 0.999
steps: $steps
\`\`\`
LESSON
done
build_lesson() {
  local start end
  start=$(date +%s.%N)
  .build/release/workbook build "$lessons/$1/min-char-rnn.md" --no-cache --out "$lessons/out-$1" >/dev/null
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN {print b - a}'
}
lesson_rate() {
  local small big
  small=$(build_lesson "$lesson_small")
  big=$(build_lesson "$iterations")
  awk -v s="$small" -v b="$big" -v n=$((iterations - lesson_small)) 'BEGIN {printf "%.1f", n / (b - s)}'
}
engine=(); lesson=(); numpy=(); torch1=(); engine32=(); torch32=(); lstm=(); torchlstm=()
for _ in $(seq "$runs"); do
  line_charlm=$(.build/release/workbook bench charlm --peak-gflops "$peak" --corpus "$corpus" --iterations "$iterations" | tail -1)
  engine+=("$(echo "$line_charlm" | rate)")
  lesson+=("$(lesson_rate)")
  numpy+=("$(python3 Benchmarks/min_char_rnn_numpy.py "$corpus" "$python_iterations" | rate)")
  line_charlm32=$(.build/release/workbook bench charlm --peak-gflops "$peak" --corpus "$corpus" --iterations "$big_iterations" --hidden 512 --seq-length 35 --batch 32 --threads "$(nproc)" | tail -1)
  engine32+=("$(echo "$line_charlm32" | rate)")
  line_lstm=$(.build/release/workbook bench network --peak-gflops "$peak" --corpus "$corpus" --iterations "$network_iterations" | tail -1)
  lstm+=("$(echo "$line_lstm" | rate)")
  if [ "$has_torch" = yes ]; then
    torchlstm+=("$(python3 Benchmarks/network_torch.py "$corpus" "$network_iterations" | rate)")
    torch1+=("$(python3 Benchmarks/min_char_rnn_torch.py "$corpus" "$python_iterations" 100 25 1 1 | rate | sort -n | tail -1)")
    torch32+=("$(python3 Benchmarks/min_char_rnn_torch.py "$corpus" "$big_iterations" 512 35 32 "$(nproc)" | rate | sort -n | tail -1)")
  fi
  for config in "${large[@]}"; do
    read -r cell threads <<<"$config"
    large_line[$config]=$(.build/release/workbook bench network --peak-gflops "$peak" --corpus "$corpus" --iterations "$large_iterations" --cell "$cell" --hidden 256 --layers 2 --seq-length 50 --batch 32 --threads "$threads" | tail -1)
    large_engine[$config]+="$(echo "${large_line[$config]}" | rate) "
    if [ "$has_torch" = yes ]; then
      large_torch[$config]+="$(python3 Benchmarks/network_torch.py "$corpus" "$large_iterations" "$cell" 256 2 50 32 "$threads" | rate) "
    fi
  done
done
e=$(printf '%s\n' "${engine[@]}" | median)
le=$(printf '%s\n' "${lesson[@]}" | median)
n=$(printf '%s\n' "${numpy[@]}" | median)
e32=$(printf '%s\n' "${engine32[@]}" | median)
scratch=$(mktemp -d)
# Once, so that the engine the Swift cells link against is compiled (it is kept by content hash).
.build/release/workbook build --no-cache --out "$scratch" >/dev/null 2>&1
full=$( { /usr/bin/time -f "%e s, peak RSS %M KB" .build/release/workbook build --no-cache --out "$scratch" >/dev/null; } 2>&1 | tail -1)
.build/release/workbook build --out "$scratch" >/dev/null
noop=$( { /usr/bin/time -f "%e s, peak RSS %M KB" .build/release/workbook build --out "$scratch" >/dev/null; } 2>&1 | tail -1)
lessons=$(ls Lessons/*.md | wc -l)
rm -rf "$scratch"
{
  cat Benchmarks/README.head.md
  echo
  echo "## Figures ($(date +%Y-%m-%d))"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB;"
  echo "$(swift --version 2>&1 | head -1 | sed 's/ (.*//'), numpy $(python3 -c 'import numpy; print(numpy.__version__)')$( [ "$has_torch" = yes ] && echo ", PyTorch $(python3 -c 'import torch; print(torch.__version__)')" );"
  echo "load average when the runs ended: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Command: \`Benchmarks/run.sh $iterations $runs\`; medians of $runs alternating runs."
  echo
  echo "| measurement | median it/s | runs |"
  echo "|---|---:|---|"
  echo "| engine, H=100 T=25 B=1, 1 thread (\`bench charlm\`) | $e | ${engine[*]} |"
  echo "| engine, the same as a lesson (\`workbook build\`, mode: stream), 1 thread | $le | ${lesson[*]} |"
  echo "| numpy, H=100 T=25 B=1 | $n | ${numpy[*]} |"
  if [ "$has_torch" = yes ]; then
    t1=$(printf '%s\n' "${torch1[@]}" | median)
    t32=$(printf '%s\n' "${torch32[@]}" | median)
    echo "| PyTorch float64 eager (the faster of loop and nn.RNN), H=100 T=25 B=1, 1 thread | $t1 | ${torch1[*]} |"
  fi
  echo "| engine, H=512 T=35 B=32, $(nproc) threads | $e32 | ${engine32[*]} |"
  if [ "$has_torch" = yes ]; then
    echo "| PyTorch float64 eager (the faster of loop and nn.RNN), H=512 T=35 B=32, $(nproc) threads | $t32 | ${torch32[*]} |"
  fi
  for config in "${large[@]}"; do
    read -r cell threads <<<"$config"
    lm=$(printf '%s\n' ${large_engine[$config]} | median)
    echo "| engine, ${cell^^} language model H=256 L=2 T=50 B=32, $threads thread(s) | $lm | ${large_engine[$config]}|"
    if [ "$has_torch" = yes ]; then
      lt=$(printf '%s\n' ${large_torch[$config]} | median)
      echo "| PyTorch float64 eager nn.${cell^^}, H=256 L=2 T=50 B=32, $threads thread(s) | $lt | ${large_torch[$config]}|"
    fi
  done
  l=$(printf '%s\n' "${lstm[@]}" | median)
  echo "| engine, LSTM language model H=64 T=25 B=8, 1 thread | $l | ${lstm[*]} |"
  if [ "$has_torch" = yes ]; then
    tl=$(printf '%s\n' "${torchlstm[@]}" | median)
    echo "| PyTorch float64 eager nn.LSTM, H=64 T=25 B=8, 1 thread | $tl | ${torchlstm[*]} |"
  fi
  echo
  echo "- H=100, B=1: a lesson's min-char-rnn runs **$(ratio "$le" "$n")×** numpy's iterations per second, \`bench charlm\` $(ratio "$e" "$n")×$( [ "$has_torch" = yes ] && echo " and $(ratio "$e" "$t1")× PyTorch's" ) (medians);"
  echo "  run by run (each lesson run over the numpy run that followed it): $(for i in "${!lesson[@]}"; do printf '%s×\n' "$(ratio "${lesson[$i]}" "${numpy[$i]}")"; done | paste -sd, | sed 's/,/, /g')."
  if [ "$has_torch" = yes ]; then
    echo "- H=512, T=35, B=32, $(nproc) threads: the engine runs **$(ratio "$e32" "$t32")×** PyTorch's iterations per second."
  fi
  if [ "$has_torch" = yes ]; then
    echo "- LSTM language model (\`bench network\`), H=64, T=25, B=8, 1 thread: the engine runs $(ratio "$l" "$tl")× PyTorch's iterations per second."
  fi
  if [ "$has_torch" = yes ]; then
    for config in "${large[@]}"; do
      read -r cell threads <<<"$config"
      lm=$(printf '%s\n' ${large_engine[$config]} | median)
      lt=$(printf '%s\n' ${large_torch[$config]} | median)
      echo "- ${cell^^}, H=256, L=2, T=50, B=32, $threads thread(s): the engine runs **$(ratio "$lm" "$lt")×** PyTorch's iterations per second."
    done
  fi
  echo "- GFLOP/s of the products each engine row's bench command counts (the lesson's as \`bench charlm\`'s, the same"
  echo "  update), at its median rate, and their share of the float64 peak of the cores it ran on (one core's, nominal:"
  echo "  $peak GFLOP/s): a lesson's min-char-rnn $(peak_share "$(echo "$line_charlm" | per_update)" "$le" 1);"
  echo "  \`bench charlm\` $(peak_share "$(echo "$line_charlm" | per_update)" "$e" 1); H=512 B=32 on $(nproc) threads $(peak_share "$(echo "$line_charlm32" | per_update)" "$e32" "$(nproc)");"
  echo "  the small LSTM $(peak_share "$(echo "$line_lstm" | per_update)" "$l" 1);"
  for config in "${large[@]}"; do
    read -r cell threads <<<"$config"
    lm=$(printf '%s\n' ${large_engine[$config]} | median)
    echo "  ${cell^^} H=256 L=2 T=50 B=32 on $threads thread(s) $(peak_share "$(echo "${large_line[$config]}" | per_update)" "$lm" "$threads");"
  done
  echo "- Course build from scratch ($lessons lessons, Swift-cell engine already compiled, \`--no-cache\`): $full."
  echo "- No-op rebuild (every lesson from the cache): $noop."
  echo
  cat Benchmarks/README.tail.md
} > Benchmarks/README.md
cat Benchmarks/README.md
