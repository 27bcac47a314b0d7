"use strict";
(function () {
  var theme = null;
  try { theme = localStorage.getItem("wb-theme"); } catch (e) {}
  if (theme) { document.documentElement.dataset.theme = theme; }
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
  document.querySelectorAll(".wb-save-answers").forEach(function (button) {
    button.addEventListener("click", function () { saveAnswers(button.form); });
  });
  if (typeof katex === "undefined") { return; }
  document.querySelectorAll(".math").forEach(function (el) {
    katex.render(el.textContent, el, {
      displayMode: el.classList.contains("display"),
      throwOnError: false
    });
  });
  fitForPrint();
});
window.addEventListener("beforeprint", fitForPrint);

// On paper nothing can scroll: a table or a display formula wider than the text gets the zoom that fits
// it (--wb-fit, used by the print stylesheet only), instead of the browser shrinking every page.
function fitForPrint() {
  document.querySelectorAll(".wb-table-wrap, .math.display").forEach(function (el) {
    el.style.removeProperty("--wb-fit");
    var room = el.clientWidth, need = el.scrollWidth;
    if (room > 0 && need > room + 1) { el.style.setProperty("--wb-fit", (room / need).toFixed(3)); }
  });
}

function quoted(text) { return JSON.stringify(String(text)); }

// The course's search box: lunr over every section of every lesson (search-index.js, written by the build),
// or, without lunr, the sections holding every word typed.
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

function saveAnswers(form) {
  var student = form.dataset.wbStudent || window.prompt("Your student id:", "") || "";
  var lesson = form.dataset.wbLesson;
  var lines = ["# RNN Workbook answer file", "student: " + quoted(student), "lesson: " + quoted(lesson), "answers:"];
  document.querySelectorAll("form.wb-answers[data-wb-lesson=" + quoted(lesson) + "] [data-wb-answer]").forEach(function (input) {
    var value = input.value.trim();
    if (value !== "") { lines.push("  " + quoted(input.dataset.wbAnswer) + ": " + quoted(value)); }
  });
  var blob = new Blob([lines.join("\n") + "\n"], { type: "text/yaml" });
  var link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = "answers-" + lesson + (student ? "-" + student : "") + ".yml";
  document.body.appendChild(link);
  link.click();
  link.remove();
}
