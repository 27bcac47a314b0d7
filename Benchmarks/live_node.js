"use strict";
// The live figures' module timed in node, by the page's own script: the least CPU time (user and system) of
// REPEATS runs (the machine is shared: CPU time leaves out the waits for a core, the least is the nearest to a
// quiet machine) of
//   - lesson 01's forward pass on "hell" (the hello model: H=3, 4 characters), a keystroke's computation;
//   - 200 characters sampled after "ROMEO:" from a two-layer LSTM of lesson 18's size (H=96, 65 characters),
//     drawn in one call, and drawn a token per call as the page draws it in slices;
// The weights are random (uniform in ±0.1, a fixed generator): the time does not depend on their values.
//   node Benchmarks/live_node.js Output/assets [REPEATS]
const fs = require("fs"), path = require("path");
const [assets, repeatsText] = process.argv.slice(2);
const repeats = parseInt(repeatsText || "20", 10);
global.self = global;
eval(fs.readFileSync(path.join(assets, "rnn-live-module.js"), "utf8"));
const live = require(path.resolve(assets, "live.js"));
const wasm = new WebAssembly.Module(live.bytes(self.RNNLiveModule));

let seed = 12345;
function uniform() {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return (seed / 2147483648 - 0.5) * 0.2;
}
function model(cell, layers, hidden, vocabulary) {
  const gates = [1, 1, 1, 4, 3, 3][cell], GH = gates * hidden;
  let count = 0;
  for (let l = 0; l < layers; l++) { count += GH * ((l ? hidden : vocabulary) + hidden) + 2 * GH; }
  count += vocabulary * hidden + vocabulary;
  return {cell, layers, hidden, inputs: vocabulary, embedding: 0, outputs: vocabulary, hiddenBias: true,
          weightValues: Float64Array.from({length: count}, uniform),
          h0Values: new Float64Array(layers * hidden), c0Values: new Float64Array(layers * hidden)};
}
function least(f) {
  let best = Infinity;
  for (let k = 0; k < repeats; k++) {
    const start = process.cpuUsage();
    f();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

const engine = () => new live.Engine(new WebAssembly.Instance(wasm, {}).exports);
const hello = model(0, 1, 3, 4), poet = model(3, 2, 96, 65), prime = [17, 14, 12, 4, 12, 10];
const forward = engine(), oneCall = engine(), perToken = engine();
const results = {
  "hello forward, 4 steps (ms)": least(() => forward.forward(hello, [0, 1, 2, 2], [1, 2, 2, 3])),
  "LSTM 200 characters, one call (ms)": least(() => oneCall.sample(poet, prime, 1, 21, 200, -1)),
  "LSTM 200 characters, a token per call (ms)": least(() => {
    const run = perToken.sampler(poet, prime, 1, 21, 200, -1);
    while (!run.done) { run.draw(1); }
  }),
};
for (const [name, ms] of Object.entries(results)) { console.log(`${name}\t${ms.toFixed(3)}`); }
