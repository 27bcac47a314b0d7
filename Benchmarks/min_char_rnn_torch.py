"""min-char-rnn's training task in PyTorch, CPU, float64, eager (the algorithm of `workbook bench charlm`): B
streams of the text, windows of T characters, the hidden state carried from window to window, the loss summed
over the window and averaged over the streams, element-wise clipping to [-5, 5], Adagrad with 1e-8 inside the
square root (written out: torch.optim.Adagrad puts eps outside), weights N(0, 0.01²).

Two implementations, so that PyTorch is measured at its best: `loop` writes each step as min-char-rnn does
(W_xh[:, x] + W_hh h + b_h), `rnn` uses nn.RNN's fused per-layer kernel on one-hot inputs. Prints one line per
implementation; the faster one is PyTorch's figure.

Usage: python3 Benchmarks/min_char_rnn_torch.py CORPUS ITERATIONS [HIDDEN] [SEQ_LENGTH] [BATCH] [THREADS]
"""
import math
import sys
import time

import torch

data = open(sys.argv[1], encoding="utf-8").read()
iterations = int(sys.argv[2])
H = int(sys.argv[3]) if len(sys.argv) > 3 else 100
T = int(sys.argv[4]) if len(sys.argv) > 4 else 25
B = int(sys.argv[5]) if len(sys.argv) > 5 else 1
threads = int(sys.argv[6]) if len(sys.argv) > 6 else 1
torch.set_num_threads(threads)
torch.set_default_dtype(torch.float64)
chars = sorted(set(data))
V = len(chars)
ix = {ch: i for i, ch in enumerate(chars)}
tokens = torch.tensor([ix[c] for c in data])
stride = (len(tokens) - 1) // B
starts = [b * stride for b in range(B)]


def run(implementation):
    torch.manual_seed(42)
    Wxh = (torch.randn(H, V) * 0.01).requires_grad_()
    Whh = (torch.randn(H, H) * 0.01).requires_grad_()
    Why = (torch.randn(V, H) * 0.01).requires_grad_()
    bh = torch.zeros(H, requires_grad=True)
    by = torch.zeros(V, requires_grad=True)
    params = [Wxh, Whh, Why, bh, by]
    memory = [torch.zeros_like(p) for p in params]
    rnn = None
    if implementation == "rnn":
        rnn = torch.nn.RNN(V, H, nonlinearity="tanh")
        with torch.no_grad():
            rnn.bias_hh_l0.zero_()
        # nn.RNN's own weights stand in for W_xh, W_hh, b_h.
        params = [rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, Why, by]
        with torch.no_grad():
            rnn.weight_ih_l0.copy_(Wxh)
            rnn.weight_hh_l0.copy_(Whh)
            rnn.bias_ih_l0.zero_()
        rnn.bias_hh_l0.requires_grad_(False)
        memory = [torch.zeros_like(p) for p in params]
    positions = list(starts)
    h = torch.zeros(B, H)
    smooth = -math.log(1.0 / V) * T
    start = time.perf_counter()
    for n in range(iterations):
        rows_in, rows_out = [], []
        for b in range(B):
            if n == 0 or positions[b] + T + 1 >= len(tokens):
                positions[b] = starts[b]
                h[b] = 0
            rows_in.append(tokens[positions[b]:positions[b] + T])
            rows_out.append(tokens[positions[b] + 1:positions[b] + T + 1])
            positions[b] += T
        x = torch.stack(rows_in, 1)  # T × B
        y = torch.stack(rows_out, 1)
        if implementation == "loop":
            states = []
            hs = h
            for t in range(T):
                hs = torch.tanh(Wxh[:, x[t]].T + hs @ Whh.T + bh)
                states.append(hs)
            out = torch.stack(states)  # T × B × H
        else:
            onehot = torch.nn.functional.one_hot(x, V).double()
            out, _ = rnn(onehot, h.unsqueeze(0))
        logits = out @ Why.T + by
        loss = torch.nn.functional.cross_entropy(logits.reshape(T * B, V), y.reshape(T * B), reduction="sum") / B
        for p in params:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p, m in zip(params, memory):
                g = p.grad.clamp_(-5, 5)
                m.add_(g * g)
                p.sub_(0.1 * g / torch.sqrt(m + 1e-8))
        h = out[-1].detach()
        smooth = smooth * 0.999 + loss.item() * 0.001
    seconds = time.perf_counter() - start
    return iterations / seconds, smooth


for implementation in ["loop", "rnn"]:
    rate, smooth = run(implementation)
    print("torch-%s H=%d T=%d B=%d threads=%d: %.1f it/s, %.0f chars/s, final smoothed loss %.4f"
          % (implementation, H, T, B, threads, rate, rate * T * B, smooth))
