"""`workbook preview` with a real browser: an open page in headless Chromium reloads itself after a lesson is
saved, and the time from saving to the reloaded page being served is measured.

Usage: python3 .ci/preview_reload_check.py WORKBOOK_BINARY [--repeat N]
Prints each save-to-reload time and their median; exits 1 naming the problem when the page does not reload.
Every process it starts (the preview, Chromium) is ended by its own process id / process group at the end."""
import json
import os
import pathlib
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

LESSON = """# Reload

```rnn model
name: hello
vocabulary: [h, e, l, o]
hidden: 3
scale: 0.5
seed: {seed}
```

```rnn loss
model: hello
input: hell
target: ello
```

The loss is {{{{ hello.loss.mean | .6f }}}}.
"""


def status(base):
    with urllib.request.urlopen(base + "__workbook/status", timeout=10) as response:
        return json.load(response)


def wait(predicate, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise SystemExit(f"preview reload check: {what} within {seconds} s")


def main():
    binary = os.path.abspath(sys.argv[1])
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    with tempfile.TemporaryDirectory(prefix="preview-reload-") as folder:
        lessons = pathlib.Path(folder, "Lessons")
        lessons.mkdir()
        lesson = lessons / "01-reload.md"
        lesson.write_text(LESSON.format(seed=1), encoding="utf-8")
        preview = subprocess.Popen([binary, "preview", "--port", "0"], cwd=folder, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, text=True)
        chromium = None
        try:
            line = preview.stdout.readline()
            if "http://" not in line:
                raise SystemExit(f"preview reload check: the preview printed {line!r}")
            base = line[line.index("http://"):].split()[0]
            page = base + "01-reload.html"
            profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=folder)
            chromium = subprocess.Popen(
                ["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={profile}",
                 "--remote-debugging-port=0", page],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
            wait(lambda: status(base)["connected"] >= 1, 60, "the page did not connect to the preview")
            times = []
            for i in range(repeat):
                before = status(base)
                lesson.write_text(LESSON.format(seed=2 + i), encoding="utf-8")
                saved = time.time()
                try:
                    after = wait(lambda: (lambda s: s if s["pages_served"] > before["pages_served"] else None)(status(base)),
                                 60, "the open page did not reload after the lesson was saved")
                except SystemExit as stopped:
                    # What the preview saw (a rebuild or not, the page still connected or not): the next step.
                    raise SystemExit(f"{stopped} (save {i + 1}; the preview's status before the save: {before}, "
                                     f"now: {status(base)})") from None
                if after["generation"] <= before["generation"]:
                    raise SystemExit("preview reload check: the page reloaded without a rebuild")
                times.append(after["last_page_served"] - saved)
                # Let the reloaded page connect again before the next save.
                wait(lambda: status(base)["connected"] >= 1, 30, "the reloaded page did not reconnect")
            print("save to reloaded page: " + ", ".join(f"{t * 1000:.0f} ms" for t in times)
                  + f"; median {statistics.median(times) * 1000:.0f} ms over {len(times)} saves")
        finally:
            if chromium is not None:
                os.killpg(chromium.pid, signal.SIGTERM)
                chromium.wait(timeout=30)
            preview.send_signal(signal.SIGINT)
            start = time.time()
            preview.wait(timeout=10)
            if time.time() - start > 1.0:
                raise SystemExit("preview reload check: the preview took more than a second to stop")


if __name__ == "__main__":
    main()
