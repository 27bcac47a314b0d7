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
});

function quoted(text) { return JSON.stringify(String(text)); }

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
