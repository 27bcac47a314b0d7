"""min-char-rnn's training loop in numpy float64 (the same algorithm as `workbook bench charlm`), timed.
Usage: python3 Benchmarks/min_char_rnn_numpy.py CORPUS ITERATIONS [HIDDEN] [SEQ_LENGTH]"""
import sys
import time

import numpy as np

data = open(sys.argv[1], encoding="utf-8").read()
iterations = int(sys.argv[2])
hidden_size = int(sys.argv[3]) if len(sys.argv) > 3 else 100
seq_length = int(sys.argv[4]) if len(sys.argv) > 4 else 25
chars = sorted(set(data))
vocab_size = len(chars)
ix = {ch: i for i, ch in enumerate(chars)}
np.random.seed(42)
Wxh = np.random.randn(hidden_size, vocab_size) * 0.01
Whh = np.random.randn(hidden_size, hidden_size) * 0.01
Why = np.random.randn(vocab_size, hidden_size) * 0.01
bh = np.zeros((hidden_size, 1))
by = np.zeros((vocab_size, 1))


def loss_fun(inputs, targets, hprev):
    xs, hs, ps = {}, {-1: np.copy(hprev)}, {}
    loss = 0.0
    for t in range(len(inputs)):
        xs[t] = np.zeros((vocab_size, 1))
        xs[t][inputs[t]] = 1
        hs[t] = np.tanh(Wxh @ xs[t] + Whh @ hs[t - 1] + bh)
        y = Why @ hs[t] + by
        ps[t] = np.exp(y - np.max(y)) / np.sum(np.exp(y - np.max(y)))
        loss += -np.log(ps[t][targets[t], 0])
    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dbh, dby = np.zeros_like(bh), np.zeros_like(by)
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(len(inputs))):
        dy = np.copy(ps[t])
        dy[targets[t]] -= 1
        dWhy += dy @ hs[t].T
        dby += dy
        dh = Why.T @ dy + dhnext
        dhraw = (1 - hs[t] * hs[t]) * dh
        dbh += dhraw
        dWxh += dhraw @ xs[t].T
        dWhh += dhraw @ hs[t - 1].T
        dhnext = Whh.T @ dhraw
    for d in (dWxh, dWhh, dWhy, dbh, dby):
        np.clip(d, -5, 5, out=d)
    return loss, dWxh, dWhh, dWhy, dbh, dby, hs[len(inputs) - 1]


mems = [np.zeros_like(p) for p in (Wxh, Whh, Why, bh, by)]
smooth = -np.log(1.0 / vocab_size) * seq_length
p = 0
start = time.perf_counter()
for n in range(iterations):
    if p + seq_length + 1 >= len(data) or n == 0:
        hprev = np.zeros((hidden_size, 1))
        p = 0
    inputs = [ix[c] for c in data[p:p + seq_length]]
    targets = [ix[c] for c in data[p + 1:p + seq_length + 1]]
    loss, dWxh, dWhh, dWhy, dbh, dby, hprev = loss_fun(inputs, targets, hprev)
    smooth = smooth * 0.999 + loss * 0.001
    for param, d, mem in zip((Wxh, Whh, Why, bh, by), (dWxh, dWhh, dWhy, dbh, dby), mems):
        mem += d * d
        param += -0.1 * d / np.sqrt(mem + 1e-8)
    p += seq_length
seconds = time.perf_counter() - start
print(f"numpy H={hidden_size} T={seq_length} B=1: {iterations / seconds:.1f} it/s, "
      f"{iterations * seq_length / seconds:.0f} chars/s, final smoothed loss {smooth:.4f}")
