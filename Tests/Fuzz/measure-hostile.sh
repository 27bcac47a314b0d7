#!/usr/bin/env bash
# Builds every hostile case on its own with the release binary and prints, per case, its exit status, wall time,
# CPU time (user + system: the shared machine's load stretches the wall time more than these) and peak memory
# (GNU time), then the worst of each: the figures of the README's reliability section.
#   Tests/Fuzz/measure-hostile.sh [results.tsv]
# Cases: every broken lesson of Tests/WorkbookTests/Fixtures/broken, and cases that cannot be committed as files
# (a FIFO, a 1 GiB sparse file, a cell that prints 100 MB, directives that would run for minutes or allocate
# gigabytes, YAML nested 400,000 deep, a megabyte of unclosed math, of headings or of plain prose, a cell that leaves a
# program running).
set -euo pipefail
cd "$(dirname "$0")/../.."
results="${1:-/dev/stdout}"
swift build -c release --product workbook >/dev/null
binary="$PWD/.build/release/workbook"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

measure() { # name folder [extra arguments]
  local name="$1" folder="$2"
  shift 2
  local status=0
  ( cd "$folder" && /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$binary" build --no-cache --cache-dir "$work/cache" \
      --limit maxSecondsPerDirective=5 "$@" >/dev/null 2>&1 ) || status=$?
  # GNU time's last line holds the figures (a line before it reports a non-zero exit).
  read -r seconds user system kilobytes < <(tail -n 1 "$work/time") || true
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$status" "$seconds" "$(echo "$user + $system" | bc)" "$((kilobytes / 1024))"
}

case_folder() { # name -> a fresh course folder
  local folder="$work/$1"
  mkdir -p "$folder/Lessons"
  echo "$folder"
}

{
  printf 'case\texit\tseconds\tCPU seconds\tpeak MiB\n'
  for lesson in Tests/WorkbookTests/Fixtures/broken/[0-9]*.md; do
    folder="$(case_folder "$(basename "$lesson" .md)")"
    cp "$lesson" "$folder/Lessons/"
    measure "$(basename "$lesson")" "$folder"
  done

  folder="$(case_folder fifo)"
  mkfifo "$folder/Lessons/data.txt"
  printf '# FIFO\n\n```rnn corpus\nname: c\nfile: data.txt\n```\n' >"$folder/Lessons/01.md"
  measure "corpus file is a FIFO" "$folder"

  folder="$(case_folder sparse)"
  truncate -s 1G "$folder/Lessons/data.txt"
  printf '# Sparse\n\n```rnn corpus\nname: c\nfile: data.txt\n```\n' >"$folder/Lessons/01.md"
  measure "corpus file of 1 GiB (sparse)" "$folder"

  folder="$(case_folder flood)"
  printf '# Flood\n\n```swift run\nlet line = String(repeating: "x", count: 1023)\nfor _ in 0..<(100 * 1024) { print(line) }\n```\n' \
    >"$folder/Lessons/01.md"
  measure "Swift cell printing 100 MB" "$folder"

  sequence="$(python3 -c 'import random; random.seed(1); print("".join(random.choice("ab") for _ in range(20000)))')"
  for directive in forward loss backward gradient-flow; do
    folder="$(case_folder "$directive")"
    printf '# Big\n\n```rnn model\nname: m\ncharacters: ab\nhidden: 1500\nseed: 1\n```\n\n```rnn %s\nmodel: m\nsequence: %s\n```\n' \
      "$directive" "$sequence" >"$folder/Lessons/01.md"
    measure "$directive, H=1500 over 20,000 tokens" "$folder"
  done

  folder="$(case_folder sample)"
  printf '# Big\n\n```rnn model\nname: m\ncharacters: ab\nhidden: 4000\nseed: 1\n```\n\n```rnn sample\nmodel: m\nlength: 10000\nuntrained: true\n```\n' \
    >"$folder/Lessons/01.md"
  measure "sample, H=4000, 10,000 tokens" "$folder"

  folder="$(case_folder expression)"
  printf '# Big\n\n```rnn model\nname: m\ncharacters: ab\nhidden: 3000\nseed: 1\n```\n\n```rnn check\n- value: sum(m.W_h @ m.W_h @ m.W_h)\n  equals: 0\n```\n' \
    >"$folder/Lessons/01.md"
  measure "expression W_h @ W_h @ W_h, H=3000" "$folder"

  folder="$(case_folder bomb)"
  {
    printf '# Bomb\n\n```rnn model\nname: m\nvocabulary: [a, b]\nhidden: 2\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n'
    for i in $(seq 1 20); do
      printf 'a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n' "$i" "$i" \
        $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1)) $((i - 1))
    done
    printf '```\n'
  } >"$folder/Lessons/01.md"
  measure "YAML alias bomb (10^21 nodes)" "$folder"

  for depth in 50000 400000; do
    folder="$(case_folder "deep-yaml-$depth")"
    python3 -c "import sys; d = int(sys.argv[1]); print('# Deep\n\n\x60\x60\x60rnn check\n- value: 1\n  equals: ' + '[' * d + ']' * d + '\n\x60\x60\x60')" \
      "$depth" >"$folder/Lessons/01.md"
    measure "YAML flow list nested $depth deep" "$folder"
  done

  folder="$(case_folder prose)"
  python3 -c "print('# Prose\n\n' + '\$a ' * 340000)" >"$folder/Lessons/01.md"
  measure "1 MB of prose: 340,000 unclosed \$ (builds, 100 warnings shown)" "$folder"

  folder="$(case_folder headings)"
  python3 -c "print('# Headings\n\n' + '## A\n\n' * 170000)" >"$folder/Lessons/01.md"
  measure "1 MB of headings: 170,000 of one name (builds: a page, its Markdown, its contents and its search index)" "$folder"

  folder="$(case_folder plain-prose)"
  python3 -c "
import random
random.seed(1)
words = 'the hidden state gradient vanishes through time steps recurrent weights loss softmax model sequence'.split()
out, size = ['# Prose\n'], 0
while size < 1000000:
    sentence = [random.choice(words) for _ in range(12)]
    sentence[2], sentence[5] = '*' + sentence[2] + '*', '\$h_t\$'
    paragraph = ' '.join(sentence).capitalize() + '. ' + ' '.join(random.choice(words) for _ in range(60)) + '.'
    out += ['## Section %d\n' % len(out)] if len(out) % 10 == 1 else []
    out.append(paragraph + '\n')
    size += len(paragraph) + 2
print('\n'.join(out))
" >"$folder/Lessons/01.md"
  measure "1 MB of prose: paragraphs with emphasis and math, a section every ten" "$folder"

  folder="$(case_folder values)"
  python3 -c "print('# Values\n\n' + '{{ ' * 20000 + 'x\n\n' + '<a ' * 20000 + '\n\n' + '# A\n\n' * 20000)" \
    >"$folder/Lessons/01.md"
  measure "20,000 unclosed {{ and <a on a line, 20,000 headings of one name" "$folder"

  # Shapes a search for super-linear time found (2026-12-05), each once quadratic in its count or worse.
  folder="$(case_folder shortcodes)"
  python3 -c "print('# Tags\n\n' + ''.join(o * 20000 + 'x\n\n' for o in ['{{< ', '{{% ', '{% ', '{{< katex ']))" \
    >"$folder/Lessons/01.md"
  measure "20,000 unclosed {{< , {{% , {% and {{< katex on a line each (were 2.0, 2.1, 1.6, 9.0 s)" "$folder"

  folder="$(case_folder blocks)"
  python3 -c "print('# Blocks\n\n' + '- item\n\n  ::: {.callout-note}\n  x\n  :::\n\n' * 20000 + 'a\n: b\n\n' * 20000 + ''.join('[^%d]: d\n' % i for i in range(20000)))" \
    >"$folder/Lessons/01.md"
  measure "20,000 callouts in list items, 20,000 definition lists in a row, 20,000 footnote definitions in a row" "$folder"

  folder="$(case_folder nested-callouts)"
  python3 -c "print('# Nested\n\n' + '::: {.callout-note}\n' * 40000 + ':::\n' * 40000)" >"$folder/Lessons/01.md"
  measure "40,000 nested callouts (an error at the 33rd; were 37 s and 3.2 GB)" "$folder"

  folder="$(case_folder labels)"
  python3 -c "print('# Labels\n\n' + ''.join('\$\$x\$\$ {#eq-e%d}\n\n## H%d\n\n' % (i, i) for i in range(5000)) + '@eq-zzz\n\n[x](#zzz)\n\n' * 5000 + '## A {#sec-a}\n\n' * 20000)" \
    >"$folder/Lessons/01.md"
  measure "5,000 unknown references and links to a missing anchor among 5,000 labels, 20,000 duplicate labels" "$folder"

  folder="$(case_folder yaml-and-checks)"
  python3 -c "print('---\ntags:\n' + '  - a\n' * 20000 + 'jupyter:\n' + ''.join('  k%d: 1\n' % i for i in range(20000)) + '---\n\n# Checks\n\n' + '\x60\x60\x60rnn check\nvalue: 1\nequals: 1\n\x60\x60\x60\n\n' * 10000)" \
    >"$folder/Lessons/01.md"
  measure "20,000 front-matter tags and 20,000 keys, 10,000 checks" "$folder"

  folder="$(case_folder deep-items)"
  python3 -c "
i = ' ' * 62
print('# Deep\\n\\n' + ''.join('  ' * k + '- item\\n' for k in range(31)) + i + 'text\\n' + i + '::: {.callout-note}\\n' + i + 'x\\n' + i + ':::\\n' + (i + chr(36) + 'a +\\n' + i + 'b' + chr(36) + ' c\\n') * 20000)" \
    >"$folder/Lessons/01.md"
  measure "a callout and 20,000 math spans over two lines, 31 list items deep (26 deep took 22 s, 2^depth)" "$folder"

  folder="$(case_folder citations)"
  python3 -c "print(''.join('@article{key%05d,\n  title={T},\n  author={A, B},\n  journal={J},\n  year={2000}\n}\n' % i for i in range(5000)))" \
    >"$folder/Lessons/refs.bib"
  python3 -c "print('---\nbibliography: refs.bib\n---\n# Cites\n\n' + ''.join('See [@unknown%05d].\n\n' % i for i in range(5000)))" \
    >"$folder/Lessons/01.md"
  measure "5,000 unknown citation keys among 5,000 entries (was 48 s)" "$folder"

  folder="$(case_folder bib-macros)"
  python3 -c "
lines = ['@string{s0 = \"Ada Lovelace and Alan Turing and \"}'] + ['@string{s%d = s%d # s%d}' % (i, i - 1, i - 1) for i in range(1, 11)]
lines += ['@article{key%d, author = s10 # \"Grace Hopper\", title = s10, journal = {J}, year = 2020}' % k for k in range(1000)]
print('\n'.join(lines))" >"$folder/Lessons/refs.bib"
  printf -- '---\nbibliography: refs.bib\n---\n# Cites\n\nSee [@key1].\n' >"$folder/Lessons/01.md"
  measure "an 89 KB .bib whose @string macros expand past the 32 MiB cap: 2 million names (was 10.8 s)" "$folder"

  # The search of 2026-12-06: a MyST figure or glossary left open, unknown footnotes, terms and models among many.
  folder="$(case_folder unknown-names)"
  python3 -c "
t = ':::{figure} a.png\\n' * 5000 + ''.join('x[^zz%d]\\n\\n' % i for i in range(5000)) + ''.join('[^d%d]: n\\n' % i for i in range(5000))
t += '\\n\x60\x60\x60{glossary}\\n' + ''.join('Term%d\\n  def\\n' % i for i in range(1000)) + '\x60\x60\x60\\n\\n' + ' '.join('{term}\x60Tern%d\x60' % i for i in range(1000))
t += '\\n\\n' + ''.join('\x60\x60\x60rnn model\\nname: m%d\\nvocabulary: [a, b]\\nhidden: 2\\n\x60\x60\x60\\n\\n\x60\x60\x60rnn forward\\nmodel: q%d\\ninput: ab\\n\x60\x60\x60\\n\\n' % (i, i) for i in range(1000))
print('# Names\\n\\n' + t)" >"$folder/Lessons/01.md"
  measure "5,000 unclosed MyST figures; 5,000 unknown footnotes, 1,000 unknown terms and models among as many (were 16 s, 15 s, 0.9 s, 1.1 s)" "$folder"

  folder="$(case_folder searched-to-the-end)"
  python3 -c "print('# Ends\\n\\nx[^1]\\n\\n' + '[^a ' * 20000 + ']\\n\\n[^1]: n\\n\\nx' + '_www.a' * 20000 + ' https://a.b' + ')' * 20000 + '\\n\\n' + chr(92) + 'begin{equation}\\n' * 20000 + '\\nx ' + ('-' + chr(92) + '(') * 80000 + '\\n')" \
    >"$folder/Lessons/01.md"
  measure "20,000 [^ without a label, _www. and ) after a link; 20,000 unclosed \\begin{equation}; 80,000 -\\( (were 51 s and 826 MB, >60 s, 2.6 s, 10.5 s, 5.2 s)" "$folder"

  folder="$(case_folder one-line)"
  python3 -c "print('# Line\\n\\n' + ' '.join('[[p%d]]' % i for i in range(20000)) + '\\n\\n' + ' '.join('<u a=\\\"%d\\\">t</u>' % i for i in range(20000)))" \
    >"$folder/Lessons/01.md"
  measure "20,000 Obsidian links on a line, 20,000 HTML tags that lose an attribute on a line (builds; were 28 s and 51 s)" "$folder"

  folder="$(case_folder inline-notes)"
  python3 -c "print('# Notes\\n\\n' + '^[a\\n' * 20000 + '\\n' + ''.join('w^[n%d]\\n' % i for i in range(20000)))" >"$folder/Lessons/01.md"
  measure "20,000 unclosed inline notes one per line, 20,000 inline notes in a paragraph (builds; were 23 s and 4.2 s)" "$folder"

  folder="$(case_folder nested-emphasis)"
  python3 -c "print('# Deep\\n\\n' + '**a ' * 40000 + 'x' + ' a**' * 40000 + '\\n\\n' + '*a _' * 20000 + 'x' + '_ a*' * 20000 + '\\n\\n' + '~~a ' * 40000 + 'x' + ' a~~' * 40000 + '\\n\\n' + '![' * 40000 + 'x' + '](u)' * 40000)" \
    >"$folder/Lessons/01.md"
  measure "40,000 nested **, 20,000 nested * and _ by turns, 40,000 nested ~~ and images (builds; each crashed: the stack overflowed)" "$folder"

  folder="$(case_folder autolinks-notes-begins)"
  python3 -c "print('# Runs\\n\\n' + '_www.a..b' * 20000 + '\\n\\n' + '^[a ' * 8000 + 'x' + ' b]' * 8000 + '\\n\\n\$' + '\\\\begin{a ' * 20000 + 'x\$')" \
    >"$folder/Lessons/01.md"
  measure "20,000 _www.a..b in a run, 8,000 nested inline notes, 20,000 \\begin{a without } in math (were over 60 s, 11 s, 1.6 s)" "$folder"

  folder="$(case_folder expressions)"
  python3 -c "print('# Chains\\n\\n{{ ' + '1+' * 40000 + '1 }} {{ x' + '[1]' * 40000 + ' }} {{ x' + '.a' * 100000 + ' }}\\n\\n\`\`\`rnn check\\n- value: ' + '1+' * 30000 + '1\\n  equals: 1\\n\`\`\`')" \
    >"$folder/Lessons/01.md"
  measure "inline values of 40,000 + and [1], of a name of 100,000 parts, a check of 30,000 + (were crashes and over 60 s)" "$folder"

  folder="$(case_folder memory)"
  printf '# Big\n\n```rnn model\nname: m\nvocabulary: [a, b]\nhidden: 2000\nseed: 1\n```\n\n```rnn forward\nmodel: m\ninput: %s\n```\n' \
    "$(python3 -c "print('ab' * 50000)")" >"$folder/Lessons/01.md"
  measure "forward, H=2000 over 100,000 tokens (refused by maxMemoryMB=4096)" "$folder" --limit maxMemoryMB=4096

  folder="$(case_folder tokens)"
  python3 -c "print('a ' * 6000000)" >"$folder/Lessons/words.txt"
  printf '# Tokens\n\n```rnn corpus\nname: c\nfile: words.txt\n```\n' >"$folder/Lessons/01.md"
  measure "corpus of 6,000,000 words (refused at the token past maxCorpusTokens)" "$folder"

  folder="$(case_folder leftover)"
  printf '# Leftover\n\n```swift run\nlet shell = Process()\nshell.executableURL = URL(fileURLWithPath: "/bin/sh")\nshell.arguments = ["-c", "sleep 300 &"]\ntry! shell.run()\nshell.waitUntilExit()\n```\n' \
    >"$folder/Lessons/01.md"
  measure "Swift cell leaving sleep 300 running (builds, a warning names it)" "$folder"
} | tee "$results" | awk -F'\t' '
  NR > 1 { n++; if ($3 > worstTime) { worstTime = $3; slow = $1 } if ($5 > worstMemory) { worstMemory = $5; big = $1 } }
  END { printf "%d cases; slowest: %s (%.2f s); largest: %s (%d MiB)\n", n, slow, worstTime, big, worstMemory > "/dev/stderr" }'
