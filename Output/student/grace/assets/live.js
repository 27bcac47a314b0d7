"use strict";
// Live figures: each .wb-live element's JSON data (the figure's settings and model, its weights named by
// digest), the page's sets of weights (.wb-live-weights) and the engine's core compiled to WebAssembly
// (assets/rnn-live-module.js). Everything computed is the module's.
(function () {
  function bytes(base64) {
    var s = atob(base64), a = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) { a[i] = s.charCodeAt(i); }
    return a;
  }

  // The module's memory from __heap_base up: the figure's model (its weights and initial states) and its
  // work space (the transposed weights, a sample's states after its prime) copied in once and kept while
  // the figure runs that model; each call's own data above them, afresh for every call.
  function Engine(exports) {
    this.x = exports;
    this.base = (exports.__heap_base.value + 7) & ~7;
    this.top = this.base;
    this.kept = null;
  }
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
  // The model's part of the memory (copied in when the model is not the one kept), the calls' part emptied.
  Engine.prototype.model = function (m) {
    if (!this.kept || this.kept.model !== m) {
      this.top = this.base;
      var k = {model: m, params: this.doubles(m.weightValues), h0: this.doubles(m.h0Values), c0: this.doubles(m.c0Values), primed: null,
               forwarded: null, out: 0, states: 0, outSteps: 0};
      k.work = this.alloc(this.x.live_work_size(m.cell, m.layers, m.hidden, m.embedding, m.outputs), 8);
      k.top = this.top;
      this.kept = k;
    }
    this.top = this.kept.top;
    return this.kept;
  };
  // Every step's h, c, candidate, gates, logits, ŷ, lse and J(t), as the module lays them out. The steps
  // stay in the model's part of the memory with the states after each: the module computes only the steps
  // after the tokens the last pass began with too (a character typed or deleted: the steps after it).
  Engine.prototype.forward = function (m, tokens, targets) {
    var x = this.x, k = this.model(m), old = k.forwarded, stride = x.live_step_size(m.cell, m.hidden, m.outputs), from = 0;
    while (old && from < old.length && from < tokens.length && old[from] === tokens[from]) { from++; }
    if (!k.out || k.outSteps < tokens.length) {
      this.top = k.top;
      k.outSteps = Math.max(tokens.length, 256);
      k.out = this.alloc(stride * k.outSteps, 8);
      k.states = this.alloc(x.live_state_size(m.layers, m.hidden, m.outputs) * k.outSteps, 8);
      k.top = this.top;
      from = 0;
    }
    k.primed = null;
    k.forwarded = tokens.slice();
    var t = this.ints(tokens), y = this.ints(targets);
    x.live_forward(m.cell, m.layers, m.hidden, m.inputs, m.embedding, m.outputs, m.hiddenBias ? 1 : 0, k.params, t, y, tokens.length,
      from, k.h0, k.c0, k.work, k.out, k.states);
    return {stride: stride, values: new Float64Array(x.memory.buffer, k.out, stride * tokens.length).slice()};
  };
  // A sample begun: the prime read (only its new part when it repeats or extends the prime the kept states
  // were read after) and the generator seeded, in memory of its own until the next call; draw(n) continues
  // it by up to n tokens, as live_sample_draw does, until `stop` or `length`.
  Engine.prototype.sampler = function (m, prime, temperature, seed, length, stop) {
    var x = this.x, k = this.model(m), bias = m.hiddenBias ? 1 : 0, old = k.primed;
    k.forwarded = null;
    var continues = old !== null && (old.length ? old.length <= prime.length && old.every(function (v, i) { return v === prime[i]; }) : !prime.length);
    var state = this.alloc(625, 4), tokens = this.alloc(Math.max(length, 1), 4), probabilities = this.alloc(Math.max(length, 1), 8);
    x.live_sample_start(m.cell, m.layers, m.hidden, m.inputs, m.embedding, m.outputs, bias, k.params, this.ints(prime), prime.length,
      continues ? old.length : -1, k.h0, k.c0, seed | 0, state, k.work);
    k.primed = prime.slice();
    var run = {tokens: [], probabilities: [], done: length <= 0};
    run.draw = function (n) {
      var drawn = run.tokens.length, last = drawn ? run.tokens[drawn - 1] : -1;
      var got = x.live_sample_draw(m.cell, m.layers, m.hidden, m.inputs, m.embedding, m.outputs, bias, k.params, last, temperature,
        Math.min(n, length - drawn), stop, state, k.work, tokens, probabilities);
      var ids = new Int32Array(x.memory.buffer, tokens, got), p = new Float64Array(x.memory.buffer, probabilities, got);
      for (var i = 0; i < got; i++) { run.tokens.push(ids[i]); run.probabilities.push(p[i]); }
      run.done = run.tokens.length >= length || (got > 0 && ids[got - 1] === stop);
      return run;
    };
    return run;
  };
  // The gradient flow of J(T) (live_gradient_flow): ‖∂J(T)/∂h(t)‖ for t = 1 … T and σ_max of the top
  // layer's recurrent matrix, that matrix scaled by `scale` (in the module's copy of the weights, which is
  // therefore made afresh for every call, and not kept).
  Engine.prototype.flow = function (m, tokens, targets, scale) {
    var x = this.x, T = tokens.length;
    this.kept = null;
    this.top = this.base;
    var p = [this.doubles(m.weightValues), this.doubles(m.h0Values), this.doubles(m.c0Values)], t = this.ints(tokens), y = this.ints(targets);
    var work = this.alloc(x.live_flow_work_size(m.cell, m.layers, m.hidden, m.embedding, m.outputs, T), 8), out = this.alloc(T + 1, 8);
    x.live_gradient_flow(m.cell, m.layers, m.hidden, m.inputs, m.embedding, m.outputs, m.hiddenBias ? 1 : 0, p[0], t, y, T,
      p[1], p[2], scale, work, out);
    var v = new Float64Array(x.memory.buffer, out, T + 1).slice();
    return {norms: Array.from(v.subarray(0, T)), sigma: v[T]};
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
    else if (style === "g") { text = general(x, Math.max(p, 1)); }
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
  // A figure's message (a refusal, or nothing once an input is accepted): a status, which screen readers
  // read out when it changes, without moving the reader's focus.
  function status() {
    var e = element("span", "wb-live-message");
    e.setAttribute("role", "status");
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
    var controls = element("div", "wb-live-controls"), input = element("input"), message = status();
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
    var controls = element("div", "wb-live-controls"), input = element("input"), message = status();
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

  // A live gradient flow: for each model, the module's BPTT of J(T) over the steps of the text (every
  // target a token of its vocabulary), with the top layer's recurrent matrix scaled by `scale`.
  function flowData(text, s, scale, engine) {
    return s.flow.models.map(function (fm) {
      var m = fm.model, st = steps(text, {model: m, teacher: true, zeroFirst: fm.zeroFirst});
      st.targets.forEach(function (y, t) {
        if (y < 0) { throw new Error("'" + st.next[t] + "' is not in the vocabulary of " + m.name + ": " + m.targets.map(shown).join(" ")); }
      });
      var r = engine.flow(m, st.inputs, st.targets, scale);
      return {name: m.name, what: fm.what, matrix: fm.matrix, norms: r.norms, sigma: r.sigma};
    });
  }

  // What the static figure says above its plot, at the scale the slider gives: σ_max of each scaled
  // matrix and the share of the gradient that reaches step 1.
  function flowSummary(flows, s, scale) {
    var list = element("ul", "wb-live-flow");
    flows.forEach(function (f) {
      var item = element("li"), T = f.norms.length;
      item.append(code(f.name), " (" + f.what + "), " + f.matrix + " × " + scale.toFixed(2) + ": σmax = " + format(f.sigma, ".4f")
        + ", ‖∂J(T)/∂h(1)‖ / ‖∂J(T)/∂h(T)‖ = " + format(f.norms[0] / f.norms[T - 1], s.format));
      list.appendChild(item);
    });
    return list;
  }

  // The static figure's table: ‖∂J(T)/∂h(t)‖ of each model from t = T down to 1.
  function flowRows(flows, s) {
    var T = flows[flows.length - 1].norms.length, rows = [];
    for (var t = T - 1; t >= 0; t--) {
      rows.push([{text: String(t + 1), value: t + 1}].concat(flows.map(function (f) {
        var v = f.norms[t];
        return v === undefined ? {text: ""} : {text: format(v, s.format), value: v};
      })));
    }
    return rows;
  }

  // printf's %.Ng, as NumberFormat's general style prints (ticks, σ_max in the legend).
  function general(x, p) {
    if (x === 0) { return "0"; }
    var e = exponent(x, p - 1), X = parseInt(e.split("e")[1], 10), text;
    if (X < -4 || X >= p) {
      var parts = e.split("e");
      text = (parts[0].indexOf(".") >= 0 ? parts[0].replace(/0+$/, "").replace(/\.$/, "") : parts[0]) + "e" + parts[1];
    } else {
      text = fixed(x, p - 1 - X);
      if (text.indexOf(".") >= 0) { text = text.replace(/0+$/, "").replace(/\.$/, ""); }
    }
    return text;
  }

  // Swift's rounded(): halves away from zero.
  function round(x) { return x < 0 ? -Math.round(-x) : Math.round(x); }

  // Plot.axis: ticks at 1, 2 or 5 times a power of ten.
  function plotAxis(low, high, integers, extend) {
    var raw = (high / 2 - low / 2) * 2 / 5;
    if (!(isFinite(low) && isFinite(high) && high > low && isFinite(raw) && raw > 0)) {
      return {low: low, high: high, ticks: low === high ? [low] : [low, high]};
    }
    var magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 5, 10].map(function (k) { return k * magnitude; }).filter(function (v) { return v >= raw * 0.999; })[0];
    if (step === undefined) { step = 10 * magnitude; }
    if (integers && step < 1) { step = 1; }
    var first = extend ? Math.floor(low / step) : Math.ceil(low / step), last = extend ? Math.ceil(high / step) : Math.floor(high / step);
    if (!isFinite(last - first) || last - first > 100) { return {low: low, high: high, ticks: [low, high]}; }
    var decimals = Math.max(0, -Math.floor(Math.log10(step))), scale = Math.pow(10, Math.min(decimals, 300)), ticks = [];
    for (var k = first; k <= last; k += 1) {
      var v = k * step, r = isFinite(scale) && isFinite(v * scale) ? round(v * scale) / scale : v;
      ticks.push(Math.abs(r) < step * 1e-9 ? 0 : r);
    }
    if (!ticks.length) { return {low: low, high: high, ticks: [low, high]}; }
    return extend ? {low: ticks[0], high: ticks[ticks.length - 1], ticks: ticks} : {low: low, high: high, ticks: ticks};
  }
  // Plot.logAxis: powers of ten when the range spans a decade, else 1-2-5 values at their logarithms.
  function plotLogAxis(low, high) {
    if (!(isFinite(low) && isFinite(high) && high > low)) { return plotAxis(low, high, false, true); }
    if (high - low >= 1) { return plotAxis(low, high, true, true); }
    var ticks = plotAxis(Math.pow(10, low), Math.pow(10, high), false, false).ticks.filter(function (v) { return v > 0; }).map(Math.log10);
    return {low: low, high: high, ticks: ticks.length ? ticks : [low, high]};
  }
  function plotRange(values) {
    if (!values.length) { return [0, 1]; }
    var low = Math.min.apply(null, values), high = Math.max.apply(null, values);
    return low === high ? [low - 0.5, high + 0.5] : [low, high];
  }
  function fraction(v, low, high) {
    var width = high / 2 - low / 2, t = (v / 2 - low / 2) / width;
    if (!(width > 0) || !isFinite(t)) { return 0.5; }
    return Math.min(Math.max(t, 0), 1);
  }

  // ASCIIPlot.ticks: the fewest significant digits (three at least) that put no two values on one label.
  function tickLabels(values, label) {
    var labels = values.map(function (v) { return label(v, 3); });
    for (var p = 4; p <= 17; p++) {
      var seen = new Map(), clash = labels.some(function (l, k) {
        var before = seen.get(l);
        seen.set(l, values[k]);
        return before !== undefined && before !== values[k];
      });
      if (!clash) { break; }
      labels = values.map(function (v) { return label(v, p); });
    }
    return labels;
  }
  // The drawing sizes of SVGPlot.Canvas: a page's, and a slide's (the same text on a smaller drawing).
  var PAGE_CANVAS = {width: 640, height: 300}, SLIDE_CANVAS = {width: 360, height: 190};
  // The plot SVGPlot draws for the static figure (lines, log y) on `canvas` (the page's unless given), byte
  // for byte.
  function flowSVG(flows, canvas) {
    var W = (canvas || PAGE_CANVAS).width, H = (canvas || PAGE_CANVAS).height;
    var colours = ["#1f5f99", "#d9641e", "#2b8a3e", "#c92a2a", "#7048e8", "#868e96", "#8c564b", "#c2255c", "#5c940d", "#0b7285"], n = function (x) { return format(x, ".2f"); };
    var text = function (t, x, y, anchor, extra) { return "<text x=\"" + n(x) + "\" y=\"" + n(y) + "\" text-anchor=\"" + (anchor || "middle") + "\"" + (extra || "") + ">" + escape(t) + "</text>\n"; };
    var title = "‖∂J(T)/∂h(t)‖ by step", series = flows.map(function (f) { return {name: f.name + " (" + f.what + ", σmax " + general(f.sigma, 3) + ")", y: f.norms}; });
    var points = series.map(function (s) {
      var pts = [];
      s.y.forEach(function (y, i) { if (isFinite(y) && y > 0) { pts.push({x: i + 1, y: Math.log10(y)}); } });
      return pts;
    });
    var all = [].concat.apply([], points), xr = plotRange(all.map(function (p) { return p.x; })), yr = plotRange(all.map(function (p) { return p.y; }));
    var xAxis = plotAxis(xr[0], xr[1], true, false), yAxis = plotLogAxis(yr[0], yr[1]);
    var yLabels = tickLabels(yAxis.ticks, function (y, p) { return general(Math.pow(10, y), p); });
    var labelWidth = Math.max.apply(null, yLabels.map(function (l) { return Array.from(l).length; }).concat([1])) * 7;
    var left = Math.max(64, labelWidth + 36), right = W - 16, top = 28, bottom = H - 46;
    var px = function (x) { return left + fraction(x, xAxis.low, xAxis.high) * (right - left); };
    var py = function (y) { return bottom - fraction(y, yAxis.low, yAxis.high) * (bottom - top); };
    var svg = "<g class=\"wb-axes\" stroke=\"currentColor\" fill=\"none\"><path d=\"M" + n(left) + " " + n(top) + "V" + n(bottom) + "H" + n(right) + "\"/></g>\n";
    yAxis.ticks.forEach(function (y, k) {
      svg += "<path d=\"M" + n(left - 4) + " " + n(py(y)) + "H" + n(right) + "\" class=\"wb-grid\" stroke=\"#888\" stroke-opacity=\"0.3\"/>\n";
      svg += text(yLabels[k], left - 7, py(y) + 4, "end");
    });
    var xTicks = tickLabels(xAxis.ticks, function (x, p) { return general(x, p); });
    var widest = Math.max.apply(null, xTicks.map(function (l) { return Array.from(l).length; }).concat([1])) * 7 + 6;
    var every = Math.max(1, Math.ceil(widest / ((right - left) / Math.max(xAxis.ticks.length - 1, 1))));
    xAxis.ticks.forEach(function (x, k) {
      svg += "<path d=\"M" + n(px(x)) + " " + n(bottom) + "v4\" stroke=\"currentColor\"/>\n";
      if (k % every === 0) { svg += text(xTicks[k], px(x), bottom + 16); }
    });
    svg += text("t", (left + right) / 2, H - 8);
    var lx = left - labelWidth - 22;
    svg += text("gradient norm (log scale)", lx, (top + bottom) / 2, "middle", " transform=\"rotate(-90 " + n(lx) + " " + n((top + bottom) / 2) + ")\"");
    points.forEach(function (pts, k) {
      if (!pts.length) { return; }
      var colour = colours[k % colours.length];
      svg += "<polyline points=\"" + pts.map(function (p) { return n(px(p.x)) + "," + n(py(p.y)); }).join(" ") + "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"1.8\"/>\n";
      if (pts.length <= 40) { pts.forEach(function (p) { svg += "<circle cx=\"" + n(px(p.x)) + "\" cy=\"" + n(py(p.y)) + "\" r=\"2.5\" fill=\"" + colour + "\"/>\n"; }); }
    });
    var height = H;
    if (series.length > 1 || series[0].name !== "") {
      series.forEach(function (s, k) {
        var y = H + 8 + k * 16;
        svg += "<rect x=\"" + n(left) + "\" y=\"" + n(y - 4) + "\" width=\"14\" height=\"3\" fill=\"" + colours[k % colours.length] + "\"/>\n";
        svg += text(s.name, left + 20, y, "start");
      });
      height += 8 + series.length * 16;
    }
    return "<figure class=\"wb-plot\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + n(W) + " " + n(height) + "\" role=\"img\" aria-label=\"" + escape(title) + "\">\n"
      + "<text x=\"" + n(W / 2) + "\" y=\"18\" text-anchor=\"middle\" class=\"wb-plot-title\">" + escape(title) + "</text>\n" + svg + "</svg></figure>\n";
  }

  function setUpFlow(figure, s, engine) {
    var controls = element("div", "wb-live-controls"), input = element("input"), slider = element("input"), factor = element("output");
    var message = status(), out = element("div", "wb-live-out"), matrix = s.flow.models[0].matrix;
    input.type = "text"; input.maxLength = s.maxLength; input.value = s.text; input.spellcheck = false;
    input.setAttribute("autocomplete", "off"); input.setAttribute("aria-label", "Sequence the gradient flows back through");
    slider.type = "range"; slider.min = String(s.flow.scale[0]); slider.max = String(s.flow.scale[1]); slider.step = "0.01"; slider.value = "1";
    slider.setAttribute("aria-label", "Scale of " + matrix);
    controls.appendChild(field("Sequence", input)); controls.appendChild(field("Scale of " + matrix, slider));
    controls.appendChild(factor); controls.appendChild(message);
    function update() {
      try {
        var scale = parseFloat(slider.value);
        factor.textContent = "× " + scale.toFixed(2);
        var flows = flowData(input.value.slice(0, s.maxLength), s, scale, engine), parts = [flowSummary(flows, s, scale)];
        if (s.flow.plot) {
          var holder = element("div");
          holder.innerHTML = flowSVG(flows, figure.closest(".wb-slide") ? SLIDE_CANVAS : PAGE_CANVAS);
          holder.firstElementChild.classList.add("wb-live-figure");
          parts.push(holder.firstElementChild);
        }
        parts.push(table("‖∂J(T)/∂h(t)‖ from the last step back to the first", "t", flows.map(function (f) { return {label: f.name}; }), flowRows(flows, s)));
        out.replaceChildren.apply(out, parts);
        document.dispatchEvent(new Event("wb-laid-out"));
        message.textContent = "";
      } catch (e) { message.textContent = e.message; }
    }
    input.addEventListener("input", update);
    slider.addEventListener("input", update);
    figure.appendChild(controls); figure.appendChild(out);
    update();
  }

  function setUpForward(figure, s, engine) {
    var controls = element("div", "wb-live-controls"), input = element("input"), message = status();
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
    var m = s.model, controls = element("div", "wb-live-controls"), message = status();
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
    // One update: the samples drawn a token at a time, in slices of about 10 ms (the clock read after
    // every token) between which the page answers the reader; a newer update (the next keystroke) ends
    // an older one at its next slice. At load the figure is drawn at once.
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
          do {
            if (!run) { run = engine.sampler(m, ids, t, (first + texts.length) >>> 0, n, s.stop); }
            run.draw(atOnce ? n : 1);
            if (run.done) { texts.push(text(run)); run = null; }
          } while (texts.length < s.top && performance.now() < until);
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

  // The page's sets of weights (.wb-live-weights: each carried once, however many figures run it, and
  // named by the SHA-256 of its base64), each decoded when a figure first needs it and then shared: the
  // engine only copies a model's weights into its memory.
  function pageWeights(blocks) {
    var carried = {}, values = {};
    blocks.forEach(function (b) { carried[b.dataset.wbWeights] = b; });
    return function (digest) {
      if (!Object.prototype.hasOwnProperty.call(carried, digest)) { throw new Error("the page does not carry the weights " + digest); }
      if (!values[digest]) { values[digest] = doubles(JSON.parse(carried[digest].textContent)); }
      return values[digest];
    };
  }

  // The weights of a figure's model (or models) as doubles, from `weights` (pageWeights), and its starting states.
  function prepare(s, weights) {
    (s.model ? [s.model] : []).concat(s.flow ? s.flow.models.map(function (f) { return f.model; }) : []).forEach(function (m) {
      m.weightValues = weights(m.weights.sha256);
      m.h0Values = doubles(m.h0);
      m.c0Values = doubles(m.c0);
    });
    return s;
  }

  function setUp(figure, engine, n, weights) {
    var s = JSON.parse(figure.querySelector(".wb-live-data").textContent);
    prepare(s, weights);
    ({sample: setUpSample, highlight: setUpHighlight, diagram: setUpDiagram, "gradient-flow": setUpFlow}[s.kind] || setUpForward)(figure, s, engine, "wb-live-arrow-" + n);
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
    var module = new WebAssembly.Module(bytes(self.RNNLiveModule)), weights = pageWeights(document.querySelectorAll(".wb-live-weights"));
    // An instance per figure: a sample drawn in slices keeps its state in its instance's memory.
    figures.forEach(function (f, n) {
      try { setUp(f, new Engine(new WebAssembly.Instance(module, {}).exports), n + 1, weights); } catch (e) { f.dataset.wbLiveState = "failed: " + e.message; }
    });
  }

  if (typeof document !== "undefined") { document.addEventListener("DOMContentLoaded", start); }
  if (typeof module !== "undefined") { module.exports = {Engine: Engine, setUp: setUp, format: format, doubles: doubles, bytes: bytes, highlightData: highlightData, colour: colour, tip: tip, diagramData: diagramData, diagramSVG: diagramSVG, prepare: prepare, pageWeights: pageWeights, flowData: flowData, flowRows: flowRows, flowSVG: flowSVG, SLIDE_CANVAS: SLIDE_CANVAS, tickLabels: tickLabels, tokenize: tokenize, steps: steps, setUpForward: setUpForward, setUpHighlight: setUpHighlight, setUpDiagram: setUpDiagram, setUpSample: setUpSample}; }
})();
