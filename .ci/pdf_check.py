"""`workbook build --pdf` as an instructor uses it, checked through the PDFs' text (poppler's pdftotext):
every lesson's PDF holds its title and the numbers of its tables (none below 8 pt, the text at its size), no TeX
is left untypeset, pages are numbered, no page is less than a third full but a lesson's last;
course.pdf's contents give the page each lesson starts on; the metadata is fixed and the page waits for its
fonts, so printing the same pages again (a second build, the lessons from the cache, no PDF from it) gives the
same bytes; `check --pdf` passes; a build without --pdf keeps current PDFs and removes stale ones; without
Chromium the error names the package and nothing is written; an interrupt leaves no temporary and no browser
behind.
Usage: python3 .ci/pdf_check.py path/to/workbook Lessons"""
import os
import pathlib
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

WORKBOOK = os.path.abspath(sys.argv[1])
LESSONS = os.path.abspath(sys.argv[2])
problems = []


def run(*args, env=None, check=True):
    done = subprocess.run([WORKBOOK, *args], capture_output=True, text=True, env=env, timeout=1800)
    if check and done.returncode != 0:
        sys.exit(f"workbook {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


def text(pdf, first=None, last=None, layout=False):
    args = ["pdftotext"] + (["-layout"] if layout else [])
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    return subprocess.run(args + [str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def normal(s):
    return re.sub(r"\s+", " ", s.replace("\u200b", "")).strip()


def info(pdf):
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def pdfs(folder):
    return {p.name: p.read_bytes() for p in sorted(pathlib.Path(folder).glob("*.pdf"))}


def unescape(s):
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&#39;", "'").replace("&amp;", "&")


def gray_pages(pdf, folder):
    """Each page of `pdf` drawn by poppler's pdftoppm at 24 dpi in shades of grey: (width, height, bytes) per page."""
    folder.mkdir()
    subprocess.run(["pdftoppm", "-gray", "-r", "24", str(pdf), str(folder / "page")], check=True)
    drawn = []
    for page in sorted(folder.glob("page-*.pgm")):
        data = page.read_bytes()
        magic, width, height, _, pixels = re.match(rb"(P5)\s+(\d+)\s+(\d+)\s+(\d+)\s(.*)", data, re.S).groups()
        drawn.append((int(width), int(height), pixels))
    return drawn


def ink_in(width, pixels):
    """For a page drawn by gray_pages: whether row y has anything drawn between columns left and right (a pixel
    40 grey levels off the page's commonest shade, its paper)."""
    paper = max(set(pixels), key=pixels.count)

    def ink(y, left=0, right=width):
        return any(abs(v - paper) > 40 for v in pixels[y * width + left:y * width + right])
    return ink


def slide_page_problems(pdf, folder):
    """A printed slide is cut when something is drawn in the frame the slide keeps clear inside its edges (its
    padding: 40 of 720 px at the foot, 64 of 1280 at the sides, less 8 for antialiasing; the number in the
    bottom-right corner aside), and blank when less than 2% of its rows have anything drawn."""
    problems = []
    for k, (width, height, pixels) in enumerate(gray_pages(pdf, folder), 1):
        ink = ink_in(width, pixels)
        foot = height - round(height * 32 / 720)
        side = round(width * 56 / 1280)
        corner = width - round(width * 160 / 1280)
        cut = [y for y in range(foot, height) if ink(y, 0, corner)]
        cut += [y for y in range(foot) if ink(y, 0, side) or ink(y, width - side)]
        inked = sum(1 for y in range(foot) if ink(y))
        if cut:
            problems.append(f"page {k}: something is drawn at the slide's edge (rows {cut[:3]} of {height}): cut off")
        if inked < 0.02 * height:
            problems.append(f"page {k}: almost blank ({inked} of {height} rows drawn)")
    return problems


def small_numbers(pdf, numbers):
    """The table numbers printed below 8 pt wherever they stand: pdftotext's box around a word of digits is 1.166 times the font's
    size (10.9 pt for the 9.35 pt table text), so a box under 9.33 pt (less 0.15 for rounding) is text under 8 pt."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    wanted = {n.lstrip("-") for n in numbers}
    # A number is judged by its largest print: the same digits may also label a plot, drawn smaller on purpose.
    largest = {}
    for y0, y1, word in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', boxes):
        number = word.lstrip("-\u2212")
        if number in wanted:
            largest[number] = max(largest.get(number, 0), float(y1) - float(y0))
    return [f"{n} ({h / 1.166:.1f} pt)" for n, h in sorted(largest.items()) if h < 8 * 1.166 - 0.15]


def title_height(pdf):
    """The height of pdftotext's box around the first word on page 1, the title's: 23.3 pt in a lesson printed at
    its size, less when Chromium shrank the whole document to fit something wider than the page."""
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    first = re.search(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">', boxes)
    return float(first.group(2)) - float(first.group(1)) if first else 0


def thin_pages(pdf, folder, allowed):
    """The pages of a handout less than a third full, other than those in `allowed` (a lesson's last, the title):
    how far down the A4 page's text area (16 mm to 279 mm of 297) its last inked row is, drawn at 24 dpi, the
    page number below it aside. A block that moved whole to the next page leaves such a page behind."""
    thin = []
    for k, (width, height, pixels) in enumerate(gray_pages(pdf, folder), 1):
        ink = ink_in(width, pixels)
        top, bottom = round(height * 16 / 297), round(height * 279 / 297)
        inked = [y for y in range(top, bottom) if ink(y)]
        full = (inked[-1] + 1 - top) / (bottom - top) if inked else 0
        if full < 1 / 3 and k not in allowed:
            thin.append(f"{k} ({full:.0%})")
    return thin


tmp = pathlib.Path(tempfile.mkdtemp(prefix="pdf-check-"))
out1, cache = tmp / "out1", tmp / "cache"
start = time.time()
run("build", LESSONS, "--out", str(out1), "--cache-dir", str(cache), "--pdf")
print(f"build --pdf: {time.time() - start:.1f} s")

# The lessons' pages: not the index, the decks or the course's bibliography page (which has no PDF of its own).
lessons = sorted(p for p in out1.glob("*.html")
                 if p.name not in ("index.html", "references.html") and not p.name.endswith(".slides.html"))
# A slide deck's PDF, one 16:9 page per slide as the runtime laid them out (a slide it continued is a slide of
# its own): page k carries the number "k / n" and n is the page count; each page holds one slide whole (see
# slide_page_problems), its title on the first, fixed metadata.
for deck in sorted(out1.glob("*.slides.html")):
    pdf = deck.with_suffix(".pdf")
    html = deck.read_text(encoding="utf-8")
    written = html.count('<section class="wb-slide')
    meta = info(pdf) if pdf.exists() else {}
    pages = int(meta.get("Pages", 0))
    title = normal(unescape(re.search(r"<title>(.*?)</title>", html).group(1)))
    # pdftotext joins "1 / 7" into "1/7" when the words are short (the same 3 pt gaps keep "1 / 10" apart).
    numbers = [re.findall(r"(\d+) ?/ ?(\d+)\s*$", text(pdf, k).strip()) for k in range(1, pages + 1)]
    unnumbered = [k for k, found in enumerate(numbers, 1) if found != [(str(k), str(pages))]]
    if pages < written or unnumbered or not meta.get("Page size", "").strip().startswith("960 x 540"):
        problems.append(f"{pdf.name}: {pages} pages ({meta.get('Page size')}) for {written} slides written; pages "
                        f"not numbered 'k / {pages}' at their foot: {unnumbered[:5]}")
    elif title not in normal(text(pdf, 1)):
        problems.append(f"{pdf.name}: no title on page 1")
    elif "1970" not in meta.get("CreationDate", "") or not meta.get("Creator", "").strip().startswith("RNN Workbook"):
        problems.append(f"{pdf.name}: metadata not fixed")
    else:
        found = slide_page_problems(pdf, tmp / pdf.stem)
        problems += [f"{pdf.name}: {p}" for p in found]
        if not found:
            print(f"{pdf.name}: {pages} pages of 960 x 540 pt for {written} slides written, each page its slide's number "
                  "and one slide whole (nothing at the edges, none blank), title on the first")
titles = {}
for page in lessons:
    html = page.read_text(encoding="utf-8")
    title = unescape(re.search(r"<title>(.*?)</title>", html).group(1))
    titles[page.stem] = title
    pdf = page.with_suffix(".pdf")
    body = normal(text(pdf))
    if normal(title) not in body:
        problems.append(f"{pdf.name}: the title {title!r} is not in its text")
    # The numbers of the Markdown handout's tables are the computed ones; the PDF must hold them.
    markdown = page.with_suffix(".md").read_text(encoding="utf-8")
    numbers = []
    for line in markdown.splitlines():
        if line.startswith("|"):
            numbers += [n for n in re.findall(r"-?\d+\.\d{3,}", line) if n not in numbers]
    missing = [n for n in numbers[:40] if n.lstrip("-") not in body]
    if missing:
        problems.append(f"{pdf.name}: {len(missing)} of {min(len(numbers), 40)} table numbers missing, e.g. {missing[:5]}")
    title_size = title_height(pdf)
    if abs(title_size - 23.3) > 0.15:
        problems.append(f"{pdf.name}: printed at {title_size / 23.3:.1%} of its size (shrunk to fit)")
    small = small_numbers(pdf, numbers)
    if small:
        problems.append(f"{pdf.name}: {len(small)} table numbers printed below 8 pt, e.g. {small[:3]}")
    # Every TeX command the page's formulas use must have been typeset, none left in the text.
    commands = set()
    for math in re.findall(r'<span class="math[^"]*">(.*?)</span>', html, flags=re.S):
        commands |= set(re.findall(r"\\[A-Za-z]+", unescape(math)))
    raw = [c for c in sorted(commands) if re.search(re.escape(c) + r"(?![A-Za-z])", body)]
    if raw or "$$" in body:
        problems.append(f"{pdf.name}: TeX left as text: {raw[:5]}")
    pages = int(info(pdf)["Pages"])
    if f"1/{pages}" not in re.sub(r"\s", "", text(pdf, 1)):
        problems.append(f"{pdf.name}: page 1 has no footer '1 / {pages}'")
    meta = info(pdf)
    if "1970" not in meta.get("CreationDate", "") or not meta.get("Creator", "").strip().startswith("RNN Workbook, source "):
        problems.append(f"{pdf.name}: metadata not fixed: {meta.get('CreationDate')!r} {meta.get('Creator')!r}")
    thin = thin_pages(pdf, tmp / pdf.stem, {pages})
    if thin:
        problems.append(f"{pdf.name}: pages less than a third full before the lesson's end: {', '.join(thin)}")
    print(f"{pdf.name}: {pages} pages, title, {min(len(numbers), 40)} numbers, {len(commands)} TeX commands typeset, "
          "every page but the last at least a third full")

# The course: the title page, then contents whose page numbers are where each lesson starts.
course = out1 / "course.pdf"
contents = text(course, 2, 3, layout=True)
entries = re.findall(r"^\s*(\S.*?)\s{2,}(\d+)\s*$", contents, flags=re.M)
by_title = {normal(t): int(n) for t, n in entries}
if len(entries) < len(lessons):
    problems.append(f"course.pdf: {len(entries)} entries in its contents for {len(lessons)} lessons:\n{contents}")
previous = 0
for slug, title in titles.items():
    page = by_title.get(normal(title))
    if page is None:
        problems.append(f"course.pdf: {title!r} is not in the contents")
        continue
    first = normal(text(course, page))
    if not first.startswith(normal(title)):
        problems.append(f"course.pdf: the contents put {title!r} on page {page}, which starts {first[:60]!r}")
    if page <= previous:
        problems.append(f"course.pdf: {title!r} is not after the lesson before it")
    previous = page
if "Every number in them was computed" not in normal(text(course, 1)):
    problems.append("course.pdf: no title page")
# The title page and the contents aside, only a lesson's last page may be less than a third full.
course_pages = int(info(course)["Pages"])
starts = sorted(by_title.values())
thin = thin_pages(course, tmp / "course", set(range(1, starts[0] if starts else 2)) | {p - 1 for p in starts} | {course_pages})
if thin:
    problems.append(f"course.pdf: pages less than a third full before a lesson's end: {', '.join(thin)}")
print(f"course.pdf: {course_pages} pages, {len(entries)} lessons in its contents, each on the page it gives, "
      "every page but a lesson's last at least a third full")

run("check", LESSONS, "--out", str(out1), "--cache-dir", str(cache), "--pdf")
before = pdfs(out1)
run("build", LESSONS, "--out", str(out1), "--cache-dir", str(cache))
if pdfs(out1) != before:
    problems.append("a build without --pdf changed or removed current PDFs")
# What must print to the same bytes is the pages: the second build takes the lessons' results from a copy of
# the cache without its PDFs (the same pages, which `workbook check` already proves a fresh run gives) and prints
# every PDF again, in a new output folder, instead of training the lessons a second time.
start = time.time()
out2, cache2 = tmp / "out2", tmp / "cache2"
shutil.copytree(cache, cache2, ignore=lambda folder, names: ["pdf"] if pathlib.Path(folder) == cache else [])
run("build", LESSONS, "--out", str(out2), "--cache-dir", str(cache2), "--pdf")
# A printed PDF is kept in the cache: one for each PDF of the build means none came from the first.
if len(list((cache2 / "pdf").glob("*.pdf"))) != len(before):
    problems.append("the second build did not print every PDF again")
print(f"build --pdf, lessons from the cache, every PDF printed again: {time.time() - start:.1f} s")
again = pdfs(out2)
different = [name for name in before if again.get(name) != before[name]]
if different or set(again) != set(before):
    problems.append(f"PDFs differ between two builds: {different}")
print(f"{len(before) - len(different)} of {len(before)} PDFs byte-identical in two builds")

# A small course: stale PDFs, no Chromium, an interrupt.
small = tmp / "small"
(small / "Lessons").mkdir(parents=True)
lesson = small / "Lessons" / "01-small.md"
lesson.write_text("# A small lesson\n\nThe softmax $\\sigma(z)_i = e^{z_i} / \\sum_j e^{z_j}$.\n", encoding="utf-8")
out = small / "Output"
opts = ["--out", str(out), "--cache-dir", str(small / "cache")]
run("build", str(small / "Lessons"), *opts, "--pdf")
assert (out / "01-small.pdf").exists() and (out / "course.pdf").exists()
lesson.write_text("# A small lesson, changed\n\nText.\n", encoding="utf-8")
stale = run("check", str(small / "Lessons"), *opts, "--pdf", check=False)
if stale.returncode == 0 or "01-small.pdf" not in stale.stdout:
    problems.append(f"check --pdf did not report the stale PDF: {stale.stdout}")
run("build", str(small / "Lessons"), *opts)
if (out / "01-small.pdf").exists() or (out / "course.pdf").exists():
    problems.append("a build without --pdf kept PDFs printed from the old lesson")
snapshot = {str(p): p.read_bytes() for p in out.rglob("*") if p.is_file()}
lesson.write_text("# A small lesson, again\n\nText.\n", encoding="utf-8")
missing = run("build", str(small / "Lessons"), *opts, "--pdf", env={"PATH": "/nonexistent", "HOME": str(small)}, check=False)
if missing.returncode == 0 or "apt-get install chromium" not in missing.stderr:
    problems.append(f"without Chromium: exit {missing.returncode}, {missing.stderr!r}")
if {str(p): p.read_bytes() for p in out.rglob("*") if p.is_file()} != snapshot:
    problems.append("a build that could not print changed the output folder")
# The interrupted build has a TMPDIR of its own, which must be empty afterwards: no print folder of the tool's,
# and none of the browser's (org.chromium.Chromium.*, which Chromium makes in its TMPDIR).
private_tmp = tmp / "private-tmp"
private_tmp.mkdir()
child = subprocess.Popen([WORKBOOK, "build", str(small / "Lessons"), *opts, "--pdf", "--no-cache"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         env={**os.environ, "TMPDIR": str(private_tmp)})
# Wait until the browser runs (its temporary folder exists), then interrupt.
deadline = time.time() + 60
mark = f"wbscratch-{child.pid}-"
while time.time() < deadline and not any(p.name.startswith(mark) for p in private_tmp.iterdir()):
    time.sleep(0.05)
time.sleep(0.5)
child.send_signal(signal.SIGINT)
code = child.wait(timeout=30)
time.sleep(0.5)
left = [p.name for p in private_tmp.iterdir()]
mark = f"workbook-print-{child.pid}-"
browsers = []
for proc in pathlib.Path("/proc").iterdir():
    if proc.name.isdigit():
        try:
            if mark.encode() in (proc / "cmdline").read_bytes():
                browsers.append(proc.name)
        except OSError:
            pass
if code != 130 or left or browsers or list(out.glob(".*workbook-tmp*")):
    problems.append(f"interrupt while printing: exit {code}, temporaries {left}, browsers still running {browsers}")
print(f"small course: stale PDFs reported and removed, no-Chromium error, interrupt exit {code} leaving nothing")

shutil.rmtree(tmp)
if problems:
    print("\n".join(problems))
    sys.exit(1)
print("PDF check passed")
