#!/usr/bin/env bash
# Grading at the size of a class: 1,000 answer files for a lesson whose model is trained (each student's variant
# trains its own model, 200 updates), graded by the release build; each variant is computed once, in parallel.
#   Benchmarks/grade.sh [STUDENTS]
set -euo pipefail
cd "$(dirname "$0")/.."
students="${1:-1000}"
swift build -c release --product workbook >/dev/null
course=$(mktemp -d)
trap 'rm -rf "$course"' EXIT
mkdir -p "$course/Lessons" "$course/answers"
cat > "$course/Lessons/01-trained.md" <<'LESSON'
# A trained model's exercise

```rnn corpus
name: word
sentences: [hello, help, hell]
tokens: characters
```

```rnn model
name: m
corpus: word
hidden: 8
init: uniform
seed: 3
vary: seed
```

```rnn train
model: m
optimizer: adam
lr: 0.05
steps: 200
```

```rnn loss instructor
model: m
input: hell
target: ello
```

```rnn exercise
id: trained
question: What is the trained model's mean loss on "hell" → "ello"?
answers:
  - name: J
    value: m.loss.mean
```
LESSON
{ echo "id,name"; for i in $(seq 1 "$students"); do echo "s$i,Student $i"; done; } > "$course/roster.csv"
for i in $(seq 1 "$students"); do
  printf 'student: "s%s"\nlesson: "01-trained"\nanswers:\n  "trained.J": "0.%s"\n' "$i" "$i" > "$course/answers/s$i.yml"
done
repo=$PWD
cd "$course"
/usr/bin/time -f "graded $students answer files (each a variant with its own trained model) in %e s, peak RSS %M KB, on $(nproc) cores" \
  "$repo/.build/release/workbook" grade --answers answers/*.yml --roster roster.csv --out grades.csv
wc -l < grades.csv
