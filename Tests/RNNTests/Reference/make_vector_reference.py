"""Reference numbers for real-valued inputs and for BPTT from a given upstream gradient, from PyTorch in float64
(nn.RNN / nn.LSTM / nn.GRU and autograd).

Run once from this folder (`python3 make_vector_reference.py`); it writes vector_reference.json.

"loss" cases: a many-to-many or many-to-one network reads real vectors x(t) in R^n (no one-hot, no embedding),
its output layer U (K x D.H), b2 has K classes; the mean cross-entropy over the outputs, the gradient of every
parameter and of every input x(t) (dx, T x n) are recorded, as SequenceModel computes them.

"upstream" cases: the loss is L = sum_t <dh(t), o(t)> for a given dh (T x D.H), o(t) the network's top output, so
dL/do(t) = dh(t): the step-by-step BPTT exercise (deeplearning.ai's rnn_backward(da, caches)). Recorded: the
network's parameter gradients, dx and dh0 (dc0), from a given h0 (c0).

"notes" case: the notes' vanilla model h(t) = tanh(W_h h(t-1) + W_e x(t) + b1) on one-hot tokens from h(0), with
L = sum_t <dh(t), h(t)>: the gradients of W_e, W_h, b1, dx = dL/dx(t) (V values per step) and dL/dh(0).
"""
import json

import numpy as np
import torch

torch.set_default_dtype(torch.float64)

NETS = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}


def as_matrix(t):
    return t.detach().reshape(t.shape[0], -1).tolist()


def network(rng, cell, n, H, layers, bidirectional, params):
    net = NETS[cell](n, H, num_layers=layers, bidirectional=bidirectional)
    for name, p in net.named_parameters():
        with torch.no_grad():
            p.copy_(torch.tensor(rng.normal(0, 0.5, tuple(p.shape))))
        params[name] = p
    return net


def loss_case(rng, shape, cell, layers, bidirectional, pooling, n, H, K, T, target):
    params = {}
    D = 2 if bidirectional else 1
    net = network(rng, cell, n, H, layers, bidirectional, params)
    x = torch.tensor(rng.normal(0, 1, (T, n)), requires_grad=True)
    U = torch.tensor(rng.normal(0, 0.5, (K, D * H)), requires_grad=True)
    b2 = torch.tensor(rng.normal(0, 0.5, (K,)), requires_grad=True)
    params["U"], params["b2"] = U, b2
    out, _ = net(x.unsqueeze(1))
    o = out[:, 0, :]
    if shape == "many-to-one":
        pooled = (torch.cat([o[-1, :H], o[0, H:]]) if bidirectional else o[-1]) if pooling == "last" else o.mean(0)
        logits = (U @ pooled + b2).unsqueeze(0)
    else:
        logits = o @ U.T + b2
    loss = torch.nn.functional.cross_entropy(logits, torch.tensor(target))
    loss.backward()
    return {
        "kind": "loss", "shape": shape, "cell": cell, "layers": layers, "bidirectional": bidirectional,
        "pooling": pooling, "input_size": n, "hidden": H, "classes": K, "target": target,
        "inputs": x.detach().tolist(), "parameters": {k: as_matrix(v) for k, v in params.items()},
        "expected": {
            "logits": logits.detach().tolist(), "loss": loss.item(),
            "gradients": {k: as_matrix(v.grad) for k, v in params.items()}, "dx": x.grad.tolist(),
        },
    }


def upstream_case(rng, cell, layers, bidirectional, n, H, T):
    params = {}
    D = 2 if bidirectional else 1
    net = network(rng, cell, n, H, layers, bidirectional, params)
    x = torch.tensor(rng.normal(0, 1, (T, n)), requires_grad=True)
    states = {"h0": torch.tensor(rng.normal(0, 0.5, (layers * D, 1, H)), requires_grad=True)}
    if cell == "lstm":
        states["c0"] = torch.tensor(rng.normal(0, 0.5, (layers * D, 1, H)), requires_grad=True)
    state = (states["h0"], states["c0"]) if cell == "lstm" else states["h0"]
    out, _ = net(x.unsqueeze(1), state)
    dh = torch.tensor(rng.normal(0, 1, (T, D * H)))
    (out[:, 0, :] * dh).sum().backward()
    return {
        "kind": "upstream", "shape": "many-to-many", "cell": cell, "layers": layers, "bidirectional": bidirectional,
        "pooling": "last", "input_size": n, "hidden": H, "classes": 2, "target": [],
        "inputs": x.detach().tolist(), "dh": dh.tolist(),
        "parameters": {k: as_matrix(v) for k, v in params.items()},
        "initial": {k: as_matrix(v) for k, v in states.items()},
        "expected": {
            "gradients": {k: as_matrix(v.grad) for k, v in params.items()}, "dx": x.grad.tolist(),
            "initial_gradients": {k: as_matrix(v.grad) for k, v in states.items()},
        },
    }


def notes_case(rng, V, H, tokens):
    We = torch.tensor(rng.normal(0, 0.5, (H, V)), requires_grad=True)
    Wh = torch.tensor(rng.normal(0, 0.5, (H, H)), requires_grad=True)
    b1 = torch.tensor(rng.normal(0, 0.5, (H,)), requires_grad=True)
    U = torch.tensor(rng.normal(0, 0.5, (V, H)), requires_grad=True)
    b2 = torch.tensor(rng.normal(0, 0.5, (V,)), requires_grad=True)
    h0 = torch.tensor(rng.normal(0, 0.5, (H,)), requires_grad=True)
    xs = [torch.nn.functional.one_hot(torch.tensor(t), V).double().requires_grad_(True) for t in tokens]
    dh = torch.tensor(rng.normal(0, 1, (len(tokens), H)))
    h, L = h0, 0
    for t, x in enumerate(xs):
        h = torch.tanh(Wh @ h + We @ x + b1)
        L = L + (dh[t] * h).sum()
    L.backward()
    params = {"W_e": We, "W_h": Wh, "b1": b1, "U": U, "b2": b2}
    return {
        "kind": "notes", "vocabulary": V, "hidden": H, "tokens": tokens, "dh": dh.tolist(),
        "h0": h0.detach().tolist(), "parameters": {k: as_matrix(v) for k, v in params.items()},
        "expected": {
            "gradients": {k: as_matrix(v.grad) if v.grad is not None else as_matrix(torch.zeros_like(v))
                          for k, v in params.items()},
            "dx": [x.grad.tolist() for x in xs], "dh0": h0.grad.tolist(),
        },
    }


def main():
    rng = np.random.default_rng(20261201)
    cases = [
        loss_case(rng, "many-to-many", "rnn", 1, False, "last", 3, 4, 2, 4, [0, 1, 1, 0]),
        loss_case(rng, "many-to-many", "gru", 2, True, "last", 2, 3, 4, 3, [3, 0, 2]),
        loss_case(rng, "many-to-one", "lstm", 2, True, "last", 2, 3, 3, 5, [2]),
        loss_case(rng, "many-to-one", "rnn", 1, False, "mean", 4, 5, 2, 3, [1]),
        upstream_case(rng, "rnn", 1, False, 3, 5, 4),
        upstream_case(rng, "lstm", 2, False, 2, 3, 3),
        upstream_case(rng, "gru", 1, True, 3, 2, 4),
        notes_case(rng, 4, 3, [0, 2, 1, 3]),
    ]
    with open("vector_reference.json", "w") as f:
        json.dump({"generator": "make_vector_reference.py", "torch": torch.__version__, "cases": cases}, f)


if __name__ == "__main__":
    main()
