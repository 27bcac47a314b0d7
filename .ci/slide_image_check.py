"""A lone image on a slide is drawn as large as the slide allows (Quarto's auto-stretch), its shape kept: builds a
deck of three slides (an image alone in its paragraph, a labelled figure of one with its caption, an image after a
sentence) in a temporary course, lays it out in headless Chromium at 1280 x 720 and measures each image as drawn.
The first two fill at least 80 % of the slide's height under its title (the image's own 320 x 200 pixels are 37 %
of it), centred, the caption kept; the third stays at its own size, where the text put it.
Usage: python3 .ci/slide_image_check.py path/to/workbook"""
import json
import pathlib
import re
import struct
import subprocess
import sys
import tempfile
import zlib

workbook = pathlib.Path(sys.argv[1]).resolve()
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--virtual-time-budget=8000",
            "--window-size=1280,720"]
LESSON = """---
title: Images on slides
slides: true
---

## A lone image

![An unrolled RNN](cell.png)

## A figure

![The cell](cell.png){#fig-cell}

## Image and text

Some text before.

![Small](cell.png)
"""
PROBE = """<script>
window.addEventListener("load", function () { setTimeout(function () {
  var deck = document.querySelector(".wb-deck"), zoom = deck.getBoundingClientRect().width / deck.offsetWidth;
  var out = Array.prototype.map.call(document.querySelectorAll(".wb-deck > .wb-slide"), function (slide) {
    var img = slide.querySelector("img"), body = slide.querySelector(".wb-slide-body");
    if (!img) { return null; }
    var i = img.getBoundingClientRect(), b = body.getBoundingClientRect(), caption = slide.querySelector("figcaption");
    // The picture as drawn inside its box (object-fit: contain), its shape the file's.
    var scale = Math.min(i.width / img.naturalWidth, i.height / img.naturalHeight);
    return {height: img.naturalHeight * scale / b.height, centre: (i.left + i.width / 2 - (b.left + b.width / 2)) / b.width,
            natural: Math.abs(i.width / zoom - img.naturalWidth) < 1, caption: caption ? caption.getBoundingClientRect().bottom <= b.bottom + 1 : null};
  }).filter(function (r) { return r; });
  var pre = document.createElement("pre"); pre.id = "wb-probe"; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}, 1000); });
</script>"""


def png(width, height):
    rows = b"".join(b"\x00" + b"".join(bytes([x * 255 // width, y * 255 // height, 128]) for x in range(width))
                    for y in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


with tempfile.TemporaryDirectory(prefix="wb-slide-images-") as root:
    lessons = pathlib.Path(root, "Lessons")
    lessons.mkdir()
    (lessons / "01-images.md").write_text(LESSON, encoding="utf-8")
    (lessons / "cell.png").write_bytes(png(320, 200))
    built = subprocess.run([str(workbook), "build", "Lessons", "--out", "Out", "--cache-dir", "cache"], cwd=root,
                           capture_output=True, text=True, timeout=300)
    if built.returncode != 0:
        sys.exit(f"slide images: the deck did not build:\n{built.stdout}{built.stderr}")
    deck = pathlib.Path(root, "Out", "01-images.slides.html")
    deck.write_text(deck.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8")
    dom = subprocess.run(CHROMIUM + ["--dump-dom", deck.as_uri()], capture_output=True, text=True, timeout=120).stdout
    found = re.search(r'<pre id="wb-probe">(.*?)</pre>', dom, flags=re.S)
    if not found:
        sys.exit("slide images: the probe did not run")
    results = json.loads(found.group(1))
problems = []
if len(results) != 3:
    problems.append(f"expected three slides with an image, found {len(results)}")
else:
    lone, figure, small = results
    for name, r in (("the lone image", lone), ("the figure's image", figure)):
        if r["height"] < 0.8 or abs(r["centre"]) > 0.01:
            problems.append(f"{name} is not drawn as large as the slide allows, centred: {r}")
    if figure["caption"] is not True:
        problems.append(f"the figure's caption is not on its slide: {figure}")
    if not small["natural"]:
        problems.append(f"the image after a sentence does not keep its own size: {small}")
if problems:
    sys.exit("slide images: " + "; ".join(problems))
print(f"slide images: a lone image and a figure's fill {results[0]['height']:.0%} and {results[1]['height']:.0%} "
      "of the slide under its title, centred; an image after text keeps its size")
