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
      var words = query.split(/\s+/).map(function (w) { return w.replace(/[^\w-]/g, ""); })
        .filter(function (w) { return w.length > 0; });
      [function (w) { return "+" + w; }, function (w) { return "+" + w + "*"; }].some(function (form) {
        try { found = index.search(words.map(form).join(" ")); } catch (e) { found = []; }
        return found.length > 0;
      });
      found = found.map(function (r) { return byURL[r.ref]; });
    } else {
      var words = query.split(/\s+/);
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
var answerNumber = /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/;
var decimalComma = /^[+-]?[0-9]*,[0-9]+([eE][+-]?[0-9]+)?$/;
var studentID = /^(?!\.)[A-Za-z0-9_.-]{1,64}$/;

function checkAnswer(text) {
  var t = text.trim().replace(/\u2212/g, "-");
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
  var blob = new Blob([lines.join("\n") + "\n"], { type: "text/yaml" });
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
  text.split(/\r?\n/).forEach(function (line) {
    var m = /^(\s*)("(?:[^"\\]|\\.)*"|[^:#\s][^:]*):\s*(.*)$/.exec(line);
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
  if (t.charAt(0) === "\"") { try { return JSON.parse(t); } catch (e) { return t; } }
  if (t.length > 1 && t.charAt(0) === "'" && t.charAt(t.length - 1) === "'") {
    return t.slice(1, -1).replace(/''/g, "'");
  }
  return t;
}
