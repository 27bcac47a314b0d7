"use strict";
document.addEventListener("DOMContentLoaded", function () {
  if (typeof katex === "undefined") { return; }
  document.querySelectorAll(".math").forEach(function (el) {
    katex.render(el.textContent, el, {
      displayMode: el.classList.contains("display"),
      throwOnError: false
    });
  });
});
