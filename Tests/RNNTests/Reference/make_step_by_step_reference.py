"""Reference numbers for deeplearning.ai's "Building your Recurrent Neural Network - Step by Step" (Course 5, week 1),
from numpy in float64: its test case for rnn_forward and rnn_backward, with the notebook's own functions.

Run once from this folder (`python3 make_step_by_step_reference.py`); it writes step_by_step_reference.json and
../../../docs/step-by-step.npz (the notebook's arrays, which docs/lesson-format.md's example reads).

The notebook keeps a batch in one array: x is n_x × m × T_x (3 × 10 × 4), a0 is n_a × m (5 × 10), da is
n_a × m × T_x. A workbook model reads one example at a time (`example:` picks it), so the reference records, besides
the notebook's printed values (rnn_forward's test: a[4][1], y_pred[1][3]; rnn_backward's, which draws Wax before Waa:
dx[1][2], da0[2][3], dWax[3][1], dWaa[1][2], dba[4]), every example's hidden states, outputs and gradients on its
own; the notebook's parameter gradients are their sums over the batch. The printed values are the notebook's
expected outputs (a[4][1] = [-0.99999375 0.77911235 -0.99861469 -0.99833267], dWax[3][1] = 11.2641044965, ...).
"""
import json
import os

import numpy as np


def softmax(x):
    e = np.exp(x - np.max(x, axis=0))
    return e / e.sum(axis=0)


def rnn_cell_forward(xt, a_prev, p):
    a_next = np.tanh(p["Waa"] @ a_prev + p["Wax"] @ xt + p["ba"])
    yt_pred = softmax(p["Wya"] @ a_next + p["by"])
    return a_next, yt_pred, (a_next, a_prev, xt, p)


def rnn_forward(x, a0, p):
    caches = []
    n_x, m, T_x = x.shape
    n_y, n_a = p["Wya"].shape
    a = np.zeros((n_a, m, T_x))
    y_pred = np.zeros((n_y, m, T_x))
    a_next = a0
    for t in range(T_x):
        a_next, yt_pred, cache = rnn_cell_forward(x[:, :, t], a_next, p)
        a[:, :, t] = a_next
        y_pred[:, :, t] = yt_pred
        caches.append(cache)
    return a, y_pred, (caches, x)


def rnn_cell_backward(da_next, cache):
    (a_next, a_prev, xt, p) = cache
    dtanh = (1 - a_next ** 2) * da_next
    return {
        "dxt": p["Wax"].T @ dtanh, "da_prev": p["Waa"].T @ dtanh, "dWax": dtanh @ xt.T,
        "dWaa": dtanh @ a_prev.T, "dba": np.sum(dtanh, axis=1, keepdims=True),
    }


def rnn_backward(da, caches):
    (caches, x) = caches
    (a1, a0, x1, p) = caches[0]
    n_a, m, T_x = da.shape
    n_x, m = x1.shape
    dx = np.zeros((n_x, m, T_x))
    dWax = np.zeros((n_a, n_x))
    dWaa = np.zeros((n_a, n_a))
    dba = np.zeros((n_a, 1))
    da_prevt = np.zeros((n_a, m))
    for t in reversed(range(T_x)):
        g = rnn_cell_backward(da[:, :, t] + da_prevt, caches[t])
        dx[:, :, t] = g["dxt"]
        dWax += g["dWax"]
        dWaa += g["dWaa"]
        dba += g["dba"]
        da_prevt = g["da_prev"]
    return {"dx": dx, "da0": da_prevt, "dWax": dWax, "dWaa": dWaa, "dba": dba}


def draw(order):
    """The notebook's test cell: np.random.seed(1), x, a0, then the parameters in the cell's order."""
    np.random.seed(1)
    x = np.random.randn(3, 10, 4)
    a0 = np.random.randn(5, 10)
    shapes = {"Waa": (5, 5), "Wax": (5, 3), "Wya": (2, 5), "ba": (5, 1), "by": (2, 1)}
    return x, a0, {name: np.random.randn(*shapes[name]) for name in order}


def case(order):
    """One test cell's arrays, what the notebook prints, and every example's numbers on its own."""
    x, a0, p = draw(order)
    a, y_pred, caches = rnn_forward(x, a0, p)
    da = np.random.randn(5, 10, 4)
    batch = rnn_backward(da, caches)
    # Each printed value as a list, one number or a row.
    printed = {
        "a[4][1]": a[4][1].tolist(), "y_pred[1][3]": y_pred[1][3].tolist(), "dx[1][2]": batch["dx"][1][2].tolist(),
        "da0[2][3]": [float(batch["da0"][2][3])], "dWax[3][1]": [float(batch["dWax"][3][1])],
        "dWaa[1][2]": [float(batch["dWaa"][1][2])], "dba[4]": batch["dba"][4].tolist(),
    }
    examples = []
    for i in range(x.shape[1]):
        ai, yi, ci = rnn_forward(x[:, i:i + 1, :], a0[:, i:i + 1], p)
        gi = rnn_backward(da[:, i:i + 1, :], ci)
        examples.append({
            "a": ai[:, 0, :].T.tolist(), "y_pred": yi[:, 0, :].T.tolist(),
            "dx": gi["dx"][:, 0, :].T.tolist(), "da0": gi["da0"][:, 0].tolist(),
            "dWax": gi["dWax"].tolist(), "dWaa": gi["dWaa"].tolist(), "dba": gi["dba"][:, 0].tolist(),
        })
    arrays = {"x": x, "a0": a0, "da": da, **p}
    return arrays, {
        "arrays": {k: {"shape": list(v.shape), "values": v.ravel().tolist()} for k, v in arrays.items()},
        "printed": printed, "examples": examples,
    }


def main():
    # rnn_forward's test cell draws Waa first, rnn_backward's Wax first; da is drawn after the forward pass.
    forward_arrays, forward = case(["Waa", "Wax", "Wya", "ba", "by"])
    _, backward = case(["Wax", "Waa", "Wya", "ba", "by"])
    for name in ["forward", "backward"]:
        for key, value in {"forward": forward, "backward": backward}[name]["printed"].items():
            print(name, key, "=", value)
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "step_by_step_reference.json"), "w") as f:
        json.dump({"cases": {"rnn_forward": forward, "rnn_backward": backward}}, f, indent=1)
    np.savez(os.path.join(here, "..", "..", "..", "docs", "step-by-step.npz"), **forward_arrays)


if __name__ == "__main__":
    main()
