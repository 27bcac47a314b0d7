"""The student page's answer form in headless Chromium, end to end: fill two answers of one student's exercises
page, press "Save answers", take the file the page would download, and grade it with `workbook grade`.

Usage: python3 .ci/answers_check.py WORKBOOK_BINARY Output/student/<id>/<lesson>.html
Exits 1 naming the problem when the page saves nothing, the file does not parse, or grading fails."""
import html
import pathlib
import re
import subprocess
import sys
import tempfile

CAPTURE = """<script>
window.addEventListener("load", function () {
  var inputs = document.querySelectorAll("[data-wb-answer]");
  inputs[0].value = "-0.25"; inputs[1].value = " 1e-3 ";
  URL.createObjectURL = function (blob) {
    blob.text().then(function (text) {
      var pre = document.createElement("pre"); pre.id = "saved"; pre.textContent = text; document.body.appendChild(pre);
    });
    return "blob:captured";
  };
  HTMLAnchorElement.prototype.click = function () { document.body.setAttribute("data-download", this.download); };
  document.querySelector(".wb-save-answers").click();
});
</script>
"""


def main():
    binary, page = sys.argv[1], pathlib.Path(sys.argv[2]).resolve()
    student = page.parent.name
    lesson = page.stem
    with tempfile.TemporaryDirectory(prefix="answers-check-") as folder:
        probe = page.with_name(".answers-check-" + page.name)
        probe.write_text(page.read_text(encoding="utf-8").replace("</body>", CAPTURE + "</body>"), encoding="utf-8")
        try:
            run = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000",
                                  "--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=120)
        finally:
            probe.unlink()
        saved = re.search(r'<pre id="saved">(.*?)</pre>', run.stdout, re.S)
        name = re.search(r'data-download="([^"]*)"', run.stdout)
        if not saved or not name:
            raise SystemExit("answers check: the page saved no answer file")
        text = html.unescape(saved.group(1))
        expected_name = f"answers-{lesson}-{student}.yml"
        if name.group(1) != expected_name:
            raise SystemExit(f"answers check: the file is named {name.group(1)}, not {expected_name}")
        answers = pathlib.Path(folder, expected_name)
        answers.write_text(text, encoding="utf-8")
        grades = pathlib.Path(folder, "grades.csv")
        graded = subprocess.run([binary, "grade", "--answers", str(answers), "--out", str(grades)],
                                capture_output=True, text=True, timeout=600)
        if graded.returncode != 0:
            raise SystemExit(f"answers check: grading the saved file failed:\n{text}\n{graded.stderr}")
        rows = grades.read_text(encoding="utf-8").splitlines()
        given = [row.split(",")[4] for row in rows[1:3]]
        if given != ["-0.25", "0.001"]:
            raise SystemExit(f"answers check: the graded answers are {given}, not the two typed\n{text}")
        print(f"answers check: {expected_name} saved by the page and graded ({len(rows) - 1} rows)")


if __name__ == "__main__":
    main()
