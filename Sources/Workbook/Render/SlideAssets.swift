/// The slide runtime: `assets/slides.js` and `assets/slides.css`, which every slide deck links after the pages'
/// own script (that typesets the math) and stylesheet. Written here because reveal.js is not packaged by Debian and
/// npm is out of reach; it does what the decks need and no more (see the README).
///
/// The slides are laid out on a 1280×720 canvas, scaled as a whole to the window, so a slide fits or overflows the
/// same at any window size. Once the math is typeset and the fonts are loaded, each slide too full for its frame is
/// zoomed out, to no less than 14 px text (a plot's labels included, as its drawing is shown: plots are drawn on a
/// slide's smaller `SVGPlot.Canvas` for that); what still does not fit at 0.8 (or at the zoom its smallest text
/// allows) goes to a continuation slide (at the last top-level block, list item or table row that fits; the table's header
/// is repeated); a single block too large even then scrolls inside the slide.
///
/// Below 435 px of width (a phone held upright; where reveal.js switches to its scroll view) the frame would draw
/// the 26 px text at 8 px: the slides are read as a page instead (the scroll view, also `?view=scroll`), one under
/// the other at the width of the screen with text at reading size, every part shown, wide blocks scrolling sideways
/// inside themselves.
enum SlideAssets {
    static let script = #"""
        "use strict";
        (function () {
          var WIDTH = 1280, HEIGHT = 720, TEXT = 26, MINIMUM_TEXT = 14, SCROLL_VIEW_BELOW = 435;
          var ZOOMS = [1, 0.95, 0.9, 0.85, 0.8], SMALLER = [0.75, 0.7, 0.65, 0.6, MINIMUM_TEXT / TEXT];
          var deck, slides = [], current = 0, shown = 0, placed = 0, partner = null, started = Date.now(), paused = null;

          document.addEventListener("DOMContentLoaded", function () {
            deck = document.querySelector(".wb-deck");
            if (!deck) { return; }
            var root = document.documentElement;
            root.classList.add("wb-slides-js");
            if (/[?&]speaker\b/.test(location.search)) { root.classList.add("wb-speaker"); }
            // An incremental list's items, and what an exercise asks after its question (its hint, answers and
            // solution: `wb-reveal`), come one key press at a time.
            document.querySelectorAll(".wb-incremental li, .wb-deck .wb-reveal").forEach(function (el) {
              el.classList.add("fragment");
            });
            void document.body.offsetHeight;
            var fonts = document.fonts && document.fonts.ready ? document.fonts.ready : Promise.resolve();
            fonts.then(function () {
              layOut();
              document.dispatchEvent(new Event("wb-laid-out"));
              setUp();
              go(fromHash(), 0, true);
              root.classList.add("wb-slides-ready");
            });
          });

          // A slide whose only content is one image (alone in its paragraph, or a figure of it with its caption):
          // the image is drawn as large as the slide allows, as Quarto's auto-stretch draws it.
          function loneImage(slide) {
            var inner = body(slide), only = inner && inner.children.length === 1 ? inner.children[0] : null;
            if (!only) { return false; }
            var holder = only.matches("figure.wb-figure") ? only.querySelector(":scope > img, :scope > p") : only;
            if (only.matches("figure.wb-figure") && only.children.length !== (only.querySelector(":scope > figcaption") ? 2 : 1)) {
              return false;
            }
            if (!holder) { return false; }
            if (holder.matches("img")) { return true; }
            return holder.matches("p") && holder.children.length === 1 && holder.children[0].matches("img") &&
              holder.textContent.trim() === "";
          }

          // Fitting: each slide zoomed out until it fits, split where zooming out is not enough.
          function layOut() {
            for (var i = 0; i < deck.children.length; i++) {
              var slide = deck.children[i];
              if (loneImage(slide)) { body(slide).classList.add("wb-stretch"); }
              slide.classList.add("wb-measuring");
              fit(slide);
              slide.classList.remove("wb-measuring");
            }
            slides = Array.prototype.slice.call(deck.querySelectorAll(":scope > .wb-slide"));
            slides.forEach(function (slide, k) {
              slide.setAttribute("aria-roledescription", "slide");
              slide.setAttribute("aria-label", (k + 1) + " of " + slides.length);
              slide.dataset.wbNumber = (k + 1) + " / " + slides.length;
            });
          }

          function body(slide) { return slide.querySelector(".wb-slide-body"); }
          // The body is shrunk to the space under the heading, so what overflows it is drawn over the slide's
          // padding, where the slide's own scroll size does not see it: both are measured.
          function tooFull(slide) {
            var inner = body(slide);
            return slide.scrollHeight > slide.clientHeight + 1 || slide.scrollWidth > slide.clientWidth + 1 ||
              inner.scrollHeight > inner.clientHeight + 1;
          }
          function tooWide(slide) {
            return Array.prototype.some.call(
              body(slide).querySelectorAll(".wb-table-wrap, pre, .math.display, figure.wb-diagram, table"),
              function (el) { return el.scrollWidth > el.clientWidth + 1; });
          }
          function zoom(slide, z) { body(slide).style.zoom = z === 1 ? "" : String(z); }
          function fits(slide) { return !tooFull(slide) && !tooWide(slide); }

          function fit(slide) {
            zoom(slide, 1);
            var floor = MINIMUM_TEXT / smallestText(slide);
            // Zoomed out no further than the smallest text allows (unzoomed, a slide is always tried).
            for (var k = 0; k < ZOOMS.length && (k === 0 || ZOOMS[k] >= floor - 0.001); k++) {
              zoom(slide, ZOOMS[k]);
              if (fits(slide)) { return; }
            }
            if (tooFull(slide) && split(slide)) { fit(slide); return; }
            var least = 1;
            zoom(slide, 1);
            for (k = 0; k < SMALLER.length && SMALLER[k] >= floor - 0.001; k++) {
              least = SMALLER[k];
              zoom(slide, least);
              if (fits(slide)) { return; }
            }
            // What fits at no zoom its text allows scrolls, at the smallest of them.
            if (tooFull(slide)) {
              if (least === 1) { least = ZOOMS.filter(function (z) { return z >= floor - 0.001; }).pop() || 1; }
              zoom(slide, least);
              slide.classList.add("wb-scrolls");
            }
          }

          // The smallest text on the slide unzoomed (code and tables are drawn smaller than prose, a plot's labels
          // at the scale its drawing is shown), which zooming out must keep at 14 px or more. A plot whose labels
          // are smaller than that unzoomed (a heatmap of many rows, drawn at the slide's 400 px of height) does not
          // hold the rest of the slide back.
          function smallestText(slide) {
            var smallest = TEXT;
            body(slide).querySelectorAll("p, li, td, th, pre, figcaption, h3, h4").forEach(function (el) {
              smallest = Math.min(smallest, parseFloat(getComputedStyle(el).fontSize) || TEXT);
            });
            body(slide).querySelectorAll("figure.wb-plot svg").forEach(function (svg) {
              var scale = drawingScale(svg);
              if (!(scale > 0)) { return; }
              svg.querySelectorAll("text").forEach(function (el) {
                var size = (parseFloat(getComputedStyle(el).fontSize) || TEXT) * scale;
                if (size >= MINIMUM_TEXT) { smallest = Math.min(smallest, size); }
              });
            });
            return smallest;
          }
          // How many canvas pixels a unit of an SVG's drawing takes (its viewBox fitted into its box, as
          // preserveAspectRatio's default does), whatever the deck's own scale in the window.
          function drawingScale(svg) {
            var box = svg.viewBox && svg.viewBox.baseVal, rect = svg.getBoundingClientRect(), deck = svg.closest(".wb-deck");
            var deckScale = deck && deck.offsetWidth ? deck.getBoundingClientRect().width / deck.offsetWidth : 1;
            if (!box || !box.width || !box.height || !deckScale) { return 0; }
            return Math.min(rect.width / box.width, rect.height / box.height) / deckScale;
          }

          // Candidates to split before: the slide's blocks, and inside them the parts of a directive, a callout, a
          // fragment, the items of a list and the rows of a table; the first one that ends below the frame and has
          // something before it on the slide.
          var INNER = ".wb-directive > *, .wb-callout-body > *, .fragment > *, .wb-incremental > *, .wb-box > *, li, tbody > tr";
          var PARTS = ":scope > *, " + INNER;
          // A block that starts in the slide's upper half is cut inside, where it can be, rather than moved whole.
          function split(slide) {
            return splitAt(slide, true) || splitAt(slide, false);
          }
          function splitAt(slide, fillHalf) {
            var limit = slide.getBoundingClientRect().top + slide.clientHeight - paddingBottom(slide);
            var half = (body(slide).getBoundingClientRect().top + limit) / 2;
            var parts = body(slide).querySelectorAll(PARTS);
            for (var i = 0; i < parts.length; i++) {
              var part = parts[i];
              if (part.getBoundingClientRect().bottom <= limit - captionAfter(part)) { continue; }
              if (!somethingBefore(part, body(slide))) { continue; }
              if (fillHalf && part.getBoundingClientRect().top < half && part.querySelector(INNER)) { continue; }
              if (part.tagName === "PRE" && splitLines(part, limit)) { return true; }
              if (part.matches("h1, h2, h3, h4, figcaption, .wb-callout-title, thead, thead *")) { continue; }
              // A heading, or a paragraph that ends with a colon, introduces what follows: it goes along.
              for (var intro = part.previousElementSibling; intro && somethingBefore(intro, body(slide));
                   intro = part.previousElementSibling) {
                if (!/^H[3-6]$/.test(intro.tagName) && !(intro.tagName === "P" && /:\s*$/.test(intro.textContent))) { break; }
                part = intro;
              }
              carry(slide, part);
              return true;
            }
            return false;
          }
          // A listing cut between its lines: the lines that fit stay, the others go to a copy after it (which the
          // next split carries to the continuation).
          function splitLines(pre, limit) {
            var code = pre.querySelector("code") || pre;
            var lines = code.textContent.replace(/\n$/, "").split("\n");
            var box = pre.getBoundingClientRect();
            var lineHeight = (box.height - paddingBottom(pre) * 2) / lines.length;
            var fit = Math.floor((limit - box.top - paddingBottom(pre) * 2) / lineHeight);
            if (fit < 3 || fit >= lines.length) { return false; }
            var rest = pre.cloneNode(true);
            (rest.querySelector("code") || rest).textContent = lines.slice(fit).join("\n") + "\n";
            code.textContent = lines.slice(0, fit).join("\n") + "\n";
            pre.parentNode.insertBefore(rest, pre.nextSibling);
            carry(pre.closest(".wb-slide"), rest);
            return true;
          }
          function paddingBottom(el) { return parseFloat(getComputedStyle(el).paddingBottom) || 0; }
          // The room that the caption of the figure `part` stands in takes when the figure is cut before `part`:
          // the caption comes after the figure's content and stays with its first part (`keepCaption`).
          function captionAfter(part) {
            var figure = part.parentElement && part.parentElement.closest(".wb-slide-body figure.wb-figure");
            var caption = figure && figure.querySelector(":scope > figcaption");
            if (!caption || caption.contains(part) || !(part.compareDocumentPosition(caption) & Node.DOCUMENT_POSITION_FOLLOWING)) {
              return 0;
            }
            return caption.getBoundingClientRect().height + (parseFloat(getComputedStyle(caption).marginTop) || 0);
          }
          function somethingBefore(part, top) {
            for (var el = part; el && el !== top; el = el.parentElement) {
              var before = el.previousElementSibling;
              while (before && /^(FIGCAPTION|THEAD|H4)$/.test(before.tagName)) { before = before.previousElementSibling; }
              if (before) { return true; }
            }
            return false;
          }

          // Moves `part` and everything after it to a new slide after `slide`, under the same heading; a table cut
          // in two gets its header again, and a list its numbering.
          function carry(slide, part) {
            var figure = part.parentElement && part.parentElement.closest(".wb-slide-body figure.wb-figure");
            var range = document.createRange();
            range.setStartBefore(part);
            range.setEndAfter(body(slide).lastChild);
            var moved = range.extractContents();
            var next = slide.cloneNode(false);
            next.removeAttribute("id");
            next.classList.add("wb-continued");
            var heading = slide.querySelector(":scope > h2");
            if (heading) { next.appendChild(heading.cloneNode(true)).removeAttribute("id"); }
            var nextBody = body(slide).cloneNode(false);
            nextBody.style.zoom = "";
            nextBody.appendChild(moved);
            next.appendChild(nextBody);
            var table = nextBody.querySelector("table");
            var kept = body(slide).querySelectorAll("table");
            var original = kept.length ? kept[kept.length - 1] : null;
            if (table && !table.tHead && original && original.tHead) {
              table.insertBefore(original.tHead.cloneNode(true), table.firstChild);
            }
            nextBody.querySelectorAll("ol").forEach(function (list) {
              var first = list.querySelector(":scope > li");
              if (!first || list.previousElementSibling) { return; }
              var lists = body(slide).querySelectorAll("ol");
              var before = lists.length ? lists[lists.length - 1] : null;
              if (before) {
                var start = parseInt(before.getAttribute("start") || "1", 10);
                list.setAttribute("start", String(start + before.querySelectorAll(":scope > li").length));
              }
            });
            keepCaption(figure, nextBody);
            nextBody.querySelectorAll("[id]").forEach(function (el) {
              if (body(slide).querySelector("#" + CSS.escape(el.id))) {
                el.removeAttribute("id");
              }
            });
            slide.parentNode.insertBefore(next, slide.nextSibling);
          }

          // A figure cut in two keeps its caption (its number, what it shows) under its first part, and its
          // continuation's caption says it continues (the caption came last, after the rest of a long table).
          function keepCaption(figure, nextBody) {
            var caption = nextBody.querySelector("figure.wb-figure > figcaption");
            if (!figure || !caption || figure.querySelector(":scope > figcaption")) { return; }
            figure.appendChild(caption.cloneNode(true));
            caption.classList.add("wb-caption-continued");
          }

          // Navigation.
          function fragments(k) { return slides[k] ? slides[k].querySelectorAll(".fragment") : []; }
          function go(k, step, quiet) {
            k = Math.max(0, Math.min(slides.length - 1, k));
            var count = fragments(k).length;
            step = step < 0 ? count : Math.min(step, count);
            slides.forEach(function (slide, j) {
              slide.classList.toggle("wb-current", j === k);
              slide.setAttribute("aria-hidden", j === k ? "false" : "true");
            });
            Array.prototype.forEach.call(fragments(k), function (f, j) { f.classList.toggle("wb-shown", j < step); });
            if (current !== k && scrollView()) { scrollTo(0, slides[k].getBoundingClientRect().top + scrollY); }
            placed = scrollY;
            current = k;
            shown = step;
            if (location.hash !== "#/" + (k + 1)) { history.replaceState(null, "", "#/" + (k + 1)); }
            document.querySelector(".wb-slide-number").textContent = (k + 1) + " / " + slides.length;
            document.querySelector(".wb-progress > div").style.width = (100 * (k + 1) / slides.length) + "%";
            speakerPanel();
            if (!quiet) { tell(); }
          }
          // The scroll view is read by scrolling too: once the reader has scrolled, the keys go on from the slide
          // at the top of the window (the last one whose top is in its upper third), not from the one they left.
          function scrollView() { return document.documentElement.classList.contains("wb-scroll-view"); }
          function fromScroll() {
            if (!scrollView() || Math.abs(scrollY - placed) < 2) { return; }
            var k = 0;
            slides.forEach(function (slide, j) { if (slide.getBoundingClientRect().top <= innerHeight / 3) { k = j; } });
            if (k !== current) { current = k; shown = fragments(k).length; }
          }
          function next() {
            fromScroll();
            if (shown < fragments(current).length) { go(current, shown + 1); } else { go(current + 1, 0); }
          }
          function previous() {
            fromScroll();
            if (shown > 0) { go(current, shown - 1); } else if (current > 0) { go(current - 1, -1); }
          }
          function fromHash() {
            var hash = decodeURIComponent(location.hash.slice(1));
            var number = /^\/(\d+)$/.exec(hash);
            if (number) { return parseInt(number[1], 10) - 1; }
            var target = hash && document.getElementById(hash);
            var slide = target && target.closest(".wb-slide");
            return slide ? slides.indexOf(slide) : 0;
          }

          function setUp() {
            scale();
            addEventListener("resize", scale);
            addEventListener("hashchange", function () { go(fromHash(), 0); });
            document.addEventListener("keydown", key);
            document.querySelector(".wb-next").addEventListener("click", next);
            document.querySelector(".wb-prev").addEventListener("click", previous);
            document.querySelector(".wb-overview-button").addEventListener("click", overview);
            document.querySelector(".wb-speaker-button").addEventListener("click", speaker);
            slides.forEach(function (slide, k) {
              slide.addEventListener("click", function () {
                if (document.documentElement.classList.contains("wb-overview")) { overview(); go(k, 0); }
              });
            });
            var x = null, y = null;
            deck.addEventListener("touchstart", function (e) { x = e.touches[0].clientX; y = e.touches[0].clientY; },
              { passive: true });
            deck.addEventListener("touchend", function (e) {
              // In the scroll view a sideways swipe scrolls a wide table or equation, and moves nothing else.
              if (x === null || document.documentElement.classList.contains("wb-scroll-view")) { return; }
              var dx = e.changedTouches[0].clientX - x, dy = e.changedTouches[0].clientY - y;
              if (Math.abs(dx) > 40 && Math.abs(dx) > Math.abs(dy)) { if (dx < 0) { next(); } else { previous(); } }
              x = null;
            });
            // The speaker view and the audience's window keep each other on the same slide; the speaker view, once
            // its slides are laid out, asks where the other is (it may have moved on while this one loaded).
            addEventListener("message", function (e) {
              if (!e.data) { return; }
              if (e.data.wbWhere) { partner = e.source; tell(); }
              if (typeof e.data.wbSlide === "number") { partner = e.source; go(e.data.wbSlide, e.data.wbStep, true); }
              if (typeof e.data.wbBlank === "boolean") { partner = e.source; blank(e.data.wbBlank, true); }
            });
            if (window.opener) {
              partner = window.opener;
              try { partner.postMessage({ wbWhere: true }, "*"); } catch (e) {}
            }
          }
          function tell() {
            if (partner) { try { partner.postMessage({ wbSlide: current, wbStep: shown }, "*"); } catch (e) {} }
          }

          function key(e) {
            if (e.altKey || e.ctrlKey || e.metaKey || /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)) { return; }
            var overviewOn = document.documentElement.classList.contains("wb-overview");
            switch (e.key) {
              case "ArrowRight": case "ArrowDown": case "PageDown": case " ": case "n":
                if (overviewOn) { go(current + 1, -1); } else { next(); } break;
              case "ArrowLeft": case "ArrowUp": case "PageUp": case "p": case "Backspace":
                if (overviewOn) { go(current - 1, -1); } else { previous(); } break;
              case "Home": go(0, 0); break;
              case "End": go(slides.length - 1, -1); break;
              case "Escape": if (!help(false)) { overview(); } break;
              case "o": overview(); break;
              case "Enter": if (overviewOn) { overview(); } else { return; } break;
              case "s": speaker(); break;
              case "b": case "B": case ".": blank(!document.documentElement.classList.contains("wb-blank")); break;
              case "f": fullScreen(); break;
              case "g": var to = parseInt(prompt("Go to slide (1–" + slides.length + ")") || "", 10);
                if (to > 0) { go(to - 1, 0); } break;
              case "?": help(!document.querySelector(".wb-help")); break;
              default: return;
            }
            e.preventDefault();
          }

          // The screen blacked out (b, . or B, as in reveal.js) while the class looks elsewhere; the speaker view's
          // window and the audience's black out together.
          function blank(on, quiet) {
            document.documentElement.classList.toggle("wb-blank", on);
            if (!quiet && partner) { try { partner.postMessage({ wbBlank: on }, "*"); } catch (e) {} }
          }

          function fullScreen() {
            var root = document.documentElement;
            if (document.fullscreenElement) { document.exitFullscreen(); }
            else if (root.requestFullscreen) { root.requestFullscreen().catch(function () {}); }
          }

          // The keys (?), over the slide until ? or Esc; whether it was open.
          function help(on) {
            var box = document.querySelector(".wb-help");
            if (box && !on) { box.remove(); return true; }
            if (box || !on) { return false; }
            box = document.createElement("div");
            box.className = "wb-help";
            box.setAttribute("role", "dialog");
            box.setAttribute("aria-label", "Keys");
            var rows = [["→ ↓ Space PageDown n", "next step or slide"], ["← ↑ PageUp p Backspace", "back"],
              ["Home / End", "first / last slide"], ["g", "go to a slide by its number"], ["o", "overview"],
              ["s", "speaker view: notes, next slide, clock"], ["b or .", "black screen, and back"],
              ["f", "full screen, and back"], ["?", "these keys; Esc closes"]];
            var table = document.createElement("table");
            rows.forEach(function (row) {
              var tr = table.insertRow(), k = document.createElement("th");
              k.scope = "row";
              k.textContent = row[0];
              tr.appendChild(k);
              tr.insertCell().textContent = row[1];
            });
            box.appendChild(table);
            document.body.appendChild(box);
            return false;
          }

          // The deck scaled as a whole to the space it has (the window, or its left part in the speaker view), or,
          // in a narrow window, read as a page (the scroll view).
          function scale() {
            var root = document.documentElement;
            var scrolls = !root.classList.contains("wb-speaker") &&
              (innerWidth < SCROLL_VIEW_BELOW || /[?&]view=scroll\b/.test(location.search));
            root.classList.toggle("wb-scroll-view", scrolls);
            if (scrolls || root.classList.contains("wb-overview")) { deck.style.transform = ""; return; }
            var width = innerWidth * (root.classList.contains("wb-speaker") ? 0.6 : 1);
            var height = innerHeight - (root.classList.contains("wb-speaker") ? 0 : 44);
            var k = Math.min(width / WIDTH, height / HEIGHT);
            var left = (width - WIDTH * k) / 2, top = (height - HEIGHT * k) / 2;
            deck.style.transform = "translate(" + left + "px, " + top + "px) scale(" + k + ")";
            fitPreview();
          }

          function overview() {
            var root = document.documentElement;
            root.classList.toggle("wb-overview");
            scale();
            if (root.classList.contains("wb-overview")) { slides[current].scrollIntoView({ block: "center" }); }
          }

          // The speaker view: this deck in a window of its own beside the audience's (kept on the same slide), or,
          // where a window cannot open, this window with the notes, the next slide's title and a clock beside it.
          function speaker() {
            var root = document.documentElement;
            if (!root.classList.contains("wb-speaker") && !window.opener) {
              var url = location.href.split("#")[0].split("?")[0] + "?speaker#/" + (current + 1);
              var opened = null;
              try { opened = open(url, "wb-speaker", "width=1280,height=720"); } catch (e) {}
              if (opened) { partner = opened; return; }
            }
            root.classList.toggle("wb-speaker");
            scale();
            speakerPanel();
          }
          function speakerPanel() {
            var panel = document.querySelector(".wb-speaker-panel");
            if (!document.documentElement.classList.contains("wb-speaker")) { return; }
            if (!panel) {
              panel = document.createElement("aside");
              panel.className = "wb-speaker-panel";
              panel.setAttribute("aria-label", "Speaker notes");
              document.body.appendChild(panel);
              setInterval(clock, 1000);
              // The talk's clock starts again (from 0:00) or stops and goes on, as the speaker asks.
              panel.addEventListener("click", function (e) {
                var now = Date.now();
                if (e.target.closest(".wb-clock-reset")) { started = now; paused = paused === null ? null : now; }
                else if (e.target.closest(".wb-clock-pause")) {
                  if (paused === null) { paused = now; } else { started += now - paused; paused = null; }
                } else { return; }
                speakerPanel();
              });
            }
            var notes = notesOf(current);
            panel.innerHTML = "<p class=\"wb-clock\"></p><p class=\"wb-clock-buttons\">" +
              "<button type=\"button\" class=\"wb-clock-pause\">" + (paused === null ? "Pause" : "Go on") + "</button> " +
              "<button type=\"button\" class=\"wb-clock-reset\">Restart the clock</button></p>" +
              "<h2>Notes</h2><div class=\"wb-speaker-notes\"></div><h2>Next</h2><div class=\"wb-up-next\"></div>";
            panel.querySelector(".wb-speaker-notes").innerHTML = notes ? notes.innerHTML : "<p>(no notes)</p>";
            preview(panel.querySelector(".wb-up-next"), slides[current + 1]);
            clock();
          }
          // A continuation slide has the notes of the slide it continues.
          function notesOf(k) {
            for (; k >= 0; k--) {
              var notes = slides[k].querySelector(".wb-notes");
              if (notes || !slides[k].classList.contains("wb-continued")) { return notes; }
            }
            return null;
          }
          // The next slide, drawn small and whole (every part shown); inert, so it takes no focus.
          function preview(box, slide) {
            if (!slide) { box.textContent = "(the last slide)"; return; }
            var copy = slide.cloneNode(true);
            copy.classList.remove("wb-current");
            copy.removeAttribute("aria-hidden");
            copy.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
            box.setAttribute("inert", "");
            box.appendChild(copy);
            fitPreview();
          }
          // The copy scaled to its box, whose width follows the speaker's window: again when the window is resized.
          function fitPreview() {
            var box = document.querySelector(".wb-up-next"), copy = box && box.querySelector(".wb-slide");
            if (copy) { copy.style.transform = "scale(" + box.clientWidth / WIDTH + ")"; }
          }
          function clock() {
            var panel = document.querySelector(".wb-speaker-panel .wb-clock");
            if (!panel) { return; }
            var now = new Date(), s = Math.floor(((paused === null ? now.getTime() : paused) - started) / 1000);
            panel.textContent = "Slide " + (current + 1) + " of " + slides.length + " · " + Math.floor(s / 60) + ":" +
              String(s % 60).padStart(2, "0") + (paused === null ? "" : " (paused)") + " · " +
              String(now.getHours()).padStart(2, "0") + ":" + String(now.getMinutes()).padStart(2, "0");
          }

          window.wbSlides = { go: function (k) { go(k, 0); }, count: function () { return slides.length; },
            current: function () { return current; } };
        })();
        """#

    static let stylesheet = #"""
        /* The slide runtime's layout: a 1280×720 canvas of slides, scaled to the window by slides.js. */
        html.wb-slides-js, html.wb-slides-js body { margin: 0; height: 100%; overflow: hidden; background: var(--page); }
        /* Fixed, so the scaled deck never adds to the page's size: a phone's browser widens its page to what overflows
           it, and turned sideways it would keep the wider page and draw the slide past the screen's edge. */
        .wb-deck { position: fixed; top: 0; left: 0; width: 1280px; height: 720px; transform-origin: 0 0; }
        .wb-slide {
          position: absolute; top: 0; left: 0; box-sizing: border-box; width: 1280px; height: 720px; overflow: hidden;
          padding: 36px 64px 40px; display: flex; flex-direction: column; background: var(--page); color: var(--text);
          font-size: 26px; line-height: 1.4; visibility: hidden;
        }
        /* A slide is as wide as a wide page on any screen: its columns stand side by side. */
        .wb-slide .wb-columns { display: flex; gap: 40px; align-items: flex-start; }
        .wb-slide .wb-column { flex: 1 1 0; min-width: 0; }
        .wb-slide .wb-column[style] { flex: 0 1 var(--wb-width); }
        /* Before the runtime has run (or where scripts do not run) the slides stand one under the other. */
        html:not(.wb-slides-ready) .wb-deck { position: static; width: auto; height: auto; }
        html:not(.wb-slides-ready) .wb-slide { position: relative; visibility: visible; margin: 0 auto 16px; }
        html.wb-slides-js:not(.wb-slides-ready) .wb-deck { visibility: hidden; }
        .wb-slide.wb-current { visibility: visible; }
        .wb-slide > h2 {
          flex: none; margin: 0 0 18px; padding: 0 0 8px; font-size: 40px; border-bottom: 2px solid var(--rule);
        }
        .wb-slide-body { flex: 1 1 auto; min-height: 0; }
        .wb-slide-body > :first-child { margin-top: 0; }
        .wb-slide.wb-scrolls .wb-slide-body { overflow: auto; }
        .wb-slide .wb-anchor { display: none; }
        .wb-slide h3 { font-size: 1.15em; margin: 0.6em 0 0.3em; }
        .wb-slide h4 { font-size: 1em; }
        .wb-slide p, .wb-slide ul, .wb-slide ol { margin: 0.45em 0; }
        .wb-slide li { margin: 0.15em 0; }
        .wb-slide table, .wb-slide figcaption, .wb-slide .wb-highlight-text { font-size: 0.8em; }
        .wb-slide th, .wb-slide td { padding: 0.15em 0.5em; }
        .wb-slide .wb-directive, .wb-slide .wb-callout, .wb-slide figure { margin: 0.5em 0; }
        .wb-slide .wb-box { margin: 0.3em 0; padding: 0.2em 0.6em; }
        .wb-slide .wb-margin { float: none; width: auto; margin: 0.5em 0; font-size: 0.8em; }
        .wb-slide .wb-box h4 { margin: 0.2em 0 0.3em; }
        .wb-slide pre { font-size: 0.7em; margin: 0.4em 0; padding: 0.5em 0.8em; }
        .wb-slide .math.display { margin: 0.4em 0; }
        /* Figures drawn as large as the slide allows (their viewBox keeps their shape). */
        .wb-slide figure.wb-plot svg, .wb-slide figure.wb-diagram svg {
          display: block; width: 100%; min-width: 0; max-width: none; height: auto; max-height: 400px;
        }
        .wb-slide img { max-width: 100%; max-height: 520px; }
        .wb-slide figure.wb-figure { text-align: center; }
        /* A lone image fills the space under the title, its shape kept (Quarto's auto-stretch). */
        .wb-slide-body.wb-stretch { display: flex; flex-direction: column; }
        .wb-stretch > p, .wb-stretch > figure { flex: 1 1 auto; min-height: 0; display: flex; flex-direction: column; margin: 0; }
        .wb-stretch > figure > p { flex: 1 1 auto; min-height: 0; display: flex; flex-direction: column; margin: 0; }
        .wb-stretch img { flex: 1 1 auto; min-height: 0; width: 100%; height: 100%; max-height: none; object-fit: contain; }
        .wb-stretch figcaption { flex: none; }
        .wb-slide.wb-continued > h2::after { content: " (continued)"; color: var(--muted); font-size: 0.6em; font-weight: normal; }
        .wb-notes { display: none; }
        .wb-title-slide { justify-content: center; }
        .wb-title-slide .wb-slide-body { flex: none; }
        .wb-title-slide h1 { font-size: 56px; margin: 0 0 0.3em; }
        .wb-title-slide .wb-subtitle { font-size: 32px; }
        .wb-title-slide .wb-byline, .wb-title-slide .wb-description { font-size: 26px; }
        .fragment { visibility: hidden; }
        .fragment.wb-shown, html:not(.wb-slides-ready) .fragment { visibility: visible; }
        .wb-slide.wb-measuring .fragment { visibility: hidden; }

        .wb-slide-controls {
          position: fixed; right: 8px; bottom: 4px; z-index: 5; display: flex; align-items: center; gap: 6px;
          font: 15px/1 "Helvetica Neue", "Arial", "DejaVu Sans", sans-serif; color: var(--muted);
        }
        .wb-slide-controls button, .wb-slide-controls a {
          min-width: 36px; min-height: 36px; box-sizing: border-box; padding: 4px 8px; font: inherit; color: var(--text);
          background: var(--shade); border: 1px solid var(--rule); border-radius: 4px; cursor: pointer; text-decoration: none;
          display: inline-flex; align-items: center; justify-content: center;
        }
        .wb-slide-controls .wb-theme { float: none; }
        /* On a touch screen or a phone the buttons are touch targets of 44 px, as on the handouts. */
        @media (pointer: coarse), (max-width: 800px) {
          .wb-slide-controls button, .wb-slide-controls a { min-width: 44px; min-height: 44px; }
        }
        /* The scroll view (slides.js, below 435 px of width): the slides as a page, at reading size. */
        html.wb-scroll-view, html.wb-scroll-view body { height: auto; overflow: visible; }
        html.wb-scroll-view .wb-deck { position: static; width: auto; height: auto; transform: none; }
        html.wb-scroll-view .wb-slide {
          position: relative; visibility: visible; width: auto; height: auto; overflow: visible; margin: 0;
          padding: 20px 16px; font-size: 17px;
        }
        html.wb-scroll-view .wb-slide + .wb-slide { border-top: 1px solid var(--rule); }
        html.wb-scroll-view .wb-slide.wb-continued { border-top: 0; padding-top: 0; }
        html.wb-scroll-view .wb-slide.wb-continued > h2 { display: none; }
        html.wb-scroll-view .wb-slide-body { zoom: 1 !important; overflow: visible; }
        html.wb-scroll-view .wb-stretch, html.wb-scroll-view .wb-stretch > * { display: block; }
        html.wb-scroll-view .wb-stretch img { width: auto; height: auto; max-width: 100%; }
        html.wb-scroll-view .wb-slide > h2 { font-size: 22px; }
        html.wb-scroll-view .wb-slide table, html.wb-scroll-view .wb-slide figcaption { font-size: 0.9em; }
        html.wb-scroll-view .wb-slide pre { font-size: 0.8em; }
        html.wb-scroll-view .wb-slide pre, html.wb-scroll-view .wb-slide .math.display { overflow-x: auto; }
        /* An equation's number under it, as on a phone's handout, not over an equation wider than the screen. */
        html.wb-scroll-view .wb-slide .katex-display > .katex > .katex-html > .tag {
          position: static; display: block; text-align: right;
        }
        html.wb-scroll-view .wb-title-slide h1 { font-size: 28px; }
        html.wb-scroll-view .wb-title-slide .wb-subtitle { font-size: 20px; }
        html.wb-scroll-view .wb-title-slide .wb-byline, html.wb-scroll-view .wb-title-slide .wb-description { font-size: 17px; }
        html.wb-scroll-view .fragment { visibility: visible; }
        html.wb-scroll-view .wb-progress, html.wb-scroll-view .wb-slide-controls > :not(.wb-theme):not(a) { display: none; }
        html.wb-scroll-view .wb-slide-controls { position: static; justify-content: flex-end; padding: 8px 16px 16px; }
        .wb-slide-number { min-width: 4.5em; text-align: center; font-variant-numeric: tabular-nums; }
        .wb-progress { position: fixed; left: 0; right: 0; bottom: 0; height: 4px; background: var(--rule); z-index: 4; }
        .wb-progress > div { height: 100%; width: 0; background: var(--accent); }

        /* The overview (o, Esc): every slide small, in a grid; a click picks one. */
        html.wb-overview, html.wb-overview body { overflow: auto; }
        html.wb-overview .wb-deck {
          position: static; width: auto; height: auto; display: flex; flex-wrap: wrap; gap: 16px; padding: 16px 16px 60px;
        }
        html.wb-overview .wb-slide {
          position: relative; visibility: visible; zoom: 0.2; cursor: pointer; outline: 4px solid var(--rule);
        }
        html.wb-overview .wb-slide.wb-current { outline: 12px solid var(--accent); }
        html.wb-overview .fragment { visibility: visible; }
        .wb-caption-continued::after { content: " (continued)"; }

        /* b: the screen black (the speaker view keeps its notes); ?: the keys. */
        html.wb-blank:not(.wb-speaker) body { background: #000; }
        html.wb-blank:not(.wb-speaker) .wb-deck, html.wb-blank:not(.wb-speaker) .wb-slide-controls,
        html.wb-blank:not(.wb-speaker) .wb-progress { visibility: hidden; }
        .wb-help {
          position: fixed; top: 50%; left: 50%; transform: translate(-50%, -50%); z-index: 10; padding: 16px 24px;
          background: var(--page); color: var(--text); border: 1px solid var(--rule); border-radius: 6px;
          box-shadow: 0 4px 24px rgba(0, 0, 0, 0.3); font: 18px/1.5 "Helvetica Neue", "Arial", "DejaVu Sans", sans-serif;
        }
        .wb-help th { text-align: right; padding-right: 1em; font-weight: 600; white-space: nowrap; }

        /* The speaker view (s): the slide on the left, the notes, the clock and what comes next on the right. */
        .wb-speaker-panel {
          position: fixed; top: 0; right: 0; bottom: 0; width: 40%; box-sizing: border-box; overflow: auto; padding: 16px 20px 56px;
          border-left: 1px solid var(--rule); background: var(--shade); color: var(--text); font-size: 20px;
        }
        html:not(.wb-speaker) .wb-speaker-panel { display: none; }
        .wb-clock { font: 600 22px/1.2 "Helvetica Neue", "Arial", "DejaVu Sans", sans-serif; margin-bottom: 0.3em; }
        .wb-clock-buttons { margin: 0; }
        .wb-clock-buttons button { font: inherit; font-size: 16px; padding: 0.1em 0.6em; }
        .wb-speaker-panel h2 { font-size: 1em; margin: 1em 0 0.4em; }
        .wb-up-next { position: relative; width: 100%; aspect-ratio: 16 / 9; overflow: hidden; outline: 1px solid var(--rule); }
        .wb-up-next .wb-slide { visibility: visible; transform-origin: 0 0; }
        .wb-up-next .fragment { visibility: visible; }

        @media print {
          @page { size: 1280px 720px; margin: 0; }
          html.wb-slides-js, html.wb-slides-js body { height: auto; overflow: visible; }
          .wb-deck { position: static !important; transform: none !important; width: auto !important; height: auto !important; }
          .wb-slide {
            position: relative !important; visibility: visible !important; margin: 0 !important; break-after: page;
            break-inside: avoid;
          }
          .wb-slide:last-child { break-after: auto; }
          /* Each printed slide carries its number, as on the screen. */
          .wb-slide::after {
            content: attr(data-wb-number); position: absolute; right: 24px; bottom: 10px; color: var(--muted);
            font: 15px/1 "Helvetica Neue", "Arial", "DejaVu Sans", sans-serif;
          }
          .fragment { visibility: visible !important; }
          .wb-slide-controls, .wb-progress, .wb-speaker-panel, .wb-notes, .wb-help { display: none !important; }
        }
        """#

    /// The runtime's files, for an edition with at least one deck.
    static let files: [String: [UInt8]] = [
        "assets/slides.js": Array(script.utf8), "assets/slides.css": Array(stylesheet.utf8),
    ]
}
