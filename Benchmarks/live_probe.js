"use strict";
// Added (deferred, after assets/live.js) to a copy of the live-figures benchmark page by Benchmarks/live.sh: once
// the live figures are set up, each one is updated REPEATS times as a reader would (a forward figure: the input
// typed alternately with and without its last character; a sample: the seed changed), each update timed from the
// input event to the figure laid out again; the times, in milliseconds, go into a <pre id="wb-live-bench">.
document.addEventListener("DOMContentLoaded", function () {
  var repeats = parseInt(document.documentElement.dataset.wbBenchRepeats || "20", 10), results = [];
  document.querySelectorAll(".wb-live").forEach(function (figure, n) {
    var kind = figure.dataset.wbLive, times = [], state = figure.dataset.wbLiveState;
    var fields = figure.querySelectorAll(".wb-live-controls input");
    if (state === "ready") {
      var field = kind === "sample" ? fields[2] : fields[0], original = field.value;
      for (var k = 0; k < repeats; k++) {
        field.value = kind === "sample" ? String(parseInt(original, 10) + k + 1) : (k % 2 ? original : original.slice(0, -1));
        var start = performance.now();
        field.dispatchEvent(new Event("input"));
        void figure.offsetHeight;
        times.push(performance.now() - start);
      }
      field.value = original;
    }
    results.push({figure: n + 1, kind: kind, state: state, message: (figure.querySelector(".wb-live-message") || {}).textContent || "", times: times});
  });
  var out = document.createElement("pre");
  out.id = "wb-live-bench";
  out.textContent = JSON.stringify(results);
  document.body.appendChild(out);
});
