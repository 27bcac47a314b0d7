"use strict";
// Added (deferred, after assets/live.js) to a copy of the live-figures benchmark page by Benchmarks/live.sh: once
// the live figures are set up, each one is updated REPEATS times as a reader would (a forward figure: the input
// typed alternately with and without its last character; a sample: the seed changed). Per update: `times`, from
// the input event to the figure complete (a sample drawn in slices signals the end with a wb-live-done event; one
// drawn at once is complete when the event returns), and `blocked`, the longest stretch in which the page could not
// answer the reader (the event's own handler, or the longest gap between messages the probe posts meanwhile). Then
// a burst: five keystrokes 30 ms apart (as the page lets them through), and the time from the first to the figure
// complete for the last (`burst`). The results,
// in milliseconds, go into a <pre id="wb-live-bench">.
document.addEventListener("DOMContentLoaded", function () {
  var repeats = parseInt(document.documentElement.dataset.wbBenchRepeats || "20", 10), results = [];
  var figures = Array.prototype.slice.call(document.querySelectorAll(".wb-live"));

  // Calls done(longest gap) once the figure is complete, posting messages to itself meanwhile.
  function whenComplete(figure, done) {
    var channel = new MessageChannel(), last = performance.now(), longest = 0, finished = false;
    function finish() { finished = true; channel.port1.close(); done(longest); }
    channel.port1.onmessage = function () {
      var now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      if (figure.dataset.wbLiveBusy !== "1") { finish(); return; }
      if (!finished) { channel.port2.postMessage(0); }
    };
    channel.port2.postMessage(0);
  }

  function update(figure, field, value, then) {
    field.value = value;
    var start = performance.now();
    field.dispatchEvent(new Event("input"));
    void figure.offsetHeight;
    var handler = performance.now() - start;
    whenComplete(figure, function (gap) { then(performance.now() - start, Math.max(handler, gap)); });
  }

  function measure(n) {
    if (n === figures.length) {
      var out = document.createElement("pre");
      out.id = "wb-live-bench";
      out.textContent = JSON.stringify(results);
      document.body.appendChild(out);
      return;
    }
    var figure = figures[n], kind = figure.dataset.wbLive, state = figure.dataset.wbLiveState;
    var result = {figure: n + 1, kind: kind, state: state, times: [], blocked: [], burst: null,
                  message: (figure.querySelector(".wb-live-message") || {}).textContent || ""};
    results.push(result);
    if (state !== "ready") { measure(n + 1); return; }
    var fields = figure.querySelectorAll(".wb-live-controls input");
    var field = kind === "sample" ? fields[2] : fields[0], original = field.value;
    var value = function (k) { return kind === "sample" ? String(parseInt(original, 10) + k + 1) : (k % 2 ? original : original.slice(0, -1)); };
    (function next(k) {
      if (k === repeats) { burst(0); return; }
      update(figure, field, value(k), function (time, blocked) { result.times.push(time); result.blocked.push(blocked); next(k + 1); });
    })(0);
    var burstStart = 0;
    function burst(k) {
      if (k === 0) { burstStart = performance.now(); }
      if (k < 4) {
        field.value = value(repeats + k);
        field.dispatchEvent(new Event("input"));
        setTimeout(function () { burst(k + 1); }, 30);
        return;
      }
      update(figure, field, value(repeats + 4), function () {
        result.burst = performance.now() - burstStart;
        field.value = original;
        measure(n + 1);
      });
    }
  }
  measure(0);
});
