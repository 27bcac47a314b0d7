import Foundation

/// The files every handout links to, written under `Output/assets/`.
///
/// KaTeX comes from Debian's `libjs-katex` when it is installed (copied, so handouts work offline); otherwise
/// the pages link KaTeX 0.16 from a CDN. Only the `.woff2` fonts are copied: every current browser reads them.
public struct AssetLinks: Sendable {
    public static let debianKaTeX = "/usr/share/javascript/katex"
    /// Debian's `libjs-lunr`, the search engine of the course's search box (without it the box matches words).
    public static let debianLunr = "/usr/share/javascript/lunr/lunr.min.js"
    static let cdnKaTeX = "https://cdn.jsdelivr.net/npm/katex@0.16.4/dist"

    let head: String
    let files: [String: [UInt8]]

    /// No links and no files: for HTML that is a fragment of a page (a question rendered inside a directive).
    static let none = AssetLinks(head: "", files: [:])

    /// Links and files for pages in an edition's top level, beside its own `assets/`; KaTeX from `katexDirectory`
    /// if it exists.
    public static func make(katexDirectory: String?) -> AssetLinks {
        var files: [String: [UInt8]] = [
            "assets/workbook.css": Array(stylesheet.utf8),
            "assets/workbook.js": Array(script.utf8),
        ]
        let fm = FileManager.default
        var katexBase = cdnKaTeX
        if let dir = katexDirectory,
            let js = fm.contents(atPath: dir + "/katex.min.js"), let css = fm.contents(atPath: dir + "/katex.min.css")
        {
            katexBase = "assets/katex"
            files["assets/katex/katex.min.js"] = Array(js)
            files["assets/katex/katex.min.css"] = Array(css)
            let fonts = (try? fm.contentsOfDirectory(atPath: dir + "/fonts")) ?? []
            for font in fonts.sorted() where font.hasSuffix(".woff2") {
                if let data = fm.contents(atPath: dir + "/fonts/" + font) {
                    files["assets/katex/fonts/" + font] = Array(data)
                }
            }
        }
        var lunr = ""
        if katexDirectory != nil, let js = fm.contents(atPath: debianLunr) {
            files["assets/lunr.min.js"] = Array(js)
            lunr = "\n<script defer src=\"assets/lunr.min.js\"></script>"
        }
        let head = """
            <link rel="stylesheet" href="\(katexBase)/katex.min.css">
            <link rel="stylesheet" href="assets/workbook.css">
            <script defer src="\(katexBase)/katex.min.js"></script>
            <script defer src="assets/workbook.js"></script>\(lunr)
            <script defer src="search-index.js"></script>
            """
        return AssetLinks(head: head, files: files)
    }

    /// Typesets every `.math` element with KaTeX (the TeX source stays visible where scripts cannot run), and
    /// runs the student page's answer form: checks each answer as it is typed, saves the answers as a YAML answer
    /// file (`student`, `lesson`, `submitted`, `answers`) and loads one back, no server needed.
    static let script = """
        "use strict";
        (function () {
          var theme = null;
          try { theme = localStorage.getItem("wb-theme"); } catch (e) {}
          if (theme) { document.documentElement.dataset.theme = theme; }
          // Scripts run: on a narrow screen the sidebar waits behind the menu button (without scripts it stays open).
          document.documentElement.classList.add("wb-js");
        })();

        document.addEventListener("DOMContentLoaded", function () {
          document.querySelectorAll(".wb-theme").forEach(function (button) {
            button.addEventListener("click", function () {
              var root = document.documentElement;
              var dark = root.dataset.theme ? root.dataset.theme === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
              root.dataset.theme = dark ? "light" : "dark";
              try { localStorage.setItem("wb-theme", root.dataset.theme); } catch (e) {}
            });
          });
          setUpSearch();
          setUpAnswerForms();
          setUpMenu();
          setUpTabs();
          if (typeof katex === "undefined") { return; }
          document.querySelectorAll(".math").forEach(function (el) {
            katex.render(el.textContent, el, {
              displayMode: el.classList.contains("display"),
              throwOnError: false
            });
          });
          fitForPrint();
          document.fonts.ready.then(layOutAfresh);
        });
        window.addEventListener("beforeprint", fitForPrint);
        window.addEventListener("resize", scrollByKeyboard);
        document.addEventListener("wb-laid-out", scrollByKeyboard);

        // Each tabset (its panels one under the other, each under its label, where scripts do not run and on paper)
        // becomes WAI-ARIA tabs: a tab per label (a copy of it, typeset with the page's math), the first open; the
        // arrow keys, Home and End move between the tabs (and not between slides), a click opens one.
        function setUpTabs() {
          document.querySelectorAll(".wb-tabset").forEach(function (set, n) {
            var panels = Array.prototype.filter.call(set.children, function (el) {
              return el.classList.contains("wb-tab-panel");
            });
            var list = document.createElement("div");
            list.className = "wb-tablist";
            list.setAttribute("role", "tablist");
            var tabs = panels.map(function (panel, k) {
              var tab = document.createElement("button");
              tab.type = "button";
              tab.id = "wb-tab-" + n + "-" + k;
              tab.setAttribute("role", "tab");
              tab.setAttribute("aria-controls", panel.id = "wb-tabpanel-" + n + "-" + k);
              var label = panel.querySelector(".wb-tab-label");
              (label ? Array.prototype.slice.call(label.childNodes) : []).forEach(function (node) {
                tab.appendChild(node.cloneNode(true));
              });
              if (!tab.textContent.trim()) { tab.textContent = "Tab " + (k + 1); }
              tab.addEventListener("click", function () { select(k, false); });
              panel.setAttribute("role", "tabpanel");
              panel.setAttribute("aria-labelledby", tab.id);
              panel.tabIndex = 0;
              list.appendChild(tab);
              return tab;
            });
            function select(k, focus) {
              tabs.forEach(function (tab, i) {
                tab.setAttribute("aria-selected", i === k ? "true" : "false");
                tab.tabIndex = i === k ? 0 : -1;
                panels[i].hidden = i !== k;
              });
              if (focus) { tabs[k].focus(); }
            }
            list.addEventListener("keydown", function (event) {
              var k = tabs.indexOf(document.activeElement);
              var to = { ArrowRight: k + 1, ArrowLeft: k - 1, Home: 0, End: tabs.length - 1 }[event.key];
              if (k < 0 || to === undefined) { return; }
              event.preventDefault();
              event.stopPropagation();
              select((to + tabs.length) % tabs.length, true);
            });
            set.insertBefore(list, set.firstChild);
            set.classList.add("wb-tabs-live");
            select(0, false);
          });
        }

        // KaTeX's fonts load while the page is laid out with stand-ins, and the layout redone when each arrives
        // keeps some line positions from before (a bold number beside a formula half a pixel lower): the
        // printed PDF depended on when the fonts came. Once every font is in, the page is laid out from scratch.
        function layOutAfresh() {
          var root = document.documentElement;
          root.style.display = "none";
          void root.offsetHeight;
          root.style.removeProperty("display");
          fitForPrint();
          scrollByKeyboard();
        }

        // A block that scrolls sideways (a wide formula, table, listing, diagram or plot on a narrow screen) can be
        // focused, so the arrow keys scroll it (WCAG 2.1.1); one that fits is no stop for the Tab key.
        function scrollByKeyboard() {
          document.querySelectorAll("pre, .math.display, .wb-table-wrap, figure.wb-diagram, .wb-plot, .wb-lesson > table, .wb-slide-body")
            .forEach(function (el) {
              var scrolls = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
              var overflow = getComputedStyle(el);
              scrolls = scrolls && /auto|scroll/.test(overflow.overflowX + overflow.overflowY);
              if (scrolls && !el.hasAttribute("tabindex")) { el.setAttribute("tabindex", "0"); el.dataset.wbScrolls = ""; }
              if (!scrolls && el.hasAttribute("data-wb-scrolls")) { el.removeAttribute("tabindex"); el.removeAttribute("data-wb-scrolls"); }
            });
        }

        // On paper nothing can scroll: a table or a display formula wider than the text gets the zoom that fits
        // it (--wb-fit, used by the print stylesheet only), instead of the browser shrinking every page.
        // What only paper shows (a live figure's printed tables, hidden on screen while the page computes them) is
        // shown while it is measured (the class wb-measuring), or it would measure 0 wide and print cut.
        function fitForPrint() {
          var root = document.documentElement;
          root.classList.add("wb-measuring");
          document.querySelectorAll(".wb-print-columns").forEach(function (el) { el.remove(); });
          document.querySelectorAll(".wb-print-split, .wb-print-wide").forEach(function (el) {
            el.classList.remove("wb-print-split", "wb-print-wide");
          });
          var shortfall = paperShortfall();
          document.querySelectorAll(".wb-table-wrap, .math.display").forEach(function (el) { fitOnPaper(el, shortfall); });
          root.classList.remove("wb-measuring");
        }

        // How much narrower the paper's text is than the screen's column: 180 mm at 11 pt is 46.4 rem across, less
        // the lesson's padding, where the screen gives 46 rem of text; what just fits on the screen may not on paper.
        function paperShortfall() {
          var lesson = document.querySelector(".wb-lesson");
          if (!lesson) { return 0; }
          var style = getComputedStyle(lesson), padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
          var rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
          var paper = (180 / 25.4 * 96) / (TEXT_PT * 96 / 72) * rem - padding;
          return lesson.clientWidth - padding - paper;
        }

        // A table is never printed below 8 pt (the text is 11 pt): one that would be goes on a landscape page
        // (267 mm of text across instead of 180), and its columns are printed in parts, each with the first
        // column again, when even that is not enough.
        var LANDSCAPE = 267 / 180, SMALLEST_PT = 8, TEXT_PT = 11;
        // On a slide (no handout page around it) the slide is the page: zoomed to fit it, as the runtime fitted it.
        function fitOnPaper(el, shortfall) {
          el.style.removeProperty("--wb-fit");
          var handout = el.closest(".wb-lesson");
          var room = el.clientWidth - (handout ? shortfall : 0), need = el.scrollWidth, table = el.querySelector("table");
          if (room <= 0 || need <= room + 1) { return; }
          var floor = table && handout ? smallestZoom(table) : 0, fit = room / need;
          if (fit >= floor) { el.style.setProperty("--wb-fit", fit.toFixed(3)); return; }
          (el.closest(".wb-directive, figure") || el).classList.add("wb-print-wide");
          fit = Math.min(1, Math.max(floor, room * LANDSCAPE / need));
          el.style.setProperty("--wb-fit", fit.toFixed(3));
          if (need * fit > room * LANDSCAPE + 1) { splitColumns(table, room * LANDSCAPE / fit); }
        }
        function smallestZoom(table) {
          var rootPx = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16, smallest = rootPx;
          table.querySelectorAll("th, td").forEach(function (cell) {
            smallest = Math.min(smallest, parseFloat(getComputedStyle(cell).fontSize) || rootPx);
          });
          return SMALLEST_PT / (TEXT_PT * smallest / rootPx);
        }
        // The columns after the first in groups as wide as `width` allows, each group a copy of the table that only
        // paper shows (wb-print-columns), the whole table hidden there (wb-print-split).
        function splitColumns(table, width) {
          var rows = table.rows;
          if (!rows.length || table.querySelector("[colspan], [rowspan]")) { return; }
          var widths = Array.prototype.map.call(rows[0].cells, function (c) { return c.getBoundingClientRect().width; });
          var groups = [[]], used = widths[0];
          for (var j = 1; j < widths.length; j++) {
            if (groups[groups.length - 1].length && used + widths[j] > width) { groups.push([]); used = widths[0]; }
            groups[groups.length - 1].push(j);
            used += widths[j];
          }
          table.classList.add("wb-print-split");
          var after = table;
          groups.forEach(function (columns) {
            var copy = table.cloneNode(true);
            copy.classList.replace("wb-print-split", "wb-print-columns");
            copy.removeAttribute("id");
            copy.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
            Array.prototype.forEach.call(copy.rows, function (row) {
              for (var k = row.cells.length - 1; k > 0; k--) { if (columns.indexOf(k) < 0) { row.deleteCell(k); } }
            });
            after.parentNode.insertBefore(copy, after.nextSibling);
            after = copy;
          });
        }

        function quoted(text) { return JSON.stringify(String(text)); }

        // The course's search box: lunr over every section of every lesson (search-index.js, written by the build),
        // or, without lunr, the sections holding every word typed.
        // The menu button of narrow screens: opens the sidebar as a drawer, closes it on Escape, on a click outside
        // it or on a link in it, and keeps aria-expanded and the focus where a keyboard or screen reader expects.
        function setUpMenu() {
          var button = document.querySelector(".wb-menu"), sidebar = document.getElementById("wb-sidebar");
          if (!button || !sidebar) { return; }
          function show(open) {
            sidebar.classList.toggle("wb-open", open);
            button.setAttribute("aria-expanded", open ? "true" : "false");
            if (open) { var first = sidebar.querySelector("input, a"); if (first) { first.focus(); } }
          }
          button.addEventListener("click", function (event) {
            event.stopPropagation();
            show(!sidebar.classList.contains("wb-open"));
          });
          document.addEventListener("keydown", function (event) {
            if (event.key === "Escape" && sidebar.classList.contains("wb-open")) { show(false); button.focus(); }
          });
          document.addEventListener("click", function (event) {
            if (!sidebar.classList.contains("wb-open")) { return; }
            if (!sidebar.contains(event.target) || event.target.closest("a")) { show(false); }
          });
        }

        function setUpSearch() {
          var box = document.querySelector(".wb-search");
          var list = document.querySelector(".wb-results");
          var sections = window.wbSearch;
          if (!box || !list || !sections) { return; }
          var index = null;
          if (typeof lunr !== "undefined") {
            index = lunr(function () {
              this.ref("u"); this.field("h", { boost: 5 }); this.field("t", { boost: 2 }); this.field("x");
              sections.forEach(function (s) { this.add(s); }, this);
            });
          }
          var byURL = {};
          sections.forEach(function (s) { byURL[s.u] = s; });
          box.addEventListener("input", function () {
            var query = box.value.trim().toLowerCase();
            list.innerHTML = "";
            if (query.length < 2) { return; }
            var found = [];
            if (index) {
              // Whole words first (stemmed: "trained" finds "training"), then words begun (while typing).
              var words = query.split(/\\s+/).map(function (w) { return w.replace(/[^\\w-]/g, ""); })
                .filter(function (w) { return w.length > 0; });
              [function (w) { return "+" + w; }, function (w) { return "+" + w + "*"; }].some(function (form) {
                try { found = index.search(words.map(form).join(" ")); } catch (e) { found = []; }
                return found.length > 0;
              });
              found = found.map(function (r) { return byURL[r.ref]; });
            } else {
              var words = query.split(/\\s+/);
              found = sections.filter(function (s) {
                var text = (s.t + " " + s.h + " " + s.x).toLowerCase();
                return words.every(function (w) { return text.indexOf(w) >= 0; });
              });
            }
            found.slice(0, 12).forEach(function (s) {
              var item = document.createElement("li");
              var link = document.createElement("a");
              link.href = s.u;
              link.textContent = s.h && s.h !== s.t ? s.t + " — " + s.h : s.t;
              item.appendChild(link);
              list.appendChild(item);
            });
            if (!found.length) {
              var none = document.createElement("li");
              none.textContent = "No section matches.";
              list.appendChild(none);
            }
          });
        }

        // The answer form of a student page. Each answer is checked as it is typed, with the number syntax
        // `workbook grade` reads (AnswerFile.number: a sign, digits with one decimal point, an exponent); the
        // lesson's first form says whose page it is and loads a saved file to continue; a save names its file.
        var answerNumber = /^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?$/;
        var decimalComma = /^[+-]?[0-9]*,[0-9]+([eE][+-]?[0-9]+)?$/;
        var studentID = /^(?!\\.)[A-Za-z0-9_.-]{1,64}$/;

        function checkAnswer(text) {
          var t = text.trim().replace(/\\u2212/g, "-");
          if (t === "") { return { ok: true, empty: true }; }
          if (answerNumber.test(t) && isFinite(parseFloat(t))) { return { ok: true }; }
          if (decimalComma.test(t)) {
            return { ok: false, message: "Write a decimal point, not a comma: " + t.replace(",", ".") };
          }
          return { ok: false, message: "Not a number: write it like -0.25 or 3.1e-4" };
        }

        function showCheck(input) {
          var verdict = checkAnswer(input.value);
          input.setAttribute("aria-invalid", verdict.ok ? "false" : "true");
          document.getElementById(input.getAttribute("aria-describedby")).textContent = verdict.message || "";
          return verdict;
        }

        function lessonInputs(lesson) {
          return Array.prototype.slice.call(document.querySelectorAll(
            "form.wb-answers[data-wb-lesson=" + quoted(lesson) + "] [data-wb-answer]"));
        }

        function setUpAnswerForms() {
          var first = {};
          document.querySelectorAll("form.wb-answers").forEach(function (form) {
            form.querySelectorAll("[data-wb-answer]").forEach(function (input) {
              var message = document.createElement("span");
              message.className = "wb-answer-message";
              message.id = "wb-check-" + input.dataset.wbAnswer.replace(/[^A-Za-z0-9_-]/g, "-");
              message.setAttribute("aria-live", "polite");
              input.setAttribute("aria-describedby", message.id);
              input.parentNode.appendChild(message);
              input.addEventListener("input", function () { showCheck(input); });
            });
            var status = document.createElement("span");
            status.className = "wb-save-status";
            status.setAttribute("role", "status");
            var button = form.querySelector(".wb-save-answers");
            button.parentNode.insertBefore(status, button.nextSibling);
            button.addEventListener("click", function () { saveAnswers(form, status); });
            if (!first[form.dataset.wbLesson]) {
              first[form.dataset.wbLesson] = true;
              addIdentity(form, status);
            }
          });
        }

        // Whose page this is and which variant its numbers are (the student's own), and the loading of a saved
        // file; on a page built for no student, a field for the student id.
        function addIdentity(form, status) {
          var who = document.createElement("p");
          who.className = "wb-answer-who";
          var student = form.dataset.wbStudent;
          if (student) {
            who.appendChild(document.createTextNode("Answers of "));
            var name = document.createElement("strong");
            name.textContent = form.dataset.wbStudentName || student;
            who.appendChild(name);
            who.appendChild(document.createTextNode(" · variant "));
            var variant = document.createElement("code");
            variant.textContent = student;
            who.appendChild(variant);
            who.appendChild(document.createTextNode(" (the numbers on this page are this student's own) "));
          } else {
            var label = document.createElement("label");
            label.textContent = "Your student id ";
            var id = document.createElement("input");
            id.type = "text";
            id.className = "wb-student-id";
            id.autocomplete = "off";
            id.spellcheck = false;
            label.appendChild(id);
            who.appendChild(label);
            who.appendChild(document.createTextNode(" · no variant (the course's own numbers) "));
          }
          var load = document.createElement("button");
          load.type = "button";
          load.className = "wb-load-answers";
          load.textContent = "Load saved answers…";
          var picker = document.createElement("input");
          picker.type = "file";
          picker.accept = ".yml,.yaml,text/yaml";
          picker.hidden = true;
          load.addEventListener("click", function () { picker.click(); });
          picker.addEventListener("change", function () {
            if (picker.files.length) { loadAnswers(picker.files[0], form, status); }
            picker.value = "";
          });
          who.appendChild(load);
          who.appendChild(picker);
          form.insertBefore(who, form.firstChild);
        }

        function currentStudent(form) {
          if (form.dataset.wbStudent) { return form.dataset.wbStudent; }
          var id = document.querySelector(".wb-student-id");
          return id ? id.value.trim() : "";
        }

        function saveAnswers(form, status) {
          var lesson = form.dataset.wbLesson;
          var student = currentStudent(form);
          status.className = "wb-save-status wb-problem";
          if (!studentID.test(student)) {
            status.textContent = "Type your student id (letters, digits, _ - .) above first.";
            var id = document.querySelector(".wb-student-id");
            if (id) { id.focus(); }
            return;
          }
          var inputs = lessonInputs(lesson);
          var wrong = inputs.filter(function (input) { return !showCheck(input).ok; });
          if (wrong.length) {
            status.textContent = wrong.length + (wrong.length === 1 ? " answer is" : " answers are") +
              " not a number workbook grade can read: correct the fields marked in red, then save again.";
            wrong[0].focus();
            return;
          }
          var lines = ["# RNN Workbook answer file", "student: " + quoted(student), "lesson: " + quoted(lesson),
                       "submitted: " + quoted(new Date().toISOString()), "answers:"];
          var given = 0;
          inputs.forEach(function (input) {
            var value = input.value.trim();
            if (value !== "") { lines.push("  " + quoted(input.dataset.wbAnswer) + ": " + quoted(value)); given += 1; }
          });
          var name = "answers-" + lesson + "-" + student + ".yml";
          var blob = new Blob([lines.join("\\n") + "\\n"], { type: "text/yaml" });
          var link = document.createElement("a");
          link.href = URL.createObjectURL(blob);
          link.download = name;
          document.body.appendChild(link);
          link.click();
          link.remove();
          status.className = "wb-save-status wb-saved";
          status.textContent = "Saved " + name + " (" + given + " of " + inputs.length + " answers) at " +
            new Date().toLocaleTimeString() + ". Hand in this file; to go on later, load it with “Load saved answers…”.";
        }

        // Reads an answer file as saveAnswers writes it (one `key: value` a line, values JSON-quoted) into the
        // fields of this lesson, after checking that it is this lesson's and this student's.
        function loadAnswers(file, form, status) {
          var lesson = form.dataset.wbLesson;
          status.className = "wb-save-status wb-problem";
          file.text().then(function (text) {
            var saved = readAnswerFile(text);
            var student = form.dataset.wbStudent;
            if (!saved.lesson) {
              status.textContent = file.name + " is not an answer file.";
            } else if (saved.lesson !== lesson) {
              status.textContent = file.name + " holds answers to " + saved.lesson + ", not to this lesson (" + lesson + ").";
            } else if (student && saved.student !== student) {
              status.textContent = file.name + " holds " + saved.student + "'s answers; this page is " + student + "'s.";
            } else {
              var id = document.querySelector(".wb-student-id");
              if (id && !id.value) { id.value = saved.student || ""; }
              var loaded = 0;
              lessonInputs(lesson).forEach(function (input) {
                var value = saved.answers[input.dataset.wbAnswer];
                input.value = value === undefined ? "" : value;
                if (value !== undefined) { loaded += 1; }
                showCheck(input);
              });
              status.className = "wb-save-status wb-saved";
              status.textContent = "Loaded " + loaded + " answer" + (loaded === 1 ? "" : "s") + " from " + file.name +
                (saved.submitted ? " (saved " + new Date(saved.submitted).toLocaleString() + ")" : "") + ".";
            }
          });
        }

        function readAnswerFile(text) {
          var saved = { answers: {} };
          var inAnswers = false;
          text.split(/\\r?\\n/).forEach(function (line) {
            var m = /^(\\s*)("(?:[^"\\\\]|\\\\.)*"|[^:#\\s][^:]*):\\s*(.*)$/.exec(line);
            if (!m) { return; }
            var key = unquote(m[2]), value = unquote(m[3]);
            if (m[1] === "") {
              inAnswers = key === "answers";
              if (!inAnswers) { saved[key] = value; }
            } else if (inAnswers) {
              saved.answers[key] = value;
            }
          });
          return saved;
        }

        function unquote(text) {
          var t = text.trim();
          if (t.charAt(0) === "\\"") { try { return JSON.parse(t); } catch (e) { return t; } }
          if (t.length > 1 && t.charAt(0) === "'" && t.charAt(t.length - 1) === "'") {
            return t.slice(1, -1).replace(/''/g, "'");
          }
          return t;
        }

        """

    static let stylesheet = """
        :root {
          --text: #1d1f21; --muted: #5c6166; --rule: #d8dadd; --accent: #1f5f99; --shade: #f5f6f7; --page: #fff;
          --bad: #c62828; --good: #2e7d32; --image-backing: transparent;
          font-size: 17px;
        }
        :root[data-theme="dark"] {
          --text: #e4e6e8; --muted: #a3a8ad; --rule: #3b3f44; --accent: #82b6ea; --shade: #23262a; --page: #16181b;
          --bad: #ef9a9a; --good: #81c784; --image-backing: #fff;
        }
        @media (prefers-color-scheme: dark) {
          :root:not([data-theme="light"]) {
            --text: #e4e6e8; --muted: #a3a8ad; --rule: #3b3f44; --accent: #82b6ea; --shade: #23262a; --page: #16181b;
          --bad: #ef9a9a; --good: #81c784; --image-backing: #fff;
          }
        }
        body {
          margin: 0; color: var(--text); background: var(--page);
          font-family: "Charter", "Bitstream Charter", "Georgia", "DejaVu Serif", serif; line-height: 1.55;
        }
        .wb-nav, .wb-lesson, .wb-footer { max-width: 46rem; margin: 0 auto; padding: 0 1.25rem; }
        .wb-nav { padding-top: 1rem; font-size: 0.85rem; color: var(--muted); }
        .wb-footer { margin-top: 3rem; padding-bottom: 2rem; border-top: 1px solid var(--rule); font-size: 0.8rem; color: var(--muted); }
        a { color: var(--accent); }
        h1, h2, h3, h4 { font-family: "Helvetica Neue", "Arial", "DejaVu Sans", sans-serif; line-height: 1.25; }
        h1 { font-size: 1.9rem; margin-top: 1.5rem; }
        h2 { font-size: 1.4rem; margin-top: 2.2rem; border-bottom: 1px solid var(--rule); padding-bottom: 0.2rem; }
        code, pre { font-family: "DejaVu Sans Mono", "Menlo", "Consolas", monospace; font-size: 0.85em; }
        pre { background: var(--shade); padding: 0.75rem 1rem; overflow-x: auto; border-radius: 4px; }
        blockquote { margin-left: 0; padding-left: 1rem; border-left: 3px solid var(--rule); color: var(--muted); }
        .math.display { display: block; margin: 1rem 0; overflow-x: auto; text-align: center; }
        /* KaTeX's MathML (for screen readers) is positioned absolutely; inside the formula's own box it stays inside
           the block that scrolls, instead of widening a phone's page by its unclipped width. */
        .katex { position: relative; }
        .wb-value { font-variant-numeric: tabular-nums; }
        .wb-directive { margin: 1.5rem 0; padding: 0.25rem 0 0.25rem 1rem; border-left: 3px solid var(--accent); }
        figure.wb-table { margin: 0.9rem 0; }
        figcaption { padding-bottom: 0.35rem; color: var(--muted); font-size: 0.9rem; }
        .wb-table-wrap { overflow-x: auto; }
        table { border-collapse: collapse; font-size: 0.85rem; }
        th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid var(--rule); vertical-align: baseline; }
        th { text-align: left; border-bottom: 2px solid var(--text); font-weight: 600; }
        .num { text-align: right; font-variant-numeric: tabular-nums; font-family: "DejaVu Sans Mono", "Menlo", monospace; }
        th.num { font-family: inherit; }
        .wb-source { border-left: 3px solid var(--rule); }
        .wb-cell { border-left: 3px solid var(--accent); }
        .wb-text { margin-top: -0.4rem; }
        figure.wb-plot { margin: 1rem 0; overflow-x: auto; }
        figure.wb-plot svg { width: 100%; min-width: 32rem; max-width: 640px; height: auto; font-family: "Helvetica Neue", "Arial", "DejaVu Sans", sans-serif; font-size: 11px; fill: var(--text); }
        .wb-plot-title { font-size: 13px; font-weight: 600; }
        .wb-mono { font-family: "DejaVu Sans Mono", "Menlo", monospace; }
        .wb-small { font-size: 9px; }
        .wb-anchor { color: var(--muted); text-decoration: none; font-weight: normal; opacity: 0; margin-left: 0.2em; }
        h1:hover .wb-anchor, h2:hover .wb-anchor, h3:hover .wb-anchor, h4:hover .wb-anchor, .wb-anchor:focus { opacity: 1; }
        .wb-lesson > table { margin: 1rem 0; }
        .wb-box { margin: 0.5rem 0; padding: 0.4rem 0.9rem; border: 1px solid var(--rule); border-radius: 6px; background: var(--shade); }
        .wb-box h4 { margin: 0.3rem 0 0.5rem; }
        .wb-instructor { border-color: #d9641e; }
        .wb-missing-image { display: inline-block; padding: 0.4rem 0.7rem; border: 2px dashed var(--muted); border-radius: 4px; font-style: italic; }
        .wb-missing-image-path { font-size: 0.85em; opacity: 0.8; }
        .wb-callout { margin: 1rem 0; padding: 0.1rem 0.9rem 0.1rem 0.8rem; border-left: 4px solid var(--wb-callout); border-radius: 4px; background: var(--shade); }
        .wb-callout-note { --wb-callout: #0969da; --wb-callout-icon: "i"; }
        .wb-callout-tip { --wb-callout: #1a7f37; --wb-callout-icon: "\\2713"; }
        .wb-callout-important { --wb-callout: #8250df; --wb-callout-icon: "!"; }
        .wb-callout-warning { --wb-callout: #8a5c00; --wb-callout-icon: "!"; }
        .wb-callout-caution { --wb-callout: #d1242f; --wb-callout-icon: "\\00D7"; }
        :root[data-theme="dark"] .wb-callout-note { --wb-callout: #4493f8; }
        :root[data-theme="dark"] .wb-callout-tip { --wb-callout: #3fb950; }
        :root[data-theme="dark"] .wb-callout-important { --wb-callout: #ab7df8; }
        :root[data-theme="dark"] .wb-callout-warning { --wb-callout: #d29922; }
        :root[data-theme="dark"] .wb-callout-caution { --wb-callout: #f85149; }
        @media (prefers-color-scheme: dark) {
          :root:not([data-theme="light"]) .wb-callout-note { --wb-callout: #4493f8; }
          :root:not([data-theme="light"]) .wb-callout-tip { --wb-callout: #3fb950; }
          :root:not([data-theme="light"]) .wb-callout-important { --wb-callout: #ab7df8; }
          :root:not([data-theme="light"]) .wb-callout-warning { --wb-callout: #d29922; }
          :root:not([data-theme="light"]) .wb-callout-caution { --wb-callout: #f85149; }
        }
        /* A margin note (MyST's {margin}, Quarto's .column-margin): set off by a rule in the flow (a phone, a slide);
           beside the text on a wide page, in the page's right margin when the window leaves one wide enough. */
        .wb-tabset, .wb-columns { margin: 1rem 0; }
        .wb-tab-label { margin: 1rem 0 0.4rem; font-weight: bold; }
        .wb-tablist { display: flex; flex-wrap: wrap; gap: 0.2rem; border-bottom: 1px solid var(--rule); }
        .wb-tablist [role="tab"] {
          min-height: 44px; margin-bottom: -1px; padding: 0.5rem 1rem; font: inherit; color: var(--muted);
          cursor: pointer; background: none; border: 1px solid transparent; border-bottom: none; border-radius: 4px 4px 0 0;
        }
        .wb-tablist [role="tab"][aria-selected="true"] { color: var(--text); background: var(--page); border-color: var(--rule); }
        .wb-tablist [role="tab"]:focus-visible, .wb-tab-panel:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
        .wb-tabs-live > .wb-tab-panel > .wb-tab-label { display: none; }
        .wb-tab-panel > :nth-child(2), .wb-column > :first-child { margin-top: 0.6rem; }
        @media screen and (min-width: 700px), print {
          .wb-columns { display: flex; gap: 1.5rem; align-items: flex-start; }
          .wb-column { flex: 1 1 0; min-width: 0; }
          .wb-column[style] { flex: 0 1 var(--wb-width); }
          .wb-column > :first-child { margin-top: 0; }
        }
        .wb-margin { margin: 1rem 0; padding: 0 0 0 0.8rem; border-left: 2px solid var(--rule); font-size: 0.85rem; color: var(--muted); }
        .wb-margin > :first-child { margin-top: 0; }
        .wb-margin > :last-child { margin-bottom: 0; }
        @media screen and (min-width: 801px) {
          .wb-lesson .wb-margin { float: right; clear: right; box-sizing: border-box; width: 14rem; margin: 0.3rem 0 1rem 1.5rem; }
        }
        @media screen and (min-width: 1460px) {
          .wb-lesson .wb-margin { margin-right: -15.5rem; }
        }
        .wb-callout-title { margin: 0.5rem 0; font-family: "Helvetica Neue", "Arial", "DejaVu Sans", sans-serif; font-weight: 600; color: var(--wb-callout); }
        summary.wb-callout-title { cursor: pointer; }
        .wb-callout-icon::before { content: var(--wb-callout-icon); display: inline-block; width: 1.2em; height: 1.2em; margin-right: 0.45em;
          border-radius: 50%; background: var(--wb-callout); color: var(--page); font-size: 0.8em; line-height: 1.2em; text-align: center; vertical-align: 0.1em; }
        .wb-callout-body > :first-child { margin-top: 0.3rem; }
        .footnote-ref a { text-decoration: none; }
        .footnotes { margin-top: 2.5rem; font-size: 0.9rem; }
        .footnote-back { text-decoration: none; }
        del { text-decoration: line-through; }
        .task-list-item { list-style: none; }
        .task-list-item input { margin: 0 0.4em 0 -1.4em; }
        dt { font-weight: 600; }
        dd { margin-left: 1.5rem; }
        .wb-answers { margin: 0.6rem 0; }
        .wb-answer { display: inline-block; vertical-align: top; margin: 0 1rem 0.4rem 0; white-space: nowrap; }
        .wb-answer input { width: 7rem; font: inherit; }
        .wb-answer input[aria-invalid="true"] { border: 2px solid var(--bad); outline-color: var(--bad); }
        .wb-answer-message { display: block; max-width: 14rem; white-space: normal; font-size: 0.8rem; color: var(--bad); }
        .wb-answer-message:empty { display: none; }
        .wb-answer-who { margin: 0 0 0.5rem; font-size: 0.9rem; }
        .wb-answer-who input { width: 8rem; font: inherit; }
        .wb-save-status { display: block; margin-top: 0.3rem; font-size: 0.85rem; }
        .wb-save-status.wb-saved { color: var(--good); }
        .wb-save-status.wb-problem { color: var(--bad); }
        figure.wb-diagram { margin: 1rem 0; overflow-x: auto; color: var(--text); }
        figure.wb-diagram svg { max-width: none; height: auto; font-family: "Helvetica Neue", "Arial", "DejaVu Sans", sans-serif; }
        figure.wb-highlight { margin: 1rem 0; }
        figure.wb-figure, figure.wb-float { margin: 1rem 0; }
        figure.wb-figure > figcaption { padding: 0.35rem 0 0; text-align: center; }
        figure.wb-figure img { max-width: 100%; }
        /* A lesson's image is drawn for white paper (black lines and labels on a transparent ground, as most
           lecture diagrams are): in the dark theme it keeps a white ground, else its labels vanish. */
        .wb-lesson img, .wb-slide img { background: var(--image-backing); }
        a.wb-xref { white-space: nowrap; }
        .wb-highlight-text { font-family: "DejaVu Sans Mono", "Menlo", monospace; font-size: 0.85rem; line-height: 1.9; white-space: normal; }
        .wb-with-guesses { line-height: 1.2; }
        .wb-tok { color: #111; border-radius: 2px; padding: 0 1px; }
        .wb-with-guesses .wb-tok { display: inline-block; vertical-align: top; min-width: 2.4em; text-align: center; margin: 0 1px 0.4rem 0; }
        .wb-guesses { display: block; font-size: 0.65rem; color: #333; border-top: 1px solid rgba(0,0,0,0.2); }
        .wb-scale { display: inline-block; width: 6rem; height: 0.7rem; border: 1px solid var(--rule); vertical-align: middle; }
        .wb-page { display: flex; align-items: flex-start; }
        .wb-sidebar { position: sticky; top: 0; flex: 0 0 15rem; max-height: 100vh; overflow-y: auto; box-sizing: border-box;
          padding: 1rem 0.8rem; font-family: "Helvetica Neue", "Arial", "DejaVu Sans", sans-serif; font-size: 0.8rem;
          border-right: 1px solid var(--rule); }
        .wb-sidebar:empty { display: none; }
        .wb-sidebar ol { padding-left: 1.2rem; margin: 0.3rem 0; }
        .wb-sidebar li { margin: 0.15rem 0; }
        .wb-sidebar .wb-current > a { font-weight: 600; }
        .wb-toc { list-style: none; padding-left: 0.6rem !important; }
        .wb-toc-3 { padding-left: 0.8rem; }
        .wb-course { font-weight: 600; margin: 0 0 0.6rem; }
        .wb-content { flex: 1 1 auto; min-width: 0; }
        .wb-pager { max-width: 46rem; margin: 2rem auto 0; padding: 0 1.25rem; display: flex; justify-content: space-between; gap: 1rem; }
        .wb-pager a[rel="next"] { margin-left: auto; text-align: right; }
        .wb-reference-list { list-style: none; padding-left: 1.5rem; }
        .wb-reference-list li { text-indent: -1.5rem; margin: 0.4rem 0; overflow-wrap: anywhere; }
        .wb-cited-in, .wb-bibliography { color: var(--muted); }
        .wb-theme { float: right; border: 1px solid var(--rule); background: var(--shade); color: var(--text); border-radius: 4px; cursor: pointer; }
        .wb-title-block { margin-bottom: 1.5rem; }
        .wb-title-block h1 { margin-bottom: 0.3rem; }
        .wb-subtitle { font-size: 1.25rem; margin: 0 0 0.4rem; color: var(--muted); }
        .wb-byline, .wb-description { margin: 0.2rem 0; color: var(--muted); }
        .wb-menu { display: none; font: inherit; border: 1px solid var(--rule); background: var(--shade); color: var(--text); border-radius: 4px; cursor: pointer; }
        .wb-lesson > table { display: block; max-width: 100%; overflow-x: auto; }
        code { overflow-wrap: anywhere; }
        /* Phones and narrow windows: the sidebar is a drawer behind the menu button; wide math, tables, plots and
           diagrams scroll inside their block, never the page; touch targets are at least 44 px. */
        @media (max-width: 800px) {
          .wb-page { display: block; }
          .wb-sidebar { position: static; flex: none; width: auto; max-height: none; border-right: none; border-bottom: 1px solid var(--rule); }
          :root.wb-js .wb-sidebar { display: none; position: fixed; z-index: 10; top: 0; left: 0; bottom: 0; width: min(85vw, 22rem); max-height: none; background: var(--page); border-right: 1px solid var(--rule); box-shadow: 0 0 1.5rem rgba(0, 0, 0, 0.35); }
          :root.wb-js .wb-sidebar.wb-open { display: block; }
          :root.wb-js .wb-menu { display: inline-block; }
          .wb-menu, .wb-theme { min-width: 44px; min-height: 44px; }
          .wb-sidebar { font-size: 0.95rem; }
          .wb-sidebar li > a, .wb-results a { display: block; box-sizing: border-box; min-height: 44px; padding: 0.6rem 0; line-height: 1.3; }
          .wb-sidebar li { margin: 0; }
          .wb-sep { display: none; }
          .wb-search { box-sizing: border-box; width: 100%; min-height: 44px; font: inherit; }
          .wb-nav { display: flex; align-items: center; flex-wrap: wrap; gap: 0.3rem 0.8rem; }
          .wb-nav .wb-theme { margin-left: auto; float: none; }
          .wb-nav a, .wb-pager a { display: inline-block; box-sizing: border-box; min-height: 44px; padding: 0.7rem 0; line-height: 1.3; }
          .wb-lesson { overflow-wrap: break-word; }
        }
        /* KaTeX pins an equation's number to the right edge of its block, where an equation wider than a phone's
           screen (which scrolls in its block) runs under it: there the number goes under the equation. A deck lays
           its slides out on a canvas of its own, and keeps KaTeX's layout. */
        @media screen and (max-width: 800px) {
          .wb-lesson .katex-display > .katex > .katex-html > .tag { position: static; display: block; text-align: right; }
        }
        @media print {
          :root { font-size: 11pt; --text: #000; --page: #fff; --shade: #f5f5f5; }
          .wb-nav, .wb-sidebar, .wb-pager, .wb-theme, .wb-anchor, .wb-save-answers, .wb-load-answers, .wb-save-status { display: none; }
          .wb-page { display: block; }
          tr { break-inside: avoid; }
          figure, svg { break-inside: avoid; }
          /* A directive's result stays whole on its page; one of several parts (a summary, a plot, tables) or with a
             long table breaks between its parts and rows instead, rather than move whole and leave the page before
             it more than half empty: each part whole, the summary and a caption kept with what follows, a table's
             header printed again on the next page. */
          .wb-directive { break-inside: avoid; }
          .wb-directive:has(> :nth-child(3)), .wb-directive:has(tbody > tr:nth-child(13)) { break-inside: auto; }
          .wb-directive > * { break-inside: avoid; }
          figure.wb-table:has(tbody > tr:nth-child(13)) { break-inside: auto; }
          .wb-directive > p:first-child:not(:last-child), figcaption:first-child, h2, h3, h4 { break-after: avoid; }
          .wb-guesses { font-size: 8pt; }
          .wb-reference-list li { break-inside: avoid; }
          .wb-callout { break-inside: avoid; }
          .wb-tablist { display: none; }
          .wb-tabs-live > .wb-tab-panel[hidden], .wb-tabs-live > .wb-tab-panel > .wb-tab-label { display: block; }
          .wb-tab-label { break-after: avoid; }
          .wb-margin { float: right; clear: right; width: 35%; margin: 0 0 0.8em 1em; font-size: 9pt; break-inside: avoid; }
          details.wb-callout::details-content { content-visibility: visible; display: block; }
          a { color: inherit; text-decoration: none; }
          pre { white-space: pre-wrap; }
          .wb-table-wrap, .math.display { zoom: var(--wb-fit, 1); overflow: visible; }
          /* The text is as wide as the page (a landscape page's too): anything wider would make Chromium shrink
             every page of the document to fit it. */
          .wb-lesson, .wb-footer { max-width: none; }
          .wb-print-wide { page: wb-wide; }
          .wb-print-split { display: none; }
          table.wb-print-columns { margin-bottom: 0.8em; }
          figure.wb-diagram svg { max-width: 100%; }
          /* On paper a plot is as wide as it fits: the phone's scrolling width does not apply. */
          figure.wb-plot { overflow: visible; }
          figure.wb-plot svg { min-width: 0; }
        }
        @page { size: A4; margin: 16mm 15mm 18mm; @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; color: #555; } }
        @page wb-front { @bottom-center { content: none; } }
        @page wb-wide { size: A4 landscape; }
        @media screen { table.wb-print-columns { display: none; } }
        .wb-print-title { page: wb-front; padding-top: 30vh; text-align: center; }
        .wb-print-title h1 { font-size: 2.2rem; }
        .wb-print-byline { font-size: 1.2rem; }
        .wb-print-contents ol { list-style: none; padding: 0; }
        .wb-print-contents li a { display: flex; gap: 0.5rem; padding: 0.2rem 0; border-bottom: 1px dotted var(--rule); }
        .wb-print-contents li a span:first-child { flex: 1 1 auto; }
        .wb-print-lesson { break-before: page; }

        """
}
