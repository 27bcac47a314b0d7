#!/usr/bin/env bash
# Times the live figures (`live: true`): an update per keystroke in headless Chromium (the engine's core compiled
# to WebAssembly, run by the page) against the same figure computed by the native engine, on the figures the
# issue budgets: lesson 01's forward pass (the hello model, H=3) and 200 characters sampled from lesson 18's
# two-layer LSTM (H=96, its characters; the corpus is read without <EOS>, so that no stop token ends a sample
# before its 200 characters: with <EOS>, a sample's default stop, the untrained model stopped after 3 to 142),
# plus lesson 18's sample as shipped (3 samples of up to 240 characters, each ending at its first ".", which the
# untrained model draws within a few dozen) and its highlight (a line of 50 characters coloured by probability,
# with 3 guesses under each). The weights are untrained
# (`untrained: true`): the time does not depend on their values, and nothing has to be trained first.
#   Benchmarks/live.sh [REPEATS]    # default 20
# WORKBOOK is the tool that builds the page and times the native figures (default: a release build of this
# checkout); NATIVE, when set, times the native figures instead (a release build whose engine is this one's).
set -euo pipefail
cd "$(dirname "$0")/.."
repeats="${1:-20}"
if [ -z "${WORKBOOK:-}" ]; then
  swift build -c release --product workbook >/dev/null
  WORKBOOK="$PWD/.build/release/workbook"
fi
native="${NATIVE:-$WORKBOOK}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/page/Lessons" "$work/native"
cp Lessons/data/shakespeare.txt "$work/page/Lessons/shakespeare.txt"
printf 'title: live figures, timed\n' >"$work/page/workbook.yml"
# The lesson: the figures, each once ($1 = live or not), then $2, $3, $4 and $5 more copies of each (not live).
lesson() {
  local live="live: $1" k line="But soft, what light through yonder window breaks?"
  cat <<LESSON
# Live figures, timed

\`\`\`rnn model
name: hello
vocabulary: [h, e, l, o]
hidden: 3
activation: tanh
init: normal
scale: 0.5
seed: 7
\`\`\`

\`\`\`rnn corpus
name: bard
file: shakespeare.txt
split: lines
tokens: characters
eos: false
\`\`\`

\`\`\`rnn model
name: poet
corpus: bard
cell: lstm
hidden: 96
layers: 2
init: uniform
seed: 7
\`\`\`

\`\`\`rnn forward
model: hello
input: hell
show: [h, yhat, top]
top: 2
id: f0
$live
\`\`\`

\`\`\`rnn sample
model: poet
prime: "ROMEO:"
length: 200
seed: 21
untrained: true
id: s0
$live
\`\`\`

\`\`\`rnn sample
model: poet
prime: "ROMEO:"
stop: "."
count: 3
length: 240
temperature: 0.7
seed: 21
untrained: true
id: t0
$live
\`\`\`

\`\`\`rnn highlight
model: poet
sequence: "$line"
value: probability
guesses: 3
format: .2f
id: h0
$live
\`\`\`
LESSON
  for ((k = 1; k <= $2; k++)); do
    printf '\n```rnn forward\nmodel: hello\ninput: %s\nshow: [h, yhat, top]\ntop: 2\nid: f%d\n```\n' "$([ $((k % 2)) = 1 ] && echo hel || echo hell)" "$k"
  done
  for ((k = 1; k <= $3; k++)); do
    printf '\n```rnn sample\nmodel: poet\nprime: "ROMEO:"\nlength: 200\nseed: %d\nuntrained: true\nid: s%d\n```\n' $((21 + k)) "$k"
  done
  for ((k = 1; k <= $4; k++)); do
    printf '\n```rnn sample\nmodel: poet\nprime: "ROMEO:"\nstop: "."\ncount: 3\nlength: 240\ntemperature: 0.7\nseed: %d\nuntrained: true\nid: t%d\n```\n' $((21 + k)) "$k"
  done
  for ((k = 1; k <= $5; k++)); do
    printf '\n```rnn highlight\nmodel: poet\nsequence: "%s"\nvalue: probability\nguesses: 3\nformat: .2f\nid: h%d\n```\n' \
      "$([ $((k % 2)) = 1 ] && echo "${line%?}" || echo "$line")" "$k"
  done
}
lesson true 0 0 0 0 >"$work/page/Lessons/live.md"
(cd "$work/page" && "$WORKBOOK" build --no-cache --cache-dir "$work/cache" >/dev/null)
# The browser: a copy of the page with the probe, its DOM after the probe ran. No virtual time: the probe reads
# the clock.
page="$work/page/Output/live.html"
cp Benchmarks/live_probe.js "$work/page/Output/live_probe.js"
sed -e "s|<html |<html data-wb-bench-repeats=\"$repeats\" |" \
  -e 's|</body>|<script defer src="live_probe.js"></script></body>|' "$page" >"$work/page/Output/live-bench.html"
# The probe's updates end after the page has loaded (a sample is drawn in slices), so the page is driven by
# chromedriver (its HTTP protocol, from Python's standard library) until the probe has written its results.
port=$((9500 + RANDOM % 400))
chromedriver --port="$port" >/dev/null 2>&1 &
driver=$!
python3 - "$port" "file://$work/page/Output/live-bench.html" >"$work/browser.json" <<'PY' || { kill "$driver"; exit 1; }
import json, sys, time, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}"
def call(method, path, body=None):
    request = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request, timeout=600))["value"]
for _ in range(100):
    try:
        call("GET", "/status")
        break
    except OSError:
        time.sleep(0.1)
options = {"args": ["--headless", "--no-sandbox", "--disable-gpu"]}
session = call("POST", "/session", {"capabilities": {"alwaysMatch": {"goog:chromeOptions": options}}})["sessionId"]
try:
    call("POST", f"/session/{session}/url", {"url": sys.argv[2]})
    script = "var e = document.getElementById('wb-live-bench'); return e ? e.textContent : null;"
    for _ in range(3000):
        found = call("POST", f"/session/{session}/execute/sync", {"script": script, "args": []})
        if found:
            print(found)
            break
        time.sleep(0.2)
    else:
        sys.exit("the probe did not finish in 10 minutes")
finally:
    call("DELETE", f"/session/{session}")
PY
kill "$driver"
# The native engine: the lesson built without copies and with copies of one figure (10 x REPEATS of the forward
# pass, REPEATS of a sample), three builds of each, the least CPU time (user + system) kept: the difference over
# the copies is one figure's CPU time (start-up, the corpus and the page cancel out). CPU time, because a build's
# wall time on a shared machine is mostly other processes'.
build_time() {
  mkdir -p "$work/native/$1/Lessons"
  cp "$work/page/workbook.yml" "$work/native/$1/"
  cp "$work/page/Lessons/shakespeare.txt" "$work/native/$1/Lessons/"
  lesson false "$2" "$3" "$4" "$5" >"$work/native/$1/Lessons/live.md"
  local best="" cpu
  for _ in 1 2 3; do
    cpu=$(cd "$work/native/$1" && /usr/bin/time -f "%U %S" "$native" build --no-cache --jobs 1 --cache-dir "$work/cache" \
      2>&1 >/dev/null | tail -1)
    best=$(echo "$cpu" | awk -v best="$best" '{t = $1 + $2; print (best == "" || t < best) ? t : best}')
  done
  echo "$best"
}
if [ "$native" = skip ]; then
  base=0 forward=0 sample=0 shipped=0 highlight=0
else
  base=$(build_time base 0 0 0 0)
  forward=$(build_time forward $((10 * repeats)) 0 0 0)
  sample=$(build_time sample 0 "$repeats" 0 0)
  shipped=$(build_time shipped 0 0 "$repeats" 0)
  highlight=$(build_time highlight 0 0 0 "$repeats")
fi
python3 - "$work/browser.json" "$repeats" "$base" "$forward" "$sample" "$shipped" "$highlight" <<'PY'
import json, statistics, sys
browser, repeats = json.load(open(sys.argv[1])), int(sys.argv[2])
base, builds = float(sys.argv[3]), [float(t) for t in sys.argv[4:8]]
names = ["lesson 01's forward pass (hello, H=3, 4 steps)", "200 characters sampled from lesson 18's LSTM (2 layers, H=96)",
         "lesson 18's sample as shipped (3 x 240 characters)", "lesson 18's highlight (50 characters, 3 guesses each)"]
print("| figure | browser (WebAssembly), median [min, max] ms per update | longest the page did not answer, median [max] ms | "
      "5 keystrokes 30 ms apart, first to done, ms | native ms per figure |")
print("|---|---:|---:|---:|---:|")
spread = lambda t: f"{statistics.median(t):.1f} [{min(t):.1f}, {max(t):.1f}]"
for figure, name, built, copies in zip(browser, names, builds, [10 * repeats, repeats, repeats, repeats]):
    t, b = figure["times"], figure.get("blocked", [])
    shown = spread(t) if t else f"not live ({figure['state']}: {figure['message']})"
    blocked = f"{statistics.median(b):.1f} [{max(b):.1f}]" if b else ""
    burst = f"{figure['burst']:.1f}" if figure.get("burst") is not None else ""
    native = "not timed" if base == 0 else f"{1000 * (built - base) / copies:.2f}"
    print(f"| {name} | {shown} | {blocked} | {burst} | {native} |")
if not all(figure["times"] for figure in browser):
    sys.exit("a figure is not live: the page was built without its WebAssembly module")
print(f"\n{len(browser[0]['times'])} updates per figure in the browser (wall time); native builds of {base:.2f} CPU s "
      "without copies.")
PY
