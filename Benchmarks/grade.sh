#!/usr/bin/env bash
# Grading at the size of a class: N answer files for a lesson whose model each student's variant trains anew
# (200 Adam updates), graded by the release build; each variant is computed once, in parallel.
# To say where the time goes, each class is graded three ways:
#   trained    the lesson as it is: every variant reads, plans and executes the lesson, training included;
#   untrained  the same lesson without its `rnn train` block: the difference is the training;
#   no lesson  the files name a lesson that does not exist: reading the files and the roster, reporting each
#              file and writing the grades and the feedback, with no lesson executed.
#   Benchmarks/grade.sh [STUDENTS ...]        (default: 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -eq 0 ] && sizes=(1000 10000)
swift build -c release --product workbook >/dev/null
binary="$PWD/.build/release/workbook"
course=$(mktemp -d)
trap 'rm -rf "$course"' EXIT

lesson() {
  cat <<'LESSON'
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

LESSON
  if [ "$1" = trained ]; then
    printf '```rnn train\nmodel: m\noptimizer: adam\nlr: 0.05\nsteps: 200\n```\n\n'
  fi
  cat <<'LESSON'
```rnn loss instructor
model: m
input: hell
target: ello
```

```rnn exercise
id: trained
question: What is the model's mean loss on "hell" → "ello"?
answers:
  - name: J
    value: m.loss.mean
```
LESSON
}

# Grades the class in $course/class with the lesson given ($1) and prints one line.
run() {
  local label=$1 students=$2
  # (time's last line: before it, a line saying the exit status was 1, as it is when files name no lesson)
  (cd "$course/class" && /usr/bin/time -f "%e %U %S %M" -o ../time "$binary" grade --answers answers/*.yml \
    --roster roster.csv --out grades.csv >/dev/null 2>&1 || true)
  read -r seconds user system rss < <(tail -1 "$course/time")
  awk -v l="$label" -v n="$students" -v s="$seconds" -v c="$(echo "$user + $system" | bc)" -v r="$rss" \
    'BEGIN { printf "%-10s %6d students: %7.2f s (%7.2f s of processor time, %5.2f ms per student), peak RSS %4d MB\n", l, n, s, c, c * 1000 / n, r / 1024 }'
}

echo "workbook grade, release build, $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg) at the start"
for students in "${sizes[@]}"; do
  rm -rf "$course/class"
  mkdir -p "$course/class/Lessons" "$course/class/answers"
  { echo "id,name"; for i in $(seq 1 "$students"); do echo "s$i,Student $i"; done; } > "$course/class/roster.csv"
  for i in $(seq 1 "$students"); do
    printf 'student: "s%s"\nlesson: "01-trained"\nsubmitted: "2025-03-01T10:00:00Z"\nanswers:\n  "trained.J": "0.%s"\n' \
      "$i" "$i" > "$course/class/answers/s$i.yml"
  done
  lesson trained > "$course/class/Lessons/01-trained.md"
  run trained "$students"
  echo "           $(($(wc -l < "$course/class/grades.csv") - 1)) rows in grades.csv, $(ls "$course/class/feedback" | wc -l) feedback files"
  lesson untrained > "$course/class/Lessons/01-trained.md"
  run untrained "$students"
  mv "$course/class/Lessons/01-trained.md" "$course/class/Lessons/01-other.md"
  run "no lesson" "$students"
done
