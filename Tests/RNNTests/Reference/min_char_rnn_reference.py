"""min-char-rnn's training loop (Karpathy, 2015) in numpy float64, written here from its published algorithm,
to pin the engine's Adagrad, clipping and truncated BPTT: 100 iterations on min_char_rnn_input.txt with
hidden_size 100, seq_length 25, learning_rate 0.1, np.clip(-5, 5), weights randn * 0.01 after np.random.seed(42),
hidden state carried across windows. The vocabulary is sorted(set(data)) so both sides agree on its order.

Writes min_char_rnn_reference.json: the vocabulary and the loss (summed over the window) of every iteration,
computed before that iteration's update, and the smoothed loss.
"""
import json

import numpy as np

data = open("min_char_rnn_input.txt", encoding="utf-8").read()
chars = sorted(set(data))
vocab_size = len(chars)
char_to_ix = {ch: i for i, ch in enumerate(chars)}
hidden_size, seq_length, learning_rate = 100, 25, 1e-1

np.random.seed(42)
Wxh = np.random.randn(hidden_size, vocab_size) * 0.01
Whh = np.random.randn(hidden_size, hidden_size) * 0.01
Why = np.random.randn(vocab_size, hidden_size) * 0.01
bh = np.zeros((hidden_size, 1))
by = np.zeros((vocab_size, 1))


def loss_fun(inputs, targets, hprev):
    xs, hs, ys, ps = {}, {}, {}, {}
    hs[-1] = np.copy(hprev)
    loss = 0.0
    for t in range(len(inputs)):
        xs[t] = np.zeros((vocab_size, 1))
        xs[t][inputs[t]] = 1
        hs[t] = np.tanh(Wxh @ xs[t] + Whh @ hs[t - 1] + bh)
        ys[t] = Why @ hs[t] + by
        ps[t] = np.exp(ys[t] - np.max(ys[t])) / np.sum(np.exp(ys[t] - np.max(ys[t])))
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
    for dparam in [dWxh, dWhh, dWhy, dbh, dby]:
        np.clip(dparam, -5, 5, out=dparam)
    return loss, dWxh, dWhh, dWhy, dbh, dby, hs[len(inputs) - 1]


mems = [np.zeros_like(p) for p in (Wxh, Whh, Why, bh, by)]
smooth_loss = -np.log(1.0 / vocab_size) * seq_length
p = 0
losses, smoothed = [], []
for n in range(100):
    if p + seq_length + 1 >= len(data) or n == 0:
        hprev = np.zeros((hidden_size, 1))
        p = 0
    inputs = [char_to_ix[ch] for ch in data[p:p + seq_length]]
    targets = [char_to_ix[ch] for ch in data[p + 1:p + seq_length + 1]]
    loss, dWxh, dWhh, dWhy, dbh, dby, hprev = loss_fun(inputs, targets, hprev)
    smooth_loss = smooth_loss * 0.999 + loss * 0.001
    losses.append(float(loss))
    smoothed.append(float(smooth_loss))
    for param, dparam, mem in zip([Wxh, Whh, Why, bh, by], [dWxh, dWhh, dWhy, dbh, dby], mems):
        mem += dparam * dparam
        param += -learning_rate * dparam / np.sqrt(mem + 1e-8)
    p += seq_length

with open("min_char_rnn_reference.json", "w") as f:
    json.dump({"vocabulary": chars, "losses": losses, "smoothed": smoothed}, f, indent=1)
    f.write("\n")
