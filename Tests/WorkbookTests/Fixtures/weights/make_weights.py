"""Writes the weight files WeightFileTests loads, and the loss numpy computes with them.
A `hello` model (V=4: h e l o, H=3) saved the way a PyTorch course saves nn.RNN + a linear layer, and variants
with a mistake. Run once from this folder: python3 make_weights.py"""
import json

import numpy as np

rng = np.random.default_rng(3)
W_e = rng.normal(0, 0.5, (3, 4))
W_h = rng.normal(0, 0.5, (3, 3))
b_ih = rng.normal(0, 0.1, 3)
b_hh = rng.normal(0, 0.1, 3)
U = rng.normal(0, 0.5, (4, 3))
b2 = rng.normal(0, 0.1, 4)
np.savez("hello.npz", weight_ih_l0=W_e, weight_hh_l0=W_h, bias_ih_l0=b_ih, bias_hh_l0=b_hh, U=U, b2=b2)
np.savez_compressed("hello-compressed.npz", W_e=W_e, W_h=W_h, b1=b_ih + b_hh, U=U, b2=b2)
with open("hello.json", "w") as f:
    json.dump({"W_e": W_e.tolist(), "W_h": W_h.tolist(), "b1": (b_ih + b_hh).tolist(), "U": U.tolist(), "b2": b2.tolist()}, f)
np.savez("missing-U.npz", W_e=W_e, W_h=W_h, b1=b_ih, b2=b2)
np.savez("wrong-shape.npz", W_e=W_e, W_h=W_h[:2, :2], b1=b_ih, U=U, b2=b2)
with open("corrupt.npz", "wb") as f:
    f.write(b"PK\x03\x04 this is not really a zip archive")

# The notes' loss on "hello" (inputs h e l l, targets e l l o), mean over the steps.
x, y = [0, 1, 2, 2], [1, 2, 2, 3]
h = np.zeros(3)
losses = []
for t in range(4):
    h = np.tanh(W_h @ h + W_e[:, x[t]] + b_ih + b_hh)
    o = U @ h + b2
    losses.append(-(o[y[t]] - (o.max() + np.log(np.exp(o - o.max()).sum()))))
with open("expected_loss.txt", "w") as f:
    f.write(repr(float(np.mean(losses))) + "\n")
