import Foundation

/// The live figures' files under `assets/`: `live.js`, which turns each `.wb-live` figure's data into controls
/// and tables, `live.css`, and `rnn-live-module.js`, the WebAssembly module's bytes in base64 (a page opened from
/// `file://` may not fetch a `.wasm`; a script it may load). The script only moves data and draws: every number
/// comes from the module (the engine's core), and is printed as the format the lesson gave prints it.
enum LiveAssets {
    static let scriptPath = "assets/live.js"
    static let stylePath = "assets/live.css"
    static let modulePath = "assets/rnn-live-module.js"

    /// The module's bytes as a script that hands them to `live.js`.
    static func moduleScript(_ wasm: [UInt8]) -> [UInt8] {
        Array(("\"use strict\";\nself.RNNLiveModule = \"" + Data(wasm).base64EncodedString() + "\";\n").utf8)
    }

    static let stylesheet = """
        .wb-live-controls { display: flex; flex-wrap: wrap; gap: 0.5rem 1rem; align-items: center; margin: 0.5rem 0; }
        .wb-live-controls input[type=text] { font: inherit; font-family: monospace; min-width: 12rem; padding: 0.3rem; }
        .wb-live-controls input[type=number] { font: inherit; width: 6rem; padding: 0.3rem; }
        .wb-live-controls label { display: inline-flex; gap: 0.4rem; align-items: center; min-height: 44px; }
        .wb-live-message { color: var(--bad); }
        .wb-live-on > .wb-live-static { display: none; }
        .wb-live-on > .wb-live-badge { font-size: 0.85em; opacity: 0.8; }
        .wb-measuring .wb-live-on > .wb-live-static { display: block; }
        @media print {
          .wb-live-on > .wb-live-static { display: block; }
          .wb-live-controls, .wb-live-out, .wb-live-badge { display: none; }
        }

        """

    static let script = #"""
        "use strict";
        // Live figures: each .wb-live element's JSON data (the model's weights, the figure's settings) and the
        // engine's core compiled to WebAssembly (assets/rnn-live-module.js). Everything computed is the module's.
        (function () {
          function bytes(base64) {
            var s = atob(base64), a = new Uint8Array(s.length);
            for (var i = 0; i < s.length; i++) { a[i] = s.charCodeAt(i); }
            return a;
          }

          // The module's memory, used from __heap_base up, afresh for every call.
          function Engine(exports) {
            this.x = exports;
            this.base = (exports.__heap_base.value + 7) & ~7;
            this.top = this.base;
          }
          Engine.prototype.reset = function () { this.top = this.base; };
          Engine.prototype.alloc = function (count, size) {
            var at = this.top, end = at + ((count * size + 7) & ~7), memory = this.x.memory;
            if (end > memory.buffer.byteLength) { memory.grow(Math.ceil((end - memory.buffer.byteLength) / 65536)); }
            this.top = end;
            return at;
          };
          Engine.prototype.doubles = function (values) {
            var at = this.alloc(values.length, 8);
            new Float64Array(this.x.memory.buffer, at, values.length).set(values);
            return at;
          };
          Engine.prototype.ints = function (values) {
            var at = this.alloc(Math.max(values.length, 1), 4);
            new Int32Array(this.x.memory.buffer, at, values.length).set(values);
            return at;
          };
          Engine.prototype.model = function (m) {
            return [this.doubles(m.weightValues), this.doubles(m.h0Values), this.doubles(m.c0Values)];
          };
          // Every step's h, c, candidate, gates, logits, ŷ, lse and J(t), as the module lays them out.
          Engine.prototype.forward = function (m, tokens, targets) {
            var x = this.x;
            this.reset();
            var p = this.model(m), t = this.ints(tokens), y = this.ints(targets);
            var work = this.alloc(x.live_work_size(m.cell, m.layers, m.hidden, m.embedding, m.outputs), 8);
            var stride = x.live_step_size(m.cell, m.hidden, m.outputs), out = this.alloc(stride * tokens.length, 8);
            x.live_forward(m.cell, m.layers, m.hidden, m.inputs, m.embedding, m.outputs, m.hiddenBias ? 1 : 0, p[0], t, y, tokens.length,
              p[1], p[2], work, out);
            return {stride: stride, values: new Float64Array(x.memory.buffer, out, stride * tokens.length).slice()};
          };
          Engine.prototype.sample = function (m, prime, temperature, seed, length, stop) {
            var x = this.x;
            this.reset();
            var p = this.model(m), t = this.ints(prime), state = this.alloc(625, 4);
            var work = this.alloc(x.live_work_size(m.cell, m.layers, m.hidden, m.embedding, m.outputs), 8);
            var tokens = this.alloc(length, 4), probabilities = this.alloc(length, 8);
            var n = x.live_sample(m.cell, m.layers, m.hidden, m.inputs, m.embedding, m.outputs, m.hiddenBias ? 1 : 0, p[0], t, prime.length,
              p[1], p[2], temperature, seed | 0, length, stop, state, work, tokens, probabilities);
            return {tokens: Array.from(new Int32Array(x.memory.buffer, tokens, n)),
                    probabilities: Array.from(new Float64Array(x.memory.buffer, probabilities, n))};
          };

          function doubles(base64) {
            var b = bytes(base64);
            return new Float64Array(b.buffer, 0, b.length / 8);
          }

          // A number as the lesson's format prints it (printf's %.Nf, %.Ne, and %.Nf of 100x for %): ties go to
          // the even digit, as printf rounds, and a negative zero prints as zero.
          function format(x, spec) {
            if (isNaN(x)) { return "nan"; }
            if (!isFinite(x)) { return x > 0 ? "inf" : "-inf"; }
            var p = parseInt(spec.slice(1, -1), 10), style = spec.slice(-1), text;
            if (style === "e") { text = exponent(x, p); }
            else if (style === "%") { text = fixed(x * 100, p) + "%"; }
            else { text = fixed(x, p); }
            return /^-[0.e+\-%]*$/.test(text) ? text.slice(1) : text;
          }
          function fixed(x, p) {
            var long = x.toFixed(Math.min(100, p + 30)), digits = long.split(".")[1] || "";
            if (!/^50*$/.test(digits.slice(p))) { return x.toFixed(p); }
            var down = long.slice(0, long.length - (digits.length - p)).replace(/\.$/, "");
            return parseInt(down.slice(-1), 10) % 2 === 0 ? down : x.toFixed(p);
          }
          function exponent(x, p) {
            var long = x.toExponential(Math.min(100, p + 30)).split("e"), digits = long[0].split(".")[1] || "";
            var text = x.toExponential(p);
            if (/^50*$/.test(digits.slice(p))) {
              var down = long[0].slice(0, long[0].length - (digits.length - p)).replace(/\.$/, "");
              if (parseInt(down.slice(-1), 10) % 2 === 0) { text = down + "e" + long[1]; }
            }
            return text.replace(/e([+-])(\d)$/, "e$10$2");
          }

          function element(tag, className, text) {
            var e = document.createElement(tag);
            if (className) { e.className = className; }
            if (text !== undefined) { e.textContent = text; }
            return e;
          }
          function shown(token) { return token === " " ? "␣" : token === "\n" ? "↵" : token === "" ? "∅" : token; }
          function code(text) { return element("code", "", text); }

          // A table as the static figure's: a caption, a row per step, numeric cells with their full value.
          function table(caption, corner, columns, rows) {
            var figure = element("figure", "wb-live-table wb-table"), wrap = element("div", "wb-table-wrap");
            var t = element("table"), head = element("thead"), tr = element("tr"), body = element("tbody");
            figure.appendChild(element("figcaption", "", caption));
            tr.appendChild(element("th", "", corner));
            columns.forEach(function (c) { tr.appendChild(c.numeric === false ? element("th", "", c.label) : element("th", "num", c.label)); });
            head.appendChild(tr);
            rows.forEach(function (row) {
              var r = element("tr");
              row.forEach(function (cell) {
                var td = element("td", cell.value !== undefined ? "num" : "");
                if (cell.value !== undefined) { td.textContent = cell.text; td.dataset.value = String(cell.value); }
                else if (cell.code !== undefined) { td.appendChild(code(cell.code)); }
                else { td.textContent = cell.text; }
                r.appendChild(td);
              });
              body.appendChild(r);
            });
            t.appendChild(head); t.appendChild(body); wrap.appendChild(t); figure.appendChild(wrap);
            return figure;
          }

          function tokenize(text, m) {
            if (m.characters) { return Array.from(text); }
            return text.split(/\s+/).filter(function (w) { return w.length > 0; });
          }
          function indices(tokens, vocabulary, name) {
            var out = [];
            for (var i = 0; i < tokens.length; i++) {
              var k = vocabulary.indexOf(tokens[i]);
              if (k < 0) { throw new Error("'" + tokens[i] + "' is not in the vocabulary of " + name + ": " + vocabulary.map(shown).join(" ")); }
              out.push(k);
            }
            return out;
          }

          // The steps a forward figure runs on its text: the inputs, their labels, and the next token as target.
          function steps(text, s) {
            var m = s.model, tokens = tokenize(text, m), inputs, targets;
            if (s.teacher) {
              inputs = s.zeroFirst ? [null].concat(tokens.slice(0, -1)) : tokens.slice(0, -1);
              targets = s.zeroFirst ? tokens : tokens.slice(1);
            } else {
              inputs = s.zeroFirst ? [null].concat(tokens) : tokens;
              targets = (s.zeroFirst ? tokens : tokens.slice(1)).concat([null]);
            }
            if (tokens.length === 0 || inputs.length === 0) { throw new Error("type at least " + (s.teacher && !s.zeroFirst ? "two tokens" : "one token")); }
            var given = indices(inputs.filter(function (t) { return t !== null; }), m.sources, m.name);
            var index = 0, ids = inputs.map(function (t) { return t === null ? -1 : given[index++]; });
            var wanted = targets.map(function (t) { return t !== null && m.targets.indexOf(t) >= 0 ? m.targets.indexOf(t) : -1; });
            return {labels: inputs.map(function (t) { return t === null ? "∅" : shown(t); }), inputs: ids, targets: wanted, next: targets};
          }

          function forwardTables(s, run, st) {
            var m = s.model, H = m.hidden, K = m.outputs, G = [1, 1, 1, 4, 3, 3][m.cell], f = s.format;
            var corner = "t · " + (s.notation ? "x(t)" : "input"), out = [];
            function part(offset, width) {
              return st.inputs.map(function (_, t) {
                var row = [{text: (t + 1) + " " + st.labels[t]}];
                for (var k = 0; k < width; k++) { var v = run.values[t * run.stride + offset + k]; row.push({text: format(v, f), value: v}); }
                return row;
              });
            }
            function units(symbol, n) { var c = []; for (var k = 1; k <= n; k++) { c.push({label: symbol + k}); } return c; }
            var tokens = m.targets.map(function (t) { return {label: shown(t)}; });
            s.show.forEach(function (name) {
              if (name === "z") { out.push(table("Pre-activations z(t)", corner, units("z", H), part(2 * H, H))); }
              if (name === "h") { out.push(table("Hidden states h(t)", corner, units("h", H), part(0, H))); }
              if (name === "cell") { out.push(table("Cell states c(t)", corner, units("c", H), part(H, H))); }
              if (name === "gates") {
                var names = [[], [], [], ["i", "f", "g", "o"], ["r", "z", "n"], ["r", "z", "n"]][m.cell], c = [];
                names.forEach(function (g) { c = c.concat(units(g, H)); });
                out.push(table("Gate values", corner, c, part(3 * H, G * H)));
              }
              if (name === "logits") { out.push(table("Logits", corner, tokens, part((3 + G) * H, K))); }
              if (name === "yhat") { out.push(table("Output distributions ŷ(t)", corner, tokens, part((3 + G) * H + K, K))); }
              if (name === "top") {
                var columns = [];
                for (var r = 1; r <= s.top; r++) { columns.push({label: "#" + r, numeric: false}, {label: "p"}); }
                out.push(table("Most likely next tokens (top " + s.top + ")", corner, columns, st.inputs.map(function (_, t) {
                  var p = run.values.subarray(t * run.stride + (3 + G) * H + K, t * run.stride + (3 + G) * H + 2 * K);
                  var order = Array.from(p.keys()).sort(function (a, b) { return p[b] - p[a] || a - b; }).slice(0, s.top);
                  var row = [{text: (t + 1) + " " + st.labels[t]}];
                  order.forEach(function (i) { row.push({code: shown(m.targets[i])}, {text: format(p[i], f), value: p[i]}); });
                  return row;
                })));
              }
            });
            var losses = [];
            st.targets.forEach(function (y, t) {
              if (y >= 0) { var v = run.values[t * run.stride + (3 + G) * H + 2 * K + 1]; losses.push([{text: (t + 1) + " " + st.labels[t]}, {code: shown(st.next[t])}, {text: format(v, f), value: v}]); }
            });
            if (losses.length) { out.push(table("Loss per step J(t) = −log ŷ(t)[next token]", corner, [{label: "next", numeric: false}, {label: "J(t)"}], losses)); }
            return out;
          }

          function field(label, input) {
            var l = element("label", "", label + " ");
            l.appendChild(input);
            return l;
          }

          function setUpForward(figure, s, engine) {
            var controls = element("div", "wb-live-controls"), input = element("input"), message = element("span", "wb-live-message");
            var out = element("div", "wb-live-out");
            input.type = "text"; input.maxLength = s.maxLength; input.value = s.text; input.spellcheck = false;
            input.setAttribute("autocomplete", "off"); input.setAttribute("aria-label", "Input of the forward pass");
            controls.appendChild(field("Input", input)); controls.appendChild(message);
            function update() {
              try {
                var st = steps(input.value.slice(0, s.maxLength), s);
                var run = engine.forward(s.model, st.inputs, st.targets);
                var tables = forwardTables(s, run, st);
                out.replaceChildren.apply(out, tables);
                document.dispatchEvent(new Event("wb-laid-out"));
                message.textContent = "";
              } catch (e) { message.textContent = e.message; }
            }
            input.addEventListener("input", update);
            figure.appendChild(controls); figure.appendChild(out);
            update();
          }

          function setUpSample(figure, s, engine) {
            var m = s.model, controls = element("div", "wb-live-controls"), message = element("span", "wb-live-message");
            var prime = element("input"), temperature = element("input"), shownT = element("output"), seed = element("input"), length = element("input");
            var out = element("pre", "wb-text wb-live-out");
            prime.type = "text"; prime.maxLength = s.maxLength; prime.value = s.text; prime.setAttribute("aria-label", "Prime");
            temperature.type = "range"; temperature.min = "0.05"; temperature.max = String(Math.max(2, s.temperature)); temperature.step = "any";
            temperature.value = String(s.temperature); temperature.setAttribute("aria-label", "Temperature");
            seed.type = "number"; seed.min = "0"; seed.max = "4294967295"; seed.step = "1"; seed.value = String(s.seed);
            length.type = "number"; length.min = "1"; length.max = String(s.maxSample); length.step = "1"; length.value = String(s.length);
            controls.appendChild(field("Prime", prime)); controls.appendChild(field("Temperature", temperature)); controls.appendChild(shownT);
            controls.appendChild(field("Seed", seed)); controls.appendChild(field("Length", length)); controls.appendChild(message);
            var joiner = m.characters ? "" : " ", lineBreak = m.characters ? m.eos : -1;
            function update() {
              try {
                var t = parseFloat(temperature.value), n = parseInt(length.value, 10), first = parseInt(seed.value, 10);
                if (!(t > 0) || !(n >= 1 && n <= s.maxSample) || !(first >= 0 && first <= 4294967295)) { throw new Error("temperature > 0, a seed from 0 to 4294967295, a length from 1 to " + s.maxSample); }
                shownT.textContent = t.toFixed(2);
                var given = tokenize(prime.value.slice(0, s.maxLength), m), ids = indices(given, m.sources, m.name);
                if (s.zeroFirst) { ids = [-1].concat(ids); }
                var texts = [];
                for (var k = 0; k < s.top; k++) {
                  var drawn = engine.sample(m, ids, t, (first + k) >>> 0, n, s.stop);
                  var words = given.concat(drawn.tokens.filter(function (i) { return i !== s.stop; }).map(function (i) { return i === lineBreak ? "\n" : m.targets[i]; }));
                  texts.push(words.join(joiner));
                }
                var many = texts.some(function (x) { return x.indexOf("\n") >= 0; });
                out.replaceChildren(code(texts.join(many ? "\n\n" : "\n") + "\n"));
                message.textContent = "";
              } catch (e) { message.textContent = e.message; }
            }
            [prime, temperature, seed, length].forEach(function (e) { e.addEventListener("input", update); });
            figure.appendChild(controls); figure.appendChild(out);
            update();
          }

          function setUp(figure, engine) {
            var s = JSON.parse(figure.querySelector(".wb-live-data").textContent);
            s.model.weightValues = doubles(s.model.weights);
            s.model.h0Values = doubles(s.model.h0);
            s.model.c0Values = doubles(s.model.c0);
            (s.kind === "sample" ? setUpSample : setUpForward)(figure, s, engine);
            figure.classList.add("wb-live-on");
            figure.dataset.wbLiveState = "ready";
          }

          function start() {
            var figures = document.querySelectorAll(".wb-live");
            if (!figures.length) { return; }
            if (typeof self.RNNLiveModule !== "string" || typeof WebAssembly !== "object") {
              figures.forEach(function (f) { f.dataset.wbLiveState = "no module"; });
              return;
            }
            var module = new WebAssembly.Module(bytes(self.RNNLiveModule));
            var engine = new Engine(new WebAssembly.Instance(module, {}).exports);
            figures.forEach(function (f) {
              try { setUp(f, engine); } catch (e) { f.dataset.wbLiveState = "failed: " + e.message; }
            });
          }

          if (typeof document !== "undefined") { document.addEventListener("DOMContentLoaded", start); }
          if (typeof module !== "undefined") { module.exports = {Engine: Engine, format: format, doubles: doubles, bytes: bytes}; }
        })();

        """#
}
