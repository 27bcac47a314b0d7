"""The student page's answer form in headless Chromium, end to end, as a student uses it:

1. the form says whose page it is and which variant;
2. each answer is checked as it is typed, with the number syntax `workbook grade` reads: the page and `grade`
   agree on a list of spellings (a decimal comma gets a message saying to write a point), and a save with a
   field that is not a number is refused with a message;
3. "Save answers" writes a file whose name the page confirms; `workbook grade` marks it;
4. "Load saved answers…" fills the fields from a saved file, and refuses another student's file.

Screenshots of the form with its messages, at desktop and phone width, go to the screenshots folder.

Usage: python3 .ci/answers_check.py WORKBOOK_BINARY Output/student/<id>/<lesson>.html [SCREENSHOTS]
Exits 1 naming the problem when any step fails."""
import html
import json
import pathlib
import re
import subprocess
import sys
import tempfile

CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--virtual-time-budget=400000"]

# Spellings of a number, and whether `grade` reads them (the page must agree on every one).
SPELLINGS = ["0,31", "abc", "-0.25", " 1e-3 ", "\u22122.5", "0x1p3", "+.5", "3.", "nan", "1e400", "1.2.3", "-1,5e3"]

# Runs after the page's own script: `steps` is a list of JavaScript functions run one after another, 300 ms
# apart (virtual time), each returning a value stored under its index, or waitFor(until, value) to store value()
# once until() holds (a file being read: its reading takes real time, during which virtual time runs on, so the
# wait allows 3,000 polls, 300 s of virtual time, and the budget 400 s; a wait that ends costs none of it); the
# results end up in <pre id="report">.
HARNESS = """<script>
window.addEventListener("load", function () {
  var saved = [];
  URL.createObjectURL = function (blob) {
    blob.text().then(function (text) { saved.push(text); });
    return "blob:captured";
  };
  HTMLAnchorElement.prototype.click = function () { window.wbDownloads = (window.wbDownloads || []).concat([this.download]); };
  function field(i) { return document.querySelectorAll("[data-wb-answer]")[i]; }
  function type(i, text) { var f = field(i); f.value = text; f.dispatchEvent(new Event("input")); }
  function message(i) { return document.getElementById(field(i).getAttribute("aria-describedby")).textContent; }
  function status() { return document.querySelector(".wb-save-status").textContent; }
  function load(name, text) {
    var picker = document.querySelector(".wb-answer-who input[type=file]");
    var files = new DataTransfer();
    files.items.add(new File([text], name, { type: "text/yaml" }));
    picker.files = files.files;
    picker.dispatchEvent(new Event("change"));
  }
  var steps = [STEPS];
  var report = [];
  function next(i) {
    if (i === steps.length) {
      var pre = document.createElement("pre"); pre.id = "report";
      pre.textContent = JSON.stringify({ results: report, saved: saved, downloads: window.wbDownloads || [] });
      document.body.appendChild(pre);
      return;
    }
    var result;
    try { result = steps[i](); } catch (e) { result = "exception: " + e; }
    if (result && result.until) {
      var tries = 0;
      var poll = function () {
        if (result.until() || ++tries > 3000) { report.push(result.value()); progress(i + 1); setTimeout(function () { next(i + 1); }, 100); }
        else { setTimeout(poll, 100); }
      };
      return poll();
    }
    report.push(result);
    progress(i + 1);
    setTimeout(function () { next(i + 1); }, 300);
  }
  function waitFor(until, value) { return { until: until, value: value }; }
  function progress(done) {
    var p = document.getElementById("progress");
    if (!p) { p = document.createElement("pre"); p.id = "progress"; document.body.appendChild(p); }
    p.textContent = done + " of " + steps.length;
  }
  progress(0);
  next(0);
});
</script>
"""


def run(page, steps, screenshot=None, width=1200):
    """Opens `page` with the harness running `steps`; returns the report (or takes a screenshot)."""
    probe = page.with_name(".answers-check-" + page.name)
    script = HARNESS.replace("STEPS", ",\n".join("function () { %s }" % s for s in steps))
    probe.write_text(page.read_text(encoding="utf-8").replace("</body>", script + "</body>"), encoding="utf-8")
    try:
        if screenshot:
            subprocess.run(CHROMIUM + [f"--window-size={width},1100", f"--screenshot={screenshot}", probe.as_uri()],
                           capture_output=True, timeout=120, check=True)
            return None
        out = subprocess.run(CHROMIUM + ["--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=120)
    finally:
        probe.unlink()
    found = re.search(r'<pre id="report">(.*?)</pre>', out.stdout, re.S)
    if not found:
        # Which step it stalled at (the harness counts them), or that it never started (the page's load event
        # did not fire within the virtual-time budget), and what Chromium said.
        done = re.search(r'<pre id="progress">(.*?)</pre>', out.stdout)
        where = f"it ran {done.group(1)} steps" if done else "the harness never started (no load event)"
        raise SystemExit("answers check: the page's script did not run to the end: " + where +
                         "; Chromium printed: " + out.stderr.strip()[-600:])
    return json.loads(html.unescape(found.group(1)))


def fail(message):
    raise SystemExit("answers check: " + message)


def grade(binary, folder, lesson, student, answers, name):
    """Writes an answer file and grades it; returns the keys `grade` found no number in, and the grades."""
    lines = ["# RNN Workbook answer file", f'student: "{student}"', f'lesson: "{lesson}"', "answers:"]
    lines += [f"  {json.dumps(key)}: {json.dumps(value)}" for key, value in answers.items()]
    path = pathlib.Path(folder, name)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    grades = pathlib.Path(folder, "grades.csv")
    done = subprocess.run([binary, "grade", "--answers", str(path), "--out", str(grades)],
                          capture_output=True, text=True, timeout=600)
    refused = set(re.findall(r"error: the answer '([^']+)' (?:is written with a decimal comma|must be a number)",
                             done.stderr))
    return refused, done, grades.read_text(encoding="utf-8") if grades.exists() else ""


def main():
    binary, page = sys.argv[1], pathlib.Path(sys.argv[2]).resolve()
    shots = pathlib.Path(sys.argv[3]) if len(sys.argv) > 3 else None
    student, lesson = page.parent.name, page.stem
    keys = re.findall(r'data-wb-answer="([^"]+)"', page.read_text(encoding="utf-8"))
    if len(keys) < 2:
        fail(f"{page} has fewer than two answer fields")
    expected_name = f"answers-{lesson}-{student}.yml"

    checks = ["return document.querySelector('.wb-answer-who').textContent;"]
    checks += ["return checkAnswer(%s).ok;" % json.dumps(s) for s in SPELLINGS]
    checks += ["type(0, '0,31'); type(1, 'abc'); return [message(0), message(1), field(0).getAttribute('aria-invalid')];",
               "document.querySelector('.wb-save-answers').click(); return [status(), (window.wbDownloads || []).length];",
               "type(0, '-0.25'); type(1, ' 1e-3 '); return [message(0), message(1)];",
               "document.querySelector('.wb-save-answers').click(); return status();",
               "load('mine.yml', '# RNN Workbook answer file\\nstudent: \"%s\"\\nlesson: \"%s\"\\nanswers:\\n  \"%s\": \"0.5\"\\n');"
               % (student, lesson, keys[1]),
               "return waitFor(function () { return status().indexOf('mine.yml') >= 0; },"
               " function () { return [field(0).value, field(1).value, status()]; });",
               "load('other.yml', 'student: \"someone-else\"\\nlesson: \"%s\"\\nanswers:\\n  \"%s\": \"9\"\\n');" % (lesson, keys[0]),
               "return waitFor(function () { return status().indexOf('other.yml') >= 0; },"
               " function () { return [field(0).value, status()]; });"]
    report = run(page, checks)
    results = report["results"]
    who = results[0]
    if student not in who or "variant" not in who:
        fail(f"the form does not say whose page it is: {who!r}")

    # The page and `grade` agree on every spelling.
    page_accepts = dict(zip(SPELLINGS, results[1:1 + len(SPELLINGS)]))
    with tempfile.TemporaryDirectory(prefix="answers-check-") as folder:
        grade_refuses = set()
        for start in range(0, len(SPELLINGS), len(keys)):
            chunk = SPELLINGS[start:start + len(keys)]
            answers = dict(zip(keys, chunk))
            refused, _, _ = grade(binary, folder, lesson, student, answers, f"spellings-{start}.yml")
            grade_refuses |= {answers[k] for k in refused}
        for spelling, accepted in page_accepts.items():
            if accepted == (spelling in grade_refuses):
                fail(f"the page {'accepts' if accepted else 'refuses'} {spelling!r} but grade does not agree")

        typed, refused_save, fixed, saved_status, _, loaded, _, other = results[1 + len(SPELLINGS):]
        if "decimal point" not in typed[0] or "0.31" not in typed[0] or "Not a number" not in typed[1] \
                or typed[2] != "true":
            fail(f"typing 0,31 and abc gave the messages {typed!r}")
        if refused_save[1] != 0 or "not a number" not in refused_save[0]:
            fail(f"a save with answers that are not numbers was not refused: {refused_save!r}")
        if fixed != ["", ""]:
            fail(f"correct answers still show messages: {fixed!r}")
        if not saved_status.startswith("Saved " + expected_name):
            fail(f"the save was not confirmed with the file's name: {saved_status!r}")
        if report["downloads"] != [expected_name] or len(report["saved"]) != 1:
            fail(f"the page downloaded {report['downloads']!r}, not {expected_name}")
        if loaded[0] != "" or loaded[1] != "0.5" or not loaded[2].startswith("Loaded 1 answer from mine.yml"):
            fail(f"loading a saved file gave {loaded!r}")
        if other[0] != "" or "someone-else" not in other[1]:
            fail(f"another student's file was not refused: {other!r}")

        # The file the page saved is graded as typed.
        text = report["saved"][0]
        if not re.search(r'^submitted: "\d{4}-\d\d-\d\dT', text, re.M):
            fail(f"the saved file has no submitted time:\n{text}")
        answers_file = pathlib.Path(folder, expected_name)
        answers_file.write_text(text, encoding="utf-8")
        grades = pathlib.Path(folder, "grades.csv")
        graded = subprocess.run([binary, "grade", "--answers", str(answers_file), "--out", str(grades)],
                                capture_output=True, text=True, timeout=600)
        if graded.returncode != 0:
            fail(f"grading the saved file failed:\n{text}\n{graded.stderr}")
        rows = grades.read_text(encoding="utf-8").splitlines()
        given = [row.split(",")[4] for row in rows[1:3]]
        if given != ["-0.25", "0.001"]:
            fail(f"the graded answers are {given}, not the two typed\n{text}")

    if shots:
        shots.mkdir(parents=True, exist_ok=True)
        # The first exercise at the top of the page (what comes before it hidden), with two wrong answers typed.
        scene = ["type(0, '0,31'); type(1, 'abc'); document.querySelector('.wb-save-answers').click();"
                 "var box = document.querySelector('form.wb-answers').closest('.wb-box');"
                 "while (box.parentNode && !box.parentNode.classList.contains('wb-lesson')) { box = box.parentNode; }"
                 "for (var e = box.previousElementSibling; e; e = e.previousElementSibling) { e.style.display = 'none'; }"
                 "return 0;"]
        for width, name in [(1200, "answers-form.png"), (390, "answers-form-phone.png")]:
            run(page, scene, screenshot=str((shots / name).resolve()), width=width)
    print(f"answers check: {who.strip()!r}; {len(SPELLINGS)} spellings judged alike by the page and grade; "
          f"{expected_name} saved, confirmed, loaded back and graded ({len(rows) - 1} rows)")


if __name__ == "__main__":
    main()
