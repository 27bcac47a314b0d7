"""The course's search box in headless Chromium: type a word into a page's search box and check that the results
link to sections of pages that hold the word (lunr from Debian's libjs-lunr, over search-index.js).

Usage: python3 .ci/search_check.py Output/<page>.html WORD [WORD …]
Exits 1 naming the problem when a word finds nothing or a result does not hold it."""
import html
import pathlib
import re
import subprocess
import sys

PROBE = """<script>
window.addEventListener("load", function () {
  setTimeout(function () {
    var box = document.querySelector(".wb-search");
    box.value = %s;
    box.dispatchEvent(new Event("input"));
    var out = document.createElement("pre"); out.id = "found";
    out.textContent = (typeof lunr !== "undefined" ? "lunr\\n" : "plain\\n")
      + Array.prototype.map.call(document.querySelectorAll(".wb-results a"), function (a) { return a.getAttribute("href"); }).join("\\n");
    document.body.appendChild(out);
  }, 200);
});
</script>
"""


def main():
    page = pathlib.Path(sys.argv[1]).resolve()
    for word in sys.argv[2:]:
        probe = page.with_name(".search-check-" + page.name)
        # The probe is inline: a page with live figures forbids inline scripts, so its copy drops that policy.
        text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page.read_text(encoding="utf-8"))
        probe.write_text(text.replace("</body>", PROBE % repr(word) + "</body>"), encoding="utf-8")
        try:
            run = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=8000",
                                  "--dump-dom", probe.as_uri()], capture_output=True, text=True, timeout=120)
        finally:
            probe.unlink()
        found = re.search(r'<pre id="found">(.*?)</pre>', run.stdout, re.S)
        if not found:
            raise SystemExit(f"search check: the page did not run its search for {word!r}")
        engine, *links = html.unescape(found.group(1)).split("\n")
        links = [l for l in links if l]
        if engine != "lunr":
            raise SystemExit("search check: lunr was not loaded (is libjs-lunr installed?)")
        if not links:
            raise SystemExit(f"search check: {word!r} found nothing")
        for link in links:
            target = (page.parent / link.split("#")[0])
            if word.lower() not in target.read_text(encoding="utf-8").lower():
                raise SystemExit(f"search check: {word!r} found {link}, which does not hold it")
        print(f"search check: {word!r} found {len(links)} sections, first {links[0]}")


if __name__ == "__main__":
    main()
