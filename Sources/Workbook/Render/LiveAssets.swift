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
        .wb-live-stale { opacity: 0.3; }
        .wb-live-on > .wb-live-static { display: none; }
        .wb-measuring .wb-live-on > .wb-live-static { display: block; }
        @media print {
          .wb-live-on > .wb-live-static { display: block; }
          .wb-live-controls, .wb-live-out { display: none; }
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
          // A sample begun: the prime read and the generator seeded, in memory of its own until the next reset;
          // draw(n) continues it by up to n tokens, as live_sample_draw does, until `stop` or `length`.
          Engine.prototype.sampler = function (m, prime, temperature, seed, length, stop) {
            var x = this.x, engine = this;
            this.reset();
            var p = this.model(m), t = this.ints(prime), state = this.alloc(625, 4);
            var work = this.alloc(x.live_work_size(m.cell, m.layers, m.hidden, m.embedding, m.outputs), 8);
            var tokens = this.alloc(length, 4), probabilities = this.alloc(length, 8);
            var shape = [m.cell, m.layers, m.hidden, m.inputs, m.embedding, m.outputs, m.hiddenBias ? 1 : 0, p[0]];
            x.live_sample_start.apply(null, shape.concat([t, prime.length, p[1], p[2], seed | 0, state, work]));
            var run = {tokens: [], probabilities: [], done: length <= 0};
            run.draw = function (n) {
              var drawn = run.tokens.length, count = Math.min(n, length - drawn), last = drawn ? run.tokens[drawn - 1] : -1;
              var k = x.live_sample_draw.apply(null, shape.concat([last, temperature, count, stop, state, work, tokens + 4 * drawn, probabilities + 8 * drawn]));
              run.tokens = Array.from(new Int32Array(x.memory.buffer, tokens, drawn + k));
              run.probabilities = Array.from(new Float64Array(x.memory.buffer, probabilities, drawn + k));
              run.done = run.tokens.length >= length || (k > 0 && run.tokens[drawn + k - 1] === stop);
              return run;
            };
            return run;
          };
          Engine.prototype.sample = function (m, prime, temperature, seed, length, stop) {
            var run = this.sampler(m, prime, temperature, seed, length, stop);
            while (!run.done) { run.draw(length); }
            return {tokens: run.tokens, probabilities: run.probabilities};
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

          // Text as the native engine splits it (`Corpus.Tokenization`): a character is a grapheme cluster, as a
          // Swift Character (👍🏽, e + U+0301 and \r\n are one each); words are split at the characters whose first
          // scalar is white space, as Character.isWhitespace.
          var graphemes = typeof Intl === "object" && Intl.Segmenter ? new Intl.Segmenter(undefined, {granularity: "grapheme"}) : null;
          function tokenize(text, m) {
            var characters = graphemes ? Array.from(graphemes.segment(text), function (g) { return g.segment; }) : Array.from(text);
            if (m.characters) { return characters; }
            var words = [], word = "";
            characters.forEach(function (c) {
              if (/^\p{White_Space}/u.test(c)) { if (word) { words.push(word); } word = ""; } else { word += c; }
            });
            if (word) { words.push(word); }
            return words;
          }
          // A token's index in a vocabulary as Swift finds it (strings equal when canonically equivalent: é as one
          // scalar or as e + U+0301), else <UNK>'s when the vocabulary has it, else -1.
          function lookup(token, vocabulary) {
            var k = vocabulary.indexOf(token), nfd = token.normalize("NFD");
            if (k < 0) { k = vocabulary.findIndex(function (v) { return v.normalize("NFD") === nfd; }); }
            return k >= 0 ? k : vocabulary.indexOf("<UNK>");
          }
          function indices(tokens, vocabulary, name) {
            return tokens.map(function (token) {
              var k = lookup(token, vocabulary);
              if (k < 0) { throw new Error("'" + token + "' is not in the vocabulary of " + name + ": " + vocabulary.map(shown).join(" ")); }
              return k;
            });
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
            var named = indices(targets.filter(function (t) { return t !== null; }), m.targets, m.name);
            var wanted = targets.map(function (t) { return t === null ? -1 : named.shift(); });
            return {labels: inputs.map(function (t) { return t === null ? "∅" : shown(t); }), inputs: ids, targets: wanted, next: targets,
                    tokens: inputs.map(function (t) { return t === null ? "∅" : t; })};
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
              if (y >= 0) { var v = run.values[t * run.stride + (3 + G) * H + 2 * K + 1]; losses.push([{text: (t + 1) + " " + st.labels[t]}, {code: shown(st.next[t])}, {text: format(v, s.lossFormat || f), value: v}]); }
            });
            if (losses.length) { out.push(table("Loss per step J(t) = −log ŷ(t)[next token]", corner, [{label: "next", numeric: false}, {label: "J(t)"}], losses)); }
            return out;
          }

          // A live highlight's tokens, the value of each (null: none), the guesses under each and the colour scale,
          // all read from the module's forward pass: the top layer's h, layer 1's gates, ŷ and J(t).
          function highlightData(text, s, engine) {
            var m = s.model, h = s.highlight, st = steps(text, s), run = engine.forward(m, st.inputs, st.targets);
            var G = [1, 1, 1, 4, 3, 3][m.cell], H = m.hidden, K = m.outputs, y = (3 + G) * H + K;
            var tokens = s.teacher ? st.tokens.concat([st.next[st.next.length - 1]]) : st.tokens;
            var values = tokens.map(function () { return null; }), guesses = [];
            st.inputs.forEach(function (_, t) {
              var row = run.values.subarray(t * run.stride, (t + 1) * run.stride), p = row.subarray(y, y + K), target = st.targets[t];
              if (h.value === "unit") { values[t] = row[h.unit - 1]; }
              if (h.value === "gate") { values[t] = row[3 * H + h.gate * H + h.unit - 1]; }
              if (h.value === "probability" && target >= 0) { values[t + 1] = p[target]; }
              if (h.value === "loss" && target >= 0) { values[t + 1] = row[y + K + 1]; }
              if (h.guesses > 0) {
                guesses.push(Array.from(p.keys()).sort(function (a, b) { return p[b] - p[a] || a - b; }).slice(0, h.guesses)
                  .map(function (i) { return {token: m.targets[i], p: p[i]}; }));
              }
            });
            var low = h.range ? h.range[0] : 0, high = h.range ? h.range[1] : 0;
            if (!h.range) {
              var finite = values.filter(function (v) { return v !== null && isFinite(v); });
              high = finite.reduce(function (a, v) { return Math.max(a, Math.abs(v)); }, 0) || 1;
              low = finite.some(function (v) { return v < 0; }) ? -high : 0;
            }
            return {tokens: tokens, values: values, guesses: guesses, low: low, high: high};
          }

          // The background of a value as the static figure colours it (SVGPlot.color: white at 0, red positive,
          // blue negative; grey for none).
          function colour(v, high) {
            if (v === null || !isFinite(v)) { return "#eeeeee"; }
            var t = Math.min(Math.abs(v) / high, 1), c = v >= 0 ? [255, 255 - 180 * t, 255 - 200 * t] : [255 - 200 * t, 255 - 140 * t, 255];
            return "#" + c.map(function (x) { return ("0" + Math.round(x).toString(16)).slice(-2); }).join("");
          }

          // What a token's hover text says: its value, and the guesses for the token after it.
          function tip(d, i, f) {
            var v = d.values[i], g = d.guesses[i] || [], text = shown(d.tokens[i]) + ": " + (v === null ? "no value" : format(v, f));
            return text + (g.length ? "; next: " + g.map(function (x) { return shown(x.token) + " " + format(x.p, f); }).join(", ") : "");
          }

          // The figure as HighlightHTML writes it.
          function drawHighlight(d, s) {
            var h = s.highlight, f = s.format, figure = element("figure", "wb-highlight wb-live-figure"), caption = element("figcaption");
            var scale = element("span", "wb-scale");
            scale.style.background = "linear-gradient(to right," + colour(d.low, d.high) + "," + colour((d.low + d.high) / 2, d.high) + "," + colour(d.high, d.high) + ")";
            caption.append(element("strong", "", h.title), ": " + h.name + ", ", scale, " " + format(d.low, f) + " … " + format(d.high, f));
            var text = element("p", "wb-highlight-text" + (h.guesses > 0 ? " wb-with-guesses" : ""));
            d.tokens.forEach(function (token, i) {
              if (token === "\n") { text.appendChild(element("br")); return; }
              var v = d.values[i], g = d.guesses[i] || [], span = element("span", "wb-tok", token === " " ? "\u00a0" : token);
              span.title = tip(d, i, f);
              span.style.background = colour(v, d.high);
              if (g.length) {
                var small = element("small", "wb-guesses");
                g.forEach(function (x, k) { if (k) { small.appendChild(element("br")); } small.append(shown(x.token) + " " + format(x.p, f)); });
                span.appendChild(small);
              }
              text.appendChild(span);
              if (h.joiner) { text.append(" "); }
            });
            figure.append(caption, text);
            return figure;
          }

          // A live diagram's columns, from the module's forward pass: each step's input, h, its top outputs and,
          // when marked, its target right or wrong; the title and the first step drawn.
          function diagramData(text, s, engine) {
            var m = s.model, o = s.diagram, st = steps(text, s), run = engine.forward(m, st.inputs, st.targets);
            var G = [1, 1, 1, 4, 3, 3][m.cell], H = m.hidden, K = m.outputs, y = (3 + G) * H + K;
            var columns = st.inputs.map(function (_, t) {
              var row = run.values.subarray(t * run.stride, (t + 1) * run.stride), p = row.subarray(y, y + K), target = st.targets[t];
              var ranked = Array.from(p.keys()).sort(function (a, b) { return p[b] - p[a] || a - b; });
              var c = {input: st.tokens[t], hidden: Array.from(row.subarray(0, H)), target: null, right: false,
                       outputs: ranked.slice(0, o.top).map(function (i) { return {token: m.targets[i], p: p[i]}; })};
              if (o.marked && target >= 0) { c.target = {token: m.targets[target], p: p[target]}; c.right = ranked[0] === target; }
              return c;
            });
            var first = o.steps ? o.steps[0] : 1;
            if (first > columns.length) { throw new Error("the diagram starts at step " + first + "; type at least " + first + " steps"); }
            if (o.steps) { columns = columns.slice(first - 1, o.steps[1]); }
            if (columns.length > 40) { throw new Error("a diagram of " + columns.length + " steps would be unreadable; type at most 40"); }
            var title = o.title !== null && o.title !== undefined ? o.title : m.name + " on “" + st.tokens.join(m.characters ? "" : " ") + "”";
            return {title: title, columns: columns, first: first};
          }

          function escape(text) {
            return String(text).replace(/[&<>"']/g, function (c) { return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c]; });
          }

          // The SVG DiagramSVG.render writes for a one-layer language model, byte for byte but for the marker's id.
          function diagramSVG(d, s, id) {
            var o = s.diagram, f = s.format, n = function (x) { return format(x, ".2f"); };
            var text = function (t, x, y, anchor, extra) { return "<text x=\"" + n(x) + "\" y=\"" + n(y) + "\" text-anchor=\"" + anchor + "\"" + (extra || "") + ">" + escape(t) + "</text>\n"; };
            var box = function (x, y, w, h) { return "<rect x=\"" + n(x) + "\" y=\"" + n(y) + "\" width=\"" + n(w) + "\" height=\"" + n(h) + "\" rx=\"4\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\"0.55\"/>\n"; };
            var arrow = function (x1, y1, x2, y2, label) {
              var a = "<path d=\"M" + n(x1) + " " + n(y1) + "L" + n(x2) + " " + n(y2) + "\" stroke=\"currentColor\" stroke-width=\"1.2\" fill=\"none\" marker-end=\"url(#" + id + ")\"/>\n";
              if (label === undefined) { return a; }
              return a + (y1 === y2 ? text(label, (x1 + x2) / 2, y1 - 5, "middle", " class=\"wb-small wb-weight\"")
                                    : text(label, (x1 + x2) / 2 + 3, (y1 + y2) / 2 + 3, "start", " class=\"wb-small wb-weight\""));
            };
            var extra = function (c) { return c.target !== null && !c.outputs.some(function (x) { return x.token === c.target.token; }); };
            var line = function (x, y, out, right) {
              var a = "";
              if (right !== null) {
                var colour = right ? "#2b8a3e" : "#c92a2a";
                a += "<rect x=\"" + n(x + 2) + "\" y=\"" + n(y - 11) + "\" width=\"" + n(80) + "\" height=\"14\" rx=\"2\" fill=\"" + colour + "\" fill-opacity=\"0.18\" stroke=\"" + colour + "\" class=\"" + (right ? "wb-right" : "wb-wrong") + "\"/>\n";
              }
              return a + text(shown(out.token), x + 6, y, "start", " class=\"wb-mono\"") + text(format(out.p, f) + (right === null ? "" : right ? " ✓" : " ✗"), x + 79, y, "end");
            };
            var H = d.columns.reduce(function (a, c) { return Math.max(a, c.hidden.length); }, 0), units = Math.min(o.units, H);
            var hiddenHeight = units * 15 + (H > units ? 12 : 0) + 8;
            var lines = d.columns.reduce(function (a, c) { return Math.max(a, c.outputs.length + (extra(c) ? 1 : 0)); }, 0);
            var outputHeight = o.output && lines > 0 ? lines * 15 + 10 : 0, inputHeight = o.input ? 26 : 0, left = 112, y = 40;
            var outputY = y;
            if (outputHeight > 0) { y += outputHeight + 30; }
            var hiddenY = y;
            if (o.hidden) { y += hiddenHeight + 30; }
            var inputY = y;
            if (inputHeight > 0) { y += inputHeight; }
            var width = left + d.columns.length * 104 + 8, height = y + 16;
            var steps = d.columns.map(function (c, i) {
              var parts = ["reads " + shown(c.input)];
              if (c.outputs.length) { parts.push("most likely output " + shown(c.outputs[0].token) + " (" + format(c.outputs[0].p, f) + ")"); }
              if (c.target) { parts.push("target " + shown(c.target.token) + " has probability " + format(c.target.p, f) + ", " + (c.right ? "right" : "wrong")); }
              return "step " + (i + d.first) + ": " + parts.join(", ");
            });
            var svg = "<figure class=\"wb-diagram\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + n(width) + " " + n(height) + "\" width=\"" + n(width) + "\" role=\"img\" aria-labelledby=\"" + id + "-title " + id + "-desc\">\n";
            svg += "<title id=\"" + id + "-title\">" + escape(d.title) + "</title>\n";
            svg += "<desc id=\"" + id + "-desc\">" + escape("The network unrolled over " + d.columns.length + " steps. " + steps.join("; ") + ".") + "</desc>\n";
            svg += "<defs><marker id=\"" + id + "\" viewBox=\"0 0 8 8\" refX=\"7\" refY=\"4\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0L8 4L0 8z\" fill=\"currentColor\"/></marker></defs>\n";
            svg += "<g class=\"wb-diagram-body\" fill=\"currentColor\" font-size=\"11\">\n" + text(d.title, width / 2, 18, "middle", " class=\"wb-plot-title\"");
            if (outputHeight > 0) { svg += text("output ŷ", 8, outputY + 16, "start"); }
            if (o.hidden) { svg += text("hidden h", 8, hiddenY + 16, "start"); }
            if (inputHeight > 0) { svg += text("input x", 8, inputY + 17, "start"); }
            d.columns.forEach(function (c, k) {
              var bx = left + k * 104;
              if (inputHeight > 0) {
                svg += box(bx, inputY, 84, inputHeight) + text(shown(c.input), bx + 42, inputY + 17, "middle", " class=\"wb-mono\"");
                if (o.hidden) { svg += arrow(bx + 42, inputY, bx + 42, hiddenY + hiddenHeight + 2, k === 0 ? o.weights[0] : undefined); }
              }
              if (o.hidden) {
                var scale = Math.max(1, c.hidden.reduce(function (a, v) { return Math.max(a, Math.abs(v)); }, 0));
                svg += box(bx, hiddenY, 84, hiddenHeight);
                c.hidden.slice(0, units).forEach(function (v, u) {
                  var cy = hiddenY + 4 + u * 15;
                  svg += "<rect x=\"" + n(bx + 4) + "\" y=\"" + n(cy) + "\" width=\"" + n(76) + "\" height=\"" + n(13) + "\" fill=\"" + (isFinite(v) ? colour(v, scale) : "#999999") + "\"><title>" + escape("unit " + (u + 1) + ": " + format(v, f)) + "</title></rect>\n";
                  svg += text(format(v, f), bx + 42, cy + 10.5, "middle", " class=\"wb-mono wb-on-colour\" fill=\"#111\"");
                });
                if (c.hidden.length > units) { svg += text("… " + (c.hidden.length - units) + " more", bx + 42, hiddenY + hiddenHeight - 5, "middle", " class=\"wb-small\""); }
                if (k > 0) { svg += arrow(left + (k - 1) * 104 + 84, hiddenY + hiddenHeight / 2, bx - 2, hiddenY + hiddenHeight / 2, k === 1 ? o.weights[1] : undefined); }
              }
              if (outputHeight > 0 && c.outputs.length) {
                var h = (c.outputs.length + (extra(c) ? 1 : 0)) * 15 + 10, ly = outputY + outputHeight - h + 15;
                svg += box(bx, outputY + outputHeight - h, 84, h);
                c.outputs.forEach(function (out) { svg += line(bx, ly, out, c.target && c.target.token === out.token ? c.right : null); ly += 15; });
                if (extra(c)) { svg += line(bx, ly, c.target, false); }
                if (o.hidden) { svg += arrow(bx + 42, hiddenY, bx + 42, outputY + outputHeight + 2, k === 0 ? o.weights[2] : undefined); }
              }
            });
            return svg + "</g></svg></figure>\n";
          }

          function setUpDiagram(figure, s, engine, id) {
            var controls = element("div", "wb-live-controls"), input = element("input"), message = element("span", "wb-live-message");
            var out = element("div", "wb-live-out");
            input.type = "text"; input.maxLength = s.maxLength; input.value = s.text; input.spellcheck = false;
            input.setAttribute("autocomplete", "off"); input.setAttribute("aria-label", "Input of the unrolled network");
            controls.appendChild(field("Input", input)); controls.appendChild(message);
            function update() {
              try {
                out.innerHTML = diagramSVG(diagramData(input.value.slice(0, s.maxLength), s, engine), s, id);
                out.firstElementChild.classList.add("wb-live-figure");
                document.dispatchEvent(new Event("wb-laid-out"));
                refuse(message, out, null);
              } catch (e) { refuse(message, out, e); }
            }
            input.addEventListener("input", update);
            figure.appendChild(controls); figure.appendChild(out);
            update();
          }

          function setUpHighlight(figure, s, engine) {
            var controls = element("div", "wb-live-controls"), input = element("input"), message = element("span", "wb-live-message");
            var out = element("div", "wb-live-out");
            input.type = "text"; input.maxLength = s.maxLength; input.value = s.text; input.spellcheck = false;
            input.setAttribute("autocomplete", "off"); input.setAttribute("aria-label", "Text to colour");
            controls.appendChild(field("Text", input)); controls.appendChild(message);
            function update() {
              try {
                out.replaceChildren(drawHighlight(highlightData(input.value.slice(0, s.maxLength), s, engine), s));
                document.dispatchEvent(new Event("wb-laid-out"));
                refuse(message, out, null);
              } catch (e) { refuse(message, out, e); }
            }
            input.addEventListener("input", update);
            figure.appendChild(controls); figure.appendChild(out);
            update();
          }

          // Says why the typed input is refused and dims the result shown before, which is not the input's; with
          // no error, clears the message: the result is current.
          function refuse(message, out, error) {
            message.textContent = error ? error.message : "";
            out.classList.toggle("wb-live-stale", !!error);
          }

          // A number field's whole number from low to high ("1e3" is 1000), or an error naming the field: "2.5",
          // "" and numbers out of range are refused, not truncated.
          function integer(input, name, low, high) {
            var text = input.value.trim(), x = Number(text);
            if (text === "" || !Number.isInteger(x) || x < low || x > high) { throw new Error(name + " must be a whole number from " + low + " to " + high); }
            return x;
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
                refuse(message, out, null);
              } catch (e) { refuse(message, out, e); }
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
            var joiner = m.characters ? "" : " ", lineBreak = m.characters ? m.eos : -1, job = 0;
            // One update: the samples drawn a few tokens at a time, in slices of about 10 ms between which the
            // page answers the reader; a newer update (the next keystroke) ends an older one at its next slice.
            // At load the figure is drawn at once.
            function update(atOnce) {
              var mine = ++job;
              try {
                var t = parseFloat(temperature.value), n = integer(length, "the length", 1, s.maxSample), first = integer(seed, "the seed", 0, 4294967295);
                if (!(t > 0)) { throw new Error("the temperature must be above 0"); }
                shownT.textContent = t.toFixed(2);
                var given = tokenize(prime.value.slice(0, s.maxLength), m), ids = indices(given, m.sources, m.name);
                if (s.zeroFirst) { ids = [-1].concat(ids); }
              } catch (e) { refuse(message, out, e); finish(); return; }
              var texts = [], run = null;
              function text(r) {
                return given.concat(r.tokens.filter(function (i) { return i !== s.stop; }).map(function (i) { return i === lineBreak ? "\n" : m.targets[i]; })).join(joiner);
              }
              function show(partial) {
                var all = partial && run ? texts.concat([text(run)]) : texts, many = all.some(function (x) { return x.indexOf("\n") >= 0; });
                out.replaceChildren(code(all.join(many ? "\n\n" : "\n") + "\n"));
              }
              function slice() {
                if (mine !== job) { return; }
                var until = atOnce ? Infinity : performance.now() + 10;
                try {
                  while (texts.length < s.top && performance.now() < until) {
                    if (!run) { run = engine.sampler(m, ids, t, (first + texts.length) >>> 0, n, s.stop); }
                    run.draw(8);
                    if (run.done) { texts.push(text(run)); run = null; }
                  }
                } catch (e) { refuse(message, out, e); finish(); return; }
                if (texts.length < s.top) { show(true); later(slice); return; }
                show(false);
                refuse(message, out, null);
                finish();
              }
              figure.dataset.wbLiveBusy = "1";
              slice();
            }
            function finish() {
              delete figure.dataset.wbLiveBusy;
              figure.dispatchEvent(new Event("wb-live-done"));
            }
            [prime, temperature, seed, length].forEach(function (e) { e.addEventListener("input", function () { update(false); }); });
            figure.appendChild(controls); figure.appendChild(out);
            update(true);
          }

          // Runs f after the page has handled what is waiting (a message, not a timer: timers nested a few deep
          // wait at least 4 ms). The channel is made when first needed: an open one keeps node's tests running.
          var queued = [], channel = null;
          function later(f) {
            if (typeof MessageChannel !== "function") { setTimeout(f, 0); return; }
            if (!channel) {
              channel = new MessageChannel();
              channel.port1.onmessage = function () { queued.shift()(); };
            }
            queued.push(f);
            channel.port2.postMessage(0);
          }

          function setUp(figure, engine, n) {
            var s = JSON.parse(figure.querySelector(".wb-live-data").textContent);
            s.model.weightValues = doubles(s.model.weights);
            s.model.h0Values = doubles(s.model.h0);
            s.model.c0Values = doubles(s.model.c0);
            ({sample: setUpSample, highlight: setUpHighlight, diagram: setUpDiagram}[s.kind] || setUpForward)(figure, s, engine, "wb-live-arrow-" + n);
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
            // An instance per figure: a sample drawn in slices keeps its state in its instance's memory.
            figures.forEach(function (f, n) {
              try { setUp(f, new Engine(new WebAssembly.Instance(module, {}).exports), n + 1); } catch (e) { f.dataset.wbLiveState = "failed: " + e.message; }
            });
          }

          if (typeof document !== "undefined") { document.addEventListener("DOMContentLoaded", start); }
          if (typeof module !== "undefined") { module.exports = {Engine: Engine, format: format, doubles: doubles, bytes: bytes, highlightData: highlightData, colour: colour, tip: tip, diagramData: diagramData, diagramSVG: diagramSVG, tokenize: tokenize, steps: steps, setUpForward: setUpForward, setUpHighlight: setUpHighlight, setUpDiagram: setUpDiagram, setUpSample: setUpSample}; }
        })();

        """#
}
