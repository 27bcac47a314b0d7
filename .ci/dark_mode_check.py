"""Dark mode in headless Chromium: a page follows prefers-color-scheme (Chromium's --force-dark-mode), the
toggle switches either way, and the figures follow the theme (a plot's and a diagram's text take the page's text
colour). Reads the computed colours through a probe script added to a copy of the page; saves screenshots of
both themes. Usage: python3 .ci/dark_mode_check.py Output/14-encoder-decoder.html [screenshots-folder]"""
import json
import pathlib
import re
import subprocess
import sys
import tempfile

page = pathlib.Path(sys.argv[1]).resolve()
shots = pathlib.Path(sys.argv[2]) if len(sys.argv) > 2 else None
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--virtual-time-budget=8000"]
PROBE = """<script>
window.addEventListener("load", function () { setTimeout(function () {
  // A lesson's image, as drawn for white paper (a transparent ground): it must stay readable in the dark theme.
  var image = document.createElement("img");
  image.alt = "probe";
  (document.querySelector(".wb-lesson") || document.body).appendChild(image);
  function colours() {
    var body = getComputedStyle(document.body);
    var plot = document.querySelector("figure.wb-plot svg"), diagram = document.querySelector("figure.wb-diagram svg text");
    return {background: body.backgroundColor, text: body.color,
            plot: plot ? getComputedStyle(plot).fill : null, diagram: diagram ? getComputedStyle(diagram).fill : null,
            image: getComputedStyle(image).backgroundColor};
  }
  var result = {prefersDark: matchMedia("(prefers-color-scheme: dark)").matches, before: colours()};
  document.querySelector(".wb-theme").click();
  result.toggled = colours();
  document.querySelector(".wb-theme").click();
  result.back = colours();
  var out = document.createElement("pre"); out.id = "wb-probe"; out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
}, 500); });
</script>"""


def luminance(colour):
    r, g, b = (int(x) for x in re.findall(r"\d+", colour)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def probe(dark):
    with tempfile.NamedTemporaryFile("w", suffix=".html", dir=page.parent, delete=False, encoding="utf-8") as f:
        f.write(page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"))
        copy = pathlib.Path(f.name)
    try:
        flags = ["--force-dark-mode"] if dark else []
        dom = subprocess.run(CHROMIUM + flags + ["--dump-dom", copy.as_uri()], capture_output=True, text=True,
                             timeout=120).stdout
        if shots:
            shots.mkdir(parents=True, exist_ok=True)
            subprocess.run(CHROMIUM + flags + ["--window-size=1280,900", f"--screenshot={shots}/theme-{'dark' if dark else 'light'}.png",
                                               page.as_uri()], capture_output=True, timeout=120)
    finally:
        copy.unlink()
    found = re.search(r'<pre id="wb-probe">(.*?)</pre>', dom, flags=re.S)
    if not found:
        sys.exit(f"{page}: the probe did not run")
    return json.loads(found.group(1).replace("&quot;", '"'))


problems = []
for dark in (False, True):
    result = probe(dark)
    name = "dark" if dark else "light"
    if result["prefersDark"] != dark:
        problems.append(f"{name}: prefers-color-scheme did not take")
    first, toggled, back = result["before"], result["toggled"], result["back"]
    for label, colours, is_dark in (("page", first, dark), ("after the toggle", toggled, not dark), ("toggled back", back, dark)):
        bg, fg = luminance(colours["background"]), luminance(colours["text"])
        if (bg < 0.25 and fg > 0.75) != is_dark or (bg > 0.75 and fg < 0.25) == is_dark:
            problems.append(f"{name} {label}: background {colours['background']}, text {colours['text']}")
        if is_dark and (colours["image"].startswith("rgba") or luminance(colours["image"]) < 0.75):
            problems.append(f"{name} {label}: a lesson's image has the ground {colours['image']}, not white: "
                            "its black lines and labels vanish on the dark page")
        for figure in ("plot", "diagram"):
            if colours[figure] is None:
                problems.append(f"{page.name} has no {figure} to check")
            elif colours[figure] != colours["text"]:
                problems.append(f"{name} {label}: the {figure}'s text is {colours[figure]}, the page's {colours['text']}")
    print(f"{name}: background {first['background']} → toggle {toggled['background']} → {back['background']}; "
          f"plot text {first['plot']}, diagram text {first['diagram']}")
if problems:
    print("\n".join(problems))
    sys.exit(1)
print("dark mode check passed")
