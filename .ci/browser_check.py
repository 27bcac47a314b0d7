"""Open every HTML handout in headless Chromium, let its scripts run, and check what a reader would see:
every math span typeset by KaTeX, no KaTeX error, no `$...$` left as raw text, no script error logged, every
link's page and anchor there, and every cross-reference (`a.wb-xref`) leading to what its text says: the equation
tagged with its number, the figure or table whose caption starts with it, the heading with its title; and, the
page laid out on a phone (390 x 844), nothing wider than the screen and the menu button opening and closing the
sidebar, with touch targets of at least 44 px; every live figure (`live: true`) computed in the page with the
static figure's digits for the lesson's own input, and computed again for another input, under the page's
Content-Security-Policy (a violation is a script error).
A slide deck (`*.slides.html`) is opened at 1920 x 1080 instead,
with frames of itself at 1920 x 1080, 1280 x 720 and 390 x 844 in the same launch: no slide's content larger than its 16:9
frame (its scroll size against its box), the frame inside the window, a plot's labels drawn at 14 px or more on
the 1280 x 720 canvas, the arrow keys and `#/n` moving between slides; on the phone (narrower than 435 px) the scroll view instead, the slides one under the other with text of
13 px or more and nothing wider than the screen.
Saves a screenshot of each page. Usage: python3 .ci/browser_check.py Output [screenshots-folder]
Exits 1 and names the page and the problem when a check fails."""
import html
import html.parser
import json
import pathlib
import re
import subprocess
import sys
import tempfile

# axe-core, unpacked by .ci/browser-test from the Python wheel that carries it.
AXE = pathlib.Path(__file__).resolve().parent.parent / ".build" / "axe" / "axe.min.js"
CHROMIUM = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
            "--virtual-time-budget=10000", "--enable-logging=stderr", "--v=0"]


class Page(html.parser.HTMLParser):
    """Counts math spans and KaTeX output, and collects the visible text outside code and math."""

    SKIP = {"code", "pre", "script", "style", "annotation", "math", "svg"}

    def __init__(self):
        super().__init__()
        self.math_spans = 0
        self.typeset = 0
        self.errors = 0
        self.skipping = []
        self.text = []
        self.figures = []
        self.links = []
        self.xrefs = []
        self.in_xref = False

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "a" and dict(attrs).get("href"):
            self.links.append(dict(attrs)["href"])
            if "wb-xref" in classes:
                self.xrefs.append([dict(attrs)["href"], ""])
                self.in_xref = True
        if tag == "figure":
            # A live figure's own tables and drawings: checked by the probe against the static figure.
            live = "wb-live-table" in classes or "wb-live-figure" in classes
            self.figures.append({"kind": "live" if live else next((c for c in classes if c.startswith("wb-")), ""), "svg": 0,
                                 "title": 0, "desc": 0, "cells": 0, "tokens": 0})
        if self.figures and tag in ("svg", "title", "desc"):
            self.figures[-1][tag] += 1
        if self.figures and tag == "rect":
            self.figures[-1]["cells"] += 1
        if self.figures and tag == "span" and "wb-tok" in classes:
            self.figures[-1]["tokens"] += 1
        if tag == "span" and "math" in classes:
            self.math_spans += 1
        if "katex" in classes:
            self.typeset += 1
        if "katex-error" in classes:
            self.errors += 1
        if tag in self.SKIP or "katex" in classes:
            self.skipping.append(tag)
        elif self.skipping:
            self.skipping.append(tag)

    def handle_endtag(self, tag):
        if tag == "a":
            self.in_xref = False
        if self.skipping:
            self.skipping.pop()

    def handle_data(self, data):
        if self.in_xref:
            self.xrefs[-1][1] += data
        if not self.skipping:
            self.text.append(data)


# Added to a copy of each page, laid out at a phone's width: what sticks out of the screen, and the menu.
PHONE = (390, 844)
# A script file beside the copy, not inline: a page with live figures allows only its own scripts (its CSP).
PROBE = """
// After the fonts, as the page's own script lays the page out again then (and marks what scrolls).
window.addEventListener("load", function () { document.fonts.ready.then(function () { setTimeout(function () {
  var r = {width: innerWidth, scroll: document.documentElement.scrollWidth, wide: []};
  if (r.scroll > r.width + 1) {
    document.querySelectorAll("body *").forEach(function (el) {
      var right = el.getBoundingClientRect().right, parent = el.parentElement.getBoundingClientRect().right;
      if (right > innerWidth + 1 && parent <= innerWidth + 1 && r.wide.length < 3) {
        var c = el.getAttribute("class") || "";
        r.wide.push(el.tagName.toLowerCase() + (c ? "." + c.split(" ").join(".") : "") + " to " + Math.round(right) + " px");
      }
    });
  }
  var menu = document.querySelector(".wb-menu"), side = document.getElementById("wb-sidebar");
  if (menu && side) {
    var box = menu.getBoundingClientRect(), theme = document.querySelector(".wb-theme").getBoundingClientRect();
    r.menu = {size: [Math.round(box.width), Math.round(box.height)], theme: [Math.round(theme.width), Math.round(theme.height)],
              hidden: getComputedStyle(side).display === "none"};
    menu.click();
    r.menu.opened = getComputedStyle(side).display !== "none" && menu.getAttribute("aria-expanded") === "true";
    var link = side.querySelector("li > a");
    r.menu.link = link ? Math.round(link.getBoundingClientRect().height) : 0;
    document.dispatchEvent(new KeyboardEvent("keydown", {key: "Escape"}));
    r.menu.closed = getComputedStyle(side).display === "none" && menu.getAttribute("aria-expanded") === "false";
  }
  r.live = Array.prototype.map.call(document.querySelectorAll(".wb-live"), liveProblems);
  // An equation's number drawn over the equation.
  r.tags = [];
  document.querySelectorAll(".katex-html > .tag").forEach(function (tag) {
    var t = tag.getBoundingClientRect();
    tag.parentElement.querySelectorAll(":scope > .base").forEach(function (b) {
      var e = b.getBoundingClientRect();
      if (e.right > t.left + 0.5 && e.left < t.right - 0.5 && e.bottom > t.top + 0.5 && e.top < t.bottom - 0.5) {
        r.tags.push(tag.textContent + " over its equation by " + Math.round(e.right - t.left) + " px");
      }
    });
  });
  var out = document.createElement("pre"); out.id = "wb-phone-probe"; out.textContent = JSON.stringify(r);
  document.body.appendChild(out);
  wbAxe();
}, 500); }); });

// A live highlight, diagram or gradient flow's plot against its static figure (the first `figure` matches):
// every text (numbers, tokens, guesses, marks, ticks, legends), hover text and colour, in order.
function drawnProblems(f, res, figure) {
  var parts = function (root) {
    if (!root) { return []; }
    return Array.prototype.map.call(root.querySelectorAll("text, rect, title, .wb-tok, .wb-scale, figcaption"), function (e) {
      var colour = e.tagName === "rect" ? e.getAttribute("fill") : getComputedStyle(e).backgroundImage + " " + getComputedStyle(e).backgroundColor;
      return e.tagName + " " + (e.getAttribute("title") || "") + " " + colour + " " + (e.tagName === "title" || e.tagName === "text" ? e.textContent : "");
    });
  };
  var a = parts(f.querySelector(".wb-live-static " + figure)), b = parts(f.querySelector(".wb-live-out " + figure));
  res.compared += a.length;
  if (a.length === 0) { res.differ.push("no static figure"); }
  for (var k = 0; k < Math.max(a.length, b.length); k++) {
    if (a[k] !== b[k]) { res.differ.push("part " + (k + 1) + ": " + a[k] + " live " + b[k]); break; }
  }
}

// A live figure, computed in the page from the lesson's own input, against the static figure's digits; then
// an input the lesson does not have, which must be computed too (the numbers: LiveFigureTests, in node).
function liveProblems(f) {
  var res = {kind: f.dataset.wbLive, state: f.dataset.wbLiveState || "not started", compared: 0, differ: []};
  var texts = function (row) { return Array.prototype.slice.call(row.cells, 1).map(function (c) { return c.textContent; }).join(" | "); };
  if (res.kind === "sample") {
    var a = f.querySelector(".wb-live-static pre"), b = f.querySelector(".wb-live-out");
    res.compared = a ? a.textContent.length : 0;
    if (!a || !b || a.textContent !== b.textContent) {
      res.differ.push("sample: " + JSON.stringify(a && a.textContent.slice(0, 120)) + " live " + JSON.stringify(b && b.textContent.slice(0, 120)));
    }
    return res;
  }
  if (res.kind === "highlight" || res.kind === "diagram") { drawnProblems(f, res, "figure"); }
  if (res.kind === "gradient-flow" && f.querySelector(".wb-live-static figure.wb-plot")) { drawnProblems(f, res, "figure.wb-plot"); }
  var shown = f.querySelectorAll(".wb-live-static figure.wb-table"), live = f.querySelectorAll(".wb-live-out figure.wb-table");
  shown.forEach(function (t, i) {
    var rows = t.querySelectorAll("tbody tr"), liveRows = live[i] ? live[i].querySelectorAll("tbody tr") : [];
    if (rows.length !== liveRows.length) { res.differ.push("table " + (i + 1) + ": " + rows.length + " rows, live " + liveRows.length); }
    rows.forEach(function (row, k) {
      res.compared += row.cells.length - 1;
      if (!liveRows[k] || texts(row) !== texts(liveRows[k])) {
        res.differ.push("table " + (i + 1) + " row " + (k + 1) + ": " + texts(row) + " live " + (liveRows[k] ? texts(liveRows[k]) : "none"));
      }
    });
  });
  var field = f.querySelector(".wb-live-controls input"), before = f.querySelector(".wb-live-out").textContent;
  if (field) {
    field.value = Array.from(field.value).reverse().join("") + Array.from(field.value)[0];
    field.dispatchEvent(new Event("input"));
    var message = f.querySelector(".wb-live-message").textContent;
    if (message || f.querySelector(".wb-live-out").textContent === before) {
      res.differ.push("another input (" + field.value + ") was not computed: " + message);
    }
  }
  return res;
}
"""


# Added to a copy of each slide deck: the keys and the address tried in this window, then every slide measured in
# frames of the deck at 1920 x 1080, 1280 x 720 and a phone's 390 x 844.
SLIDES = (1920, 1080)
SLIDES_PROBE = """
window.addEventListener("load", function () {
  // The probe's own frames and the speaker view it opens load this copy too: they are measured from here.
  if (window.opener || window.parent !== window) { return; }
  function slides(d) { return Array.prototype.slice.call(d.querySelectorAll(".wb-deck > .wb-slide")); }
  function measure(win) {
    var d = win.document, r = {size: [win.innerWidth, win.innerHeight], slides: 0, over: [], scrolls: 0,
      wide: d.documentElement.scrollWidth > win.innerWidth + 1,
      scrollView: d.documentElement.classList.contains("wb-scroll-view"), text: 1e9};
    // The smallest text as drawn: its size, the zoom that fitted its slide and the scale of the deck.
    var deck = d.querySelector(".wb-deck"), scale = deck.getBoundingClientRect().width / deck.offsetWidth || 1;
    d.querySelectorAll(".wb-slide p, .wb-slide li, .wb-slide td, .wb-slide th, .wb-slide pre").forEach(function (el) {
      var body = el.closest(".wb-slide-body"), zoom = body ? parseFloat(win.getComputedStyle(body).zoom) || 1 : 1;
      r.text = Math.min(r.text, Math.round(10 * parseFloat(win.getComputedStyle(el).fontSize) * zoom * scale) / 10);
    });
    // A plot's smallest label as drawn on the deck's 1280 x 720 canvas (its drawing's scale, with the zoom that
    // fitted its slide, over the deck's own scale in the window).
    r.plotText = 1e9;
    d.querySelectorAll(".wb-slide figure.wb-plot svg").forEach(function (svg) {
      var box = svg.viewBox.baseVal, rect = svg.getBoundingClientRect();
      var drawn = Math.min(rect.width / box.width, rect.height / box.height) / scale;
      if (!(drawn > 0)) { r.plotText = -1; return; }
      svg.querySelectorAll("text").forEach(function (el) {
        r.plotText = Math.min(r.plotText, Math.round(10 * parseFloat(win.getComputedStyle(el).fontSize) * drawn) / 10);
      });
    });
    slides(d).forEach(function (s, k) {
      r.slides++;
      if (s.scrollHeight > s.clientHeight + 1 || s.scrollWidth > s.clientWidth + 1) {
        r.over.push((k + 1) + ": " + s.scrollWidth + "x" + s.scrollHeight + " in " + s.clientWidth + "x" + s.clientHeight);
      }
      // What overflows the body (under the heading) is drawn over the slide's padding, unseen by the slide's size.
      var b = s.querySelector(".wb-slide-body");
      if (b && !s.classList.contains("wb-scrolls") && b.scrollHeight > b.clientHeight + 1) {
        r.over.push((k + 1) + ": its body " + b.scrollHeight + " high in " + b.clientHeight);
      }
      if (s.classList.contains("wb-scrolls")) { r.scrolls++; }
    });
    // However large the deck is drawn, the page is no larger than the window: a phone's browser widens its page to
    // what overflows it, and turned sideways it kept the wider page and drew the slide past the screen's edge.
    if (!r.scrollView) {
      var kept = deck.style.transform;
      deck.style.transform = "scale(2)";
      r.widens = d.documentElement.scrollWidth > win.innerWidth + 1 || d.documentElement.scrollHeight > win.innerHeight + 1;
      deck.style.transform = kept;
    }
    var current = d.querySelector(".wb-slide.wb-current");
    var box = current ? current.getBoundingClientRect() : {left: -9, top: -9, right: 1e9, bottom: 1e9, width: 0, height: 1};
    r.inside = box.left >= -1 && box.top >= -1 && box.right <= win.innerWidth + 1 && box.bottom <= win.innerHeight + 1;
    r.ratio = Math.round(100 * box.width / box.height) / 100;
    return r;
  }
  function ready(win, then) {
    var tries = 0;
    (function wait() {
      var ok = win.document && win.document.documentElement.classList.contains("wb-slides-ready");
      if (ok || ++tries > 400) { then(ok); } else { setTimeout(wait, 25); }
    })();
  }
  // In the scroll view, a reader who scrolled to the third slide and pressed → is taken to the fourth.
  function scrolledKey(win, m) {
    var d = win.document, all = slides(d);
    if (!m.scrollView || all.length < 4) { return; }
    win.scrollTo(0, all[2].getBoundingClientRect().top + win.scrollY);
    d.dispatchEvent(new win.KeyboardEvent("keydown", {key: "ArrowRight", bubbles: true}));
    var bottom = win.scrollY + win.innerHeight >= d.documentElement.scrollHeight - 2;
    m.scrolledKey = [all.indexOf(d.querySelector(".wb-slide.wb-current")) + 1,
      Math.abs(all[3].getBoundingClientRect().top) <= 2 || bottom];
  }
  function frame(w, h, then) {
    var f = document.createElement("iframe");
    f.style.cssText = "position:absolute;left:0;top:0;border:0;width:" + w + "px;height:" + h + "px";
    f.src = location.href.split("#")[0] + "#/1";
    f.onload = function () {
      ready(f.contentWindow, function () { var m = measure(f.contentWindow); scrolledKey(f.contentWindow, m); f.remove(); then(m); });
    };
    document.body.appendChild(f);
  }
  function at() {
    var all = slides(document), current = document.querySelector(".wb-slide.wb-current");
    return location.hash + " " + (all.indexOf(current) + 1);
  }
  function key(k) { document.dispatchEvent(new KeyboardEvent("keydown", {key: k, bubbles: true})); }
  // A presenter's keys: ? shows the keys and Esc closes them; b blacks the screen out and b brings it back.
  function presenterKeys(r) {
    var deck = document.querySelector(".wb-deck"), p = r.presenter = {};
    key("?");
    var help = document.querySelector(".wb-help");
    p.help = !!help && help.textContent.indexOf("black screen") >= 0 && getComputedStyle(help).display !== "none";
    key("Escape");
    p.helpClosed = !document.querySelector(".wb-help") && !document.documentElement.classList.contains("wb-overview");
    key("b");
    p.blank = getComputedStyle(deck).visibility;
    key("b");
    p.back = getComputedStyle(deck).visibility;
  }
  // A figure cut over slides keeps its caption with each part (its number under the first part, not after the
  // rest of a long table two slides on).
  function captions(r) {
    r.captionless = [];
    slides(document).forEach(function (s, k) {
      s.querySelectorAll("figure.wb-figure").forEach(function (f) {
        if (!f.querySelector(":scope > figcaption") && f.closest(".wb-deck")) { r.captionless.push(k + 1); }
      });
    });
  }
  function done(r) {
    captions(r);
    presenterKeys(r);
    steps(r);
    speakerView(r, function () { speakerResized(r, function () {
      var out = document.createElement("pre"); out.id = "wb-slides-probe"; out.textContent = JSON.stringify(r);
      document.body.appendChild(out);
      everySlide(wbAxe);
    }); });
  }
  // On the first slide with steps (an exercise's hint, answers and solution, else a pause's part), → shows the
  // first step and stays on the slide; the next step stays hidden.
  function steps(r) {
    var all = slides(document);
    var k = all.findIndex(function (s) { return s.querySelector(".wb-reveal.fragment"); });
    if (k < 0 && document.querySelector(".wb-deck .wb-reveal")) { r.steps = {unrevealed: true}; return; }
    if (k < 0) { k = all.findIndex(function (s) { return s.querySelector(".fragment"); }); }
    if (k < 0) { return; }
    window.wbSlides.go(k);
    var parts = all[k].querySelectorAll(".fragment");
    var before = getComputedStyle(parts[0]).visibility;
    key("ArrowRight");
    r.steps = {slide: k + 1, at: window.wbSlides.current() + 1, reveal: !!all[k].querySelector(".wb-reveal"),
      before: before, first: getComputedStyle(parts[0]).visibility,
      second: parts.length > 1 ? getComputedStyle(parts[1]).visibility : "hidden"};
  }
  // The speaker view in a 1280 x 720 frame widened to 1920 x 1080: the next slide's copy is drawn as wide as its box.
  function speakerResized(r, then) {
    var f = document.createElement("iframe");
    f.style.cssText = "position:absolute;left:0;top:0;border:0;width:1280px;height:720px";
    f.src = location.href.split("#")[0] + "?speaker#/1";
    f.onload = function () {
      ready(f.contentWindow, function () {
        f.style.width = "1920px"; f.style.height = "1080px";
        // Headless Chromium's virtual time may run the timer before the frame's own resize event: sent here.
        void f.offsetWidth;
        f.contentWindow.dispatchEvent(new f.contentWindow.Event("resize"));
        setTimeout(function () {
          var box = f.contentDocument.querySelector(".wb-up-next"), copy = box && box.querySelector(".wb-slide");
          r.upNext = copy ? [Math.round(copy.getBoundingClientRect().width), box.clientWidth] : null;
          f.remove();
          then();
        }, 200);
      });
    };
    document.body.appendChild(f);
  }
  // The speaker view (s) opens in a window of its own on the slide shown here; going to a slide with notes here
  // takes it there with those notes, and a key pressed in it moves this window on.
  function speakerView(r, then) {
    var all = slides(document), k = all.findIndex(function (s) { return s.querySelector(".wb-notes"); });
    var s = r.speaker = {notes: k + 1};
    if (k < 0 || k + 1 >= all.length) { then(); return; }
    location.hash = "#/1";
    setTimeout(function () {
      key("s");
      var popup = open("", "wb-speaker");
      ready(popup, function (ok) {
        s.opened = ok && popup.document.documentElement.classList.contains("wb-speaker");
        if (!s.opened) { popup.close(); then(); return; }
        s.first = popup.wbSlides.current() + 1;
        window.wbSlides.go(k);
        setTimeout(function () {
          var d = popup.document, panel = d.querySelector(".wb-speaker-panel");
          s.at = popup.wbSlides.current() + 1;
          s.shown = panel ? panel.querySelector(".wb-speaker-notes").textContent.trim() : null;
          s.expected = all[k].querySelector(".wb-notes").textContent.trim();
          s.clock = panel ? panel.querySelector(".wb-clock").textContent : null;
          // Pause, restart and go on: the clock stops, starts again from 0:00 and runs.
          var click = function (name) {
            var b = d.querySelector(".wb-speaker-panel " + name);
            if (b) { b.click(); }
            return d.querySelector(".wb-speaker-panel .wb-clock").textContent.split(" · ")[1];
          };
          s.clockButtons = panel ? [click(".wb-clock-pause"), click(".wb-clock-reset"), click(".wb-clock-pause")] : null;
          var nextSlide = panel && panel.querySelector(".wb-up-next .wb-slide");
          s.next = nextSlide ? nextSlide.textContent.replace(/\s+/g, " ").trim().slice(0, 60) : null;
          s.expectedNext = all[k + 1].textContent.replace(/\s+/g, " ").trim().slice(0, 60);
          d.dispatchEvent(new popup.KeyboardEvent("keydown", {key: "End", bubbles: true}));
          setTimeout(function () {
            s.followed = window.wbSlides.current() + 1;
            s.count = all.length;
            popup.close();
            then();
          }, 200);
        }, 200);
      });
    }, 100);
  }
  // Every slide shown at once, as before the runtime ran (and every part of it), while `run` runs.
  function everySlide(run) {
    var root = document.documentElement, deck = document.querySelector(".wb-deck");
    var classes = root.className, transform = deck.style.transform;
    var hidden = Array.prototype.slice.call(document.querySelectorAll(".wb-slide[aria-hidden=true]"));
    root.classList.remove("wb-slides-ready", "wb-slides-js");
    deck.style.transform = "";
    hidden.forEach(function (s) { s.removeAttribute("aria-hidden"); });
    run(function () {
      root.className = classes;
      deck.style.transform = transform;
      hidden.forEach(function (s) { s.setAttribute("aria-hidden", "true"); });
    });
  }
  ready(window, function (ok) {
    var r = {ready: ok, windows: [], keys: []};
    location.hash = "#/1";
    setTimeout(function () {
      r.keys.push(at()); key("ArrowRight"); r.keys.push(at()); key("ArrowLeft"); r.keys.push(at());
      location.hash = "#/3";
      setTimeout(function () {
        r.keys.push(at());
        var sizes = [[1920, 1080], [1280, 720], [390, 844]];
        (function next() {
          var size = sizes.shift();
          if (!size) { done(r); return; }
          frame(size[0], size[1], function (m) { r.windows.push(m); next(); });
        })();
      }, 100);
    }, 100);
  });
});
"""


# axe-core's WCAG 2 A and AA rules (and 2.1's), run in the page after its probe, in the light theme and then the
# dark one; a deck's with every slide shown at once (as before its runtime runs). Appended to the probe's file,
# after axe-core itself (from the wheel that carries it: see .ci/browser-test).
AXE_PROBE = """
function wbAxe(then) {
  var root = document.documentElement, theme = root.dataset.theme, found = [];
  // KaTeX's drawing of a formula (aria-hidden; read out from its MathML) takes the colour of the text around it,
  // which is checked; its thousands of spans would make axe several times slower.
  var context = {exclude: [["#wb-phone-probe"], ["#wb-slides-probe"], [".katex-html"]]};
  var every = {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               resultTypes: ["violations"], preload: false};
  var colours = {runOnly: {type: "rule", values: ["color-contrast", "link-in-text-block"]},
                 resultTypes: ["violations"], preload: false};
  function pass(name, options, next) {
    root.dataset.theme = name;
    axe.run(context, options).then(function (r) {
      r.violations.forEach(function (v) {
        found.push({theme: name, id: v.id, help: v.help, count: v.nodes.length, nodes: v.nodes.slice(0, 3).map(function (n) {
          return n.target.join(" ") + " (" + (n.any.concat(n.all)[0] || {message: ""}).message + ")";
        })});
      });
      next();
    }, function (e) { found.push({theme: name, id: "axe-error", help: String(e), count: 1, nodes: []}); next(); });
  }
  // Every rule in the light theme; in the dark one, those that depend on colours.
  pass("light", every, function () { pass("dark", colours, function () {
    if (theme) { root.dataset.theme = theme; } else { delete root.dataset.theme; }
    var out = document.createElement("pre"); out.id = "wb-axe-probe"; out.textContent = JSON.stringify(found);
    document.body.appendChild(out);
    if (then) { then(); }
  }); });
}
"""


def axe_problems(dom):
    found = re.search(r'<pre id="wb-axe-probe"[^>]*>(.*?)</pre>', dom, flags=re.S)
    if not found:
        return ["axe-core did not run"]
    return [f"axe-core, {v['theme']} theme: {v['id']} ({v['help']}) on {v['count']} elements: " + "; ".join(v["nodes"])
            for v in json.loads(html.unescape(found.group(1)))]


def slide_problems(dom):
    found = re.search(r'<pre id="wb-slides-probe"[^>]*>(.*?)</pre>', dom, flags=re.S)
    if not found:
        return ["the slides probe did not run"], ""
    r = json.loads(html.unescape(found.group(1)))
    if not r["ready"]:
        return ["the slide runtime did not finish laying the slides out"], ""
    problems = []
    count = r["windows"][0]["slides"]
    for w in r["windows"]:
        size = "x".join(map(str, w["size"]))
        if w["slides"] != count:
            problems.append(f"at {size} the deck has {w['slides']} slides, at 1920x1080 {count}")
        if w["over"]:
            problems.append(f"at {size} slides overflow their 16:9 frame: " + "; ".join(w["over"][:5]))
        if w["size"][0] < 435:
            # A phone held upright reads the deck as a page (the scroll view), its text at reading size.
            if not w["scrollView"] or w["wide"] or w["text"] < 13:
                problems.append(f"at {size} the slides are not a page of text of 13 px or more as wide as the screen: {w}")
            if count >= 4 and w.get("scrolledKey") != [4, True]:
                problems.append(f"at {size}, scrolled to slide 3, → does not go to slide 4: {w.get('scrolledKey')}")
        elif w["scrollView"] or not w["inside"] or abs(w["ratio"] - 16 / 9) > 0.02 or w["wide"]:
            problems.append(f"at {size} the slide's frame is not a 16:9 box inside the window: {w}")
        elif w.get("widens"):
            problems.append(f"at {size} the deck drawn larger than the window makes the page larger than the window "
                            "(a phone turned sideways keeps the larger page and draws the slide past the screen)")
        if w["size"][0] >= 435 and w["plotText"] < 14:
            problems.append(f"at {size} a plot's labels are drawn at {w['plotText']} px, under the slides' 14 px")
    up_next = r.get("upNext")
    if count >= 2 and (not up_next or abs(up_next[0] - up_next[1]) > 2):
        problems.append(f"the speaker view widened to 1920x1080 draws the next slide {up_next and up_next[0]} px wide "
                        f"in its box of {up_next and up_next[1]} px")
    problems += speaker_problems(r.get("speaker"))
    if r.get("captionless"):
        problems.append(f"a figure cut over slides lost its caption on slides {r['captionless']}")
    keys = r.get("presenter")
    if keys != {"help": True, "helpClosed": True, "blank": "hidden", "back": "visible"}:
        problems.append(f"? does not show the keys and Esc close them, or b does not black out and back: {keys}")
    st = r.get("steps")
    if st and st.get("unrevealed"):
        problems.append("an exercise's hint, answers or solution (.wb-reveal) is shown with its question, not as a step")
    elif st and (st["at"] != st["slide"] or (st["before"], st["first"], st["second"]) != ("hidden", "visible", "hidden")):
        problems.append(f"on slide {st['slide']}, the first with steps, → does not show its first step alone: {st}")
    expected = ["#/1 1", "#/2 2", "#/1 1", "#/3 3"] if count >= 3 else []
    if count < 3 or r["keys"] != expected:
        problems.append(f"the arrow keys and #/n do not move between slides: {r['keys']} (expected {expected})")
    framed = [w for w in r["windows"] if not w["scrollView"]]
    paged = [f"read as a page at {'x'.join(map(str, w['size']))} (text {w['text']} px and larger)"
             for w in r["windows"] if w["scrollView"]]
    plots = min((w["plotText"] for w in framed), default=1e9)
    return problems, f"{count} slides fit at {', '.join('x'.join(map(str, w['size'])) for w in framed)}, " \
        + (f"plot labels {plots} px and larger, " if plots < 1e9 else "") + "".join(p + ", " for p in paged) + f"{r['windows'][0]['scrolls']} scrolling, keys and #/n move" \
        + (f", → shows slide {st['slide']}'s first {'revealed part' if st['reveal'] else 'step'} alone"
           if st and not st.get("unrevealed") else "")


def speaker_problems(s):
    """What is wrong with the speaker view the probe opened, if it had a slide with notes to go to."""
    if not s or not s["notes"]:
        return []
    if not s.get("opened"):
        return [f"the speaker view (s) did not open in a window of its own: {s}"]
    problems = []
    if s["first"] != 1:
        problems.append(f"the speaker view opened on slide {s['first']}, not on the audience's slide 1")
    if s["at"] != s["notes"] or s["shown"] != s["expected"]:
        problems.append(f"going to slide {s['notes']} took the speaker view to slide {s['at']} with the notes "
                        f"{s['shown']!r}, not {s['expected']!r}")
    if s["next"] != s["expectedNext"]:
        problems.append(f"the speaker view shows {s['next']!r} as the next slide, not {s['expectedNext']!r}")
    if not re.fullmatch(rf"Slide {s['notes']} of {s['count']} · \d+:\d\d · \d\d:\d\d", s["clock"] or ""):
        problems.append(f"the speaker view's clock reads {s['clock']!r} (the slide, the talk's time, the time of day)")
    buttons = s.get("clockButtons") or []
    if len(buttons) != 3 or not buttons[0].endswith("(paused)") or buttons[1] != "0:00 (paused)" \
            or buttons[2] != "0:00":
        problems.append(f"the speaker view's Pause, Restart and Go on do not stop, restart and run the clock: {buttons}")
    if s["followed"] != s["count"]:
        problems.append(f"End pressed in the speaker view took the audience's window to slide {s['followed']}, "
                        f"not the last ({s['count']})")
    return problems


def phone_problems(dom, live_figures):
    found = re.search(r'<pre id="wb-phone-probe"[^>]*>(.*?)</pre>', dom, flags=re.S)
    if not found:
        return ["the phone probe did not run"]
    r = json.loads(html.unescape(found.group(1)))
    problems = []
    # Every live figure ran, and showed the static figure's digits for the lesson's own input.
    if len(r["live"]) != live_figures:
        problems.append(f"{live_figures} live figures in the page but {len(r['live'])} found by the probe")
    for n, figure in enumerate(r["live"], 1):
        if figure["state"] != "ready" or not figure["compared"] or figure["differ"]:
            problems.append(f"live figure {n} ({figure['kind']}): {figure['state']}, {figure['compared']} values compared, "
                            + "; ".join(figure["differ"][:3]))
    if r["tags"]:
        problems.append(f"at {PHONE[0]} px wide an equation's number is drawn over it: " + "; ".join(r["tags"][:3]))
    if r["scroll"] > r["width"] + 1:
        problems.append(f"at {PHONE[0]} px wide the page is {r['scroll']} px wide: " + "; ".join(r["wide"]))
    menu = r.get("menu")
    if menu is None:
        return problems + ["no menu button and sidebar"]
    if not menu["hidden"]:
        problems.append("on a phone the sidebar shows before the menu button opens it")
    if not menu["opened"] or not menu["closed"]:
        problems.append(f"the menu button does not open and close the sidebar: {menu}")
    small = [name for name, (w, h) in (("menu", menu["size"]), ("theme", menu["theme"])) if w < 44 or h < 44]
    if small or 0 < menu["link"] < 44:
        problems.append(f"touch targets under 44 px: {small} {menu}")
    return problems


def xref_problem(href, text, target_html):
    """Why a cross-reference's text does not match its target in the target page's HTML, or None."""
    fragment = href.partition("#")[2]
    at = target_html.find(f'id="{fragment}"')
    if at < 0:
        return f"the cross-reference {href} goes to an anchor the page does not have"
    start = target_html.rfind("<", 0, at)
    element = target_html[start:start + 200000]
    number = re.search(r"\d+\.\d+", text)
    if element.startswith("<span"):
        tag = re.match(r"[^>]*>[^<]*?\\tag\{([^}]*)\}</span>", element)
        ok = number and tag and tag.group(1) == number.group(0)
    elif element.startswith("<figure"):
        # Its own caption: before the next numbered figure (a plot's figure inside has a caption of its own).
        after = element.find(">")
        end = min([i for i in (element.find('class="wb-figure"', after), element.find('class="wb-float"', after))
                   if i > 0], default=len(element))
        ok = number and re.search("<figcaption>" + re.escape(text) + "[:<]", element[:end])
    elif re.match(r"<h[1-6]", element):
        heading = re.match(r"<h[1-6][^>]*>(.*?)</h[1-6]>", element, re.S)
        ok = heading and re.sub(r"<[^>]+>", "", heading.group(1)).startswith(html.unescape(text))
    else:
        ok = False
    return None if ok else f"the cross-reference '{text}' ({href}) does not match its target {element[:120]!r}"


def check(path, shots):
    url = path.resolve().as_uri()
    deck = path.name.endswith(".slides.html")
    # The page's DOM after its scripts ran, from a copy with the phone probe added, laid out at a phone's width (a
    # deck's with the slides probe, at a projector's size; its frames of itself need the file's own origin).
    probe, size, extra = (SLIDES_PROBE, SLIDES, ["--allow-file-access-from-files", "--disable-popup-blocking"]) \
        if deck else (PROBE, PHONE, [])
    with tempfile.NamedTemporaryFile("w", suffix=".html", prefix=".phone-", dir=path.parent, delete=False,
                                     encoding="utf-8") as f:
        script = pathlib.Path(f.name).with_suffix(".js")
        f.write(path.read_text(encoding="utf-8").replace("</body>", f'<script src="{script.name}"></script></body>'))
        copy = pathlib.Path(f.name)
    try:
        # The probe is a file of its own: a page with live figures allows no inline script (its CSP).
        script.write_text(AXE.read_text(encoding="utf-8") + AXE_PROBE + probe, encoding="utf-8")
        run = subprocess.run(CHROMIUM + extra + [f"--window-size={size[0]},{size[1]}", "--dump-dom", copy.as_uri()],
                             capture_output=True, text=True, timeout=300)
    finally:
        copy.unlink()
        script.unlink(missing_ok=True)
    problems = []
    if run.returncode != 0:
        problems.append(f"chromium exited with {run.returncode}")
    live_figures = path.read_text(encoding="utf-8").count('<div class="wb-live" data-wb-live=')
    summary = ""
    if deck:
        found, summary = slide_problems(run.stdout)
        problems += found
    else:
        problems += phone_problems(run.stdout, live_figures)
    problems += axe_problems(run.stdout)
    page = Page()
    page.feed(run.stdout)
    source = Page()
    source.feed(path.read_text(encoding="utf-8"))
    if page.typeset < source.math_spans:
        problems.append(f"{source.math_spans} math spans but only {page.typeset} typeset by KaTeX")
    if page.errors:
        problems.append(f"{page.errors} KaTeX errors")
    visible = "".join(page.text)
    raw = re.findall(r"\$[^\s$](?:[^$]*?[^\s$])?\$", visible)
    if raw:
        problems.append(f"raw math left in the text: {raw[:3]}")
    # Every figure the page holds is in the rendered page, drawn: a plot or a diagram as an SVG with its shapes
    # (a diagram with a title and a description for screen readers), a highlight with its coloured tokens.
    drawn = {f["kind"]: 0 for f in source.figures}
    for f in page.figures:
        kind = f["kind"]
        if kind == "live":
            continue
        ok = {"wb-plot": f["svg"] == 1, "wb-diagram": f["svg"] == 1 and f["title"] >= 1 and f["desc"] == 1 and f["cells"] > 0,
              "wb-highlight": f["tokens"] > 0}.get(kind, True)
        if ok:
            drawn[kind] = drawn.get(kind, 0) + 1
        else:
            problems.append(f"a {kind} figure is not drawn: {f}")
    for kind in drawn:
        expected = sum(1 for f in source.figures if f["kind"] == kind)
        # A deck may cut a figure (a table's rows) in two, onto a slide and its continuation.
        if drawn[kind] < expected or (drawn[kind] > expected and not deck):
            problems.append(f"{expected} {kind} figures in the page but {drawn[kind]} drawn")
    # Every link to a page or file of the site resolves, and so does its #anchor.
    for href in sorted(set(source.links)):
        if re.match(r"^[a-z][a-z0-9+.-]*:", href) or href.startswith("//"):
            continue
        target, _, fragment = href.partition("#")
        file = (path.parent / target).resolve() if target else path.resolve()
        if not file.exists():
            problems.append(f"the link {href} goes to a file that does not exist")
        elif fragment and file.suffix == ".html" and f'id="{fragment}"' not in file.read_text(encoding="utf-8"):
            problems.append(f"the link {href} goes to an anchor the page does not have")
    # Every cross-reference leads to what its text names; none is left unresolved (`?@label`).
    for href, text in source.xrefs:
        target, _, _ = href.partition("#")
        file = (path.parent / target).resolve() if target else path.resolve()
        problem = xref_problem(href, text, file.read_text(encoding="utf-8")) if file.exists() else None
        if problem:
            problems.append(problem)
    if "?@" in visible:
        problems.append("an unresolved cross-reference ('?@…') is shown")
    logged = [line for line in run.stderr.splitlines() if "CONSOLE" in line
              and ("Uncaught" in line or "Error" in line or "Content Security Policy" in line)]
    if logged:
        problems.append("script errors: " + " | ".join(logged[:3]))
    shots.mkdir(parents=True, exist_ok=True)
    name = str(path).replace('/', '_')[:-5]
    shot = "1280,720" if deck else "1200,2400"
    subprocess.run(CHROMIUM + [f"--window-size={shot}", f"--screenshot={shots / (name + '.png')}", url],
                   capture_output=True, timeout=120)
    if path.name in ("index.html", "01-hello.html"):
        subprocess.run(CHROMIUM + [f"--window-size={PHONE[0]},{PHONE[1]}", f"--screenshot={shots / (name + '.phone.png')}", url],
                       capture_output=True, timeout=120)
    return (source.math_spans, len(source.figures), len(source.xrefs), live_figures, summary), problems


def main():
    folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "Output")
    shots = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else ".build/browser-screenshots")
    pages = sorted(folder.glob("*.html"))
    # One student's edition too (the others differ only in their numbers): a site of its own, with its own assets.
    students = sorted(p for p in folder.glob("student/*") if p.is_dir())
    if students:
        pages += sorted(students[0].glob("*.html"))
    failed = 0
    for page in pages:
        spans, problems = check(page, shots)
        if problems:
            failed += 1
            for p in problems:
                print(f"{page}: error: {p}")
        else:
            print(f"{page}: ok ({spans[0]} math spans typeset, {spans[1]} figures drawn, {spans[2]} cross-references "
                  f"followed, {spans[3]} live figures as printed, no script errors" + (f"; {spans[4]}" if spans[4] else "") + ")")
    print(f"{len(pages) - failed} passed, {failed} failed")
    sys.exit(1 if failed or not pages else 0)


if __name__ == "__main__":
    main()
