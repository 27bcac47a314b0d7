"""Reference numbers for the engine's SequenceModel (the notes' four shapes and the language model), from PyTorch
in float64, built from nn.RNN / nn.LSTM / nn.GRU, plain tensors for the embedding, the output layer and the
one-to-many condition, and autograd.

Run once from this folder (`python3 make_sequence_reference.py`); it writes sequence_reference.json. Each case
records the parameters under the engine's names (biases as n x 1), one example (source, target), and what
PyTorch computes for it: the logits of every output, the mean loss over the outputs and the gradient of that loss
for every parameter. Cases with an initial state (the last column) start the network from random h0 (and c0 for
an LSTM), one row per layer and direction as nn.LSTM takes them, and record their gradients too.

The model, as SequenceModel documents it:
  language-model / many-to-many: logits(t) = U o(t) + b2, o(t) the network's top output for input x(t)
  many-to-one: logits = U pool(o) + b2; pool 'last' = [o_fwd(T); o_bwd(1)], 'mean' = mean over t
  one-to-many: h0 of layer 1 = tanh(W_c[:, c] + b_c); decoder inputs: zero vector, then target[:-1]
  encoder-decoder: the encoder's (h_n, c_n) start the decoder; decoder inputs as in one-to-many
"""
import json

import numpy as np
import torch

torch.set_default_dtype(torch.float64)

CASES = [
    # shape, cell, layers, bidirectional, embedding, pooling, V_source, V_target, source, target
    ("many-to-one", "lstm", 1, True, 3, "last", 5, 2, [0, 3, 1, 4], [1]),
    ("many-to-one", "gru", 2, False, None, "mean", 4, 3, [2, 0, 1, 3, 3], [2]),
    ("many-to-many", "gru", 1, True, 3, "last", 5, 3, [4, 0, 2, 1], [0, 2, 1, 1]),
    ("many-to-many", "rnn", 2, True, None, "last", 4, 3, [1, 2, 3], [2, 0, 1]),
    ("one-to-many", "lstm", 2, False, 3, "last", 3, 5, [2], [1, 4, 0, 3]),
    ("encoder-decoder", "lstm", 2, False, 3, "last", 4, 5, [0, 1, 3], [3, 1, 0, 4]),
    ("encoder-decoder", "gru", 1, False, None, "last", 4, 4, [2, 2, 0, 1], [1, 0, 3]),
    ("language-model", "lstm", 2, False, 3, "last", 5, 5, [0, 1, 2, 3], [1, 2, 3, 4]),
    # From a given initial state (h0, and c0 for the LSTM): every cell, stacked and bidirectional.
    ("language-model", "lstm", 2, False, None, "last", 4, 4, [-1, 0, 1, 2], [0, 1, 2, 3], True),
    ("language-model", "gru", 1, False, 3, "last", 4, 4, [0, 3, 1], [3, 1, 2], True),
    ("language-model", "rnn", 2, False, 2, "last", 4, 4, [2, 1, 0, 0], [1, 0, 0, 3], True),
    ("many-to-many", "lstm", 2, True, 3, "last", 5, 3, [4, 0, 2], [0, 2, 1], True),
    ("many-to-one", "gru", 2, True, None, "last", 4, 2, [1, 3, 0, 2], [1], True),
    ("many-to-one", "lstm", 1, False, 2, "mean", 4, 3, [3, 1, 2], [2], True),
    # A sentence's probability as the notes compute it: the zero vector first, every token a target.
    ("language-model", "gru", 2, False, 2, "last", 4, 4, [-1, 2, 0, 1], [2, 0, 1, 3]),
]


def network(rng, cell, inputs, H, layers, bidirectional, params, prefix):
    cls = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell]
    net = cls(inputs, H, num_layers=layers, bidirectional=bidirectional)
    for name, p in net.named_parameters():
        with torch.no_grad():
            p.copy_(torch.tensor(rng.normal(0, 0.5, tuple(p.shape))))
        params[prefix + name] = p
    return net


def tensor(rng, shape, params, name):
    t = torch.tensor(rng.normal(0, 0.5, shape), requires_grad=True)
    params[name] = t
    return t


def inputs_of(tokens, E, V):
    rows = []
    for x in tokens:
        if x < 0:
            rows.append(torch.zeros(E.shape[0] if E is not None else V))
        elif E is not None:
            rows.append(E[:, x])
        else:
            rows.append(torch.nn.functional.one_hot(torch.tensor(x), V).double())
    return torch.stack(rows).unsqueeze(1)


def case(rng, shape, cell, layers, bidirectional, D, pooling, VS, VT, source, target, initial=False, H=4):
    params = {}
    states = {}
    order = []
    D2 = 2 if bidirectional else 1

    def embedding(prefix, V):
        if D is None:
            return None, V
        E = tensor(rng, (D, V), params, prefix + "E")
        return E, D

    if shape in ("language-model", "many-to-many", "many-to-one"):
        E, size = embedding("", VS)
        net = network(rng, cell, size, H, layers, bidirectional, params, "")
        state = None
        if initial:
            for name in ["h0", "c0"] if cell == "lstm" else ["h0"]:
                states[name] = torch.tensor(rng.normal(0, 0.5, (layers * D2, 1, H)), requires_grad=True)
            state = (states["h0"], states["c0"]) if cell == "lstm" else states["h0"]
        out, _ = net(inputs_of(source, E, VS), state)
        o = out[:, 0, :]
    elif shape == "one-to-many":
        Wc = tensor(rng, (H, VS), params, "W_c")
        bc = tensor(rng, (H,), params, "b_c")
        E, size = embedding("", VT)
        net = network(rng, cell, size, H, layers, False, params, "")
        h0 = torch.zeros(layers, 1, H)
        h0 = torch.cat([torch.tanh(Wc[:, source[0]] + bc).reshape(1, 1, H), h0[1:]])
        state = (h0, torch.zeros(layers, 1, H)) if cell == "lstm" else h0
        out, _ = net(inputs_of([-1] + target[:-1], E, VT), state)
        o = out[:, 0, :]
    else:
        Ee, size_e = embedding("encoder.", VS)
        enc = network(rng, cell, size_e, H, layers, False, params, "encoder.")
        Ed, size_d = embedding("decoder.", VT)
        dec = network(rng, cell, size_d, H, layers, False, params, "decoder.")
        _, state = enc(inputs_of(source, Ee, VS))
        out, _ = dec(inputs_of([-1] + target[:-1], Ed, VT), state)
        o = out[:, 0, :]
    U = tensor(rng, (VT, H * D2), params, "U")
    b2 = tensor(rng, (VT,), params, "b2")
    if shape == "many-to-one":
        if pooling == "last":
            pooled = o[-1, :H] if not bidirectional else torch.cat([o[-1, :H], o[0, H:]])
        else:
            pooled = o.mean(0)
        logits = (U @ pooled + b2).unsqueeze(0)
    else:
        logits = o @ U.T + b2
    loss = torch.nn.functional.cross_entropy(logits, torch.tensor(target))
    loss.backward()
    as_matrix = lambda t: t.detach().reshape(t.shape[0], -1).tolist()
    return {
        "shape": shape, "cell": cell, "layers": layers, "bidirectional": bidirectional, "embedding": D,
        "pooling": pooling, "hidden": H, "sources": VS, "targets": VT, "source": source, "target": target,
        "parameters": {k: as_matrix(v) for k, v in params.items()},
        "initial": {k: as_matrix(v) for k, v in states.items()},
        "expected": {
            "logits": logits.detach().tolist(), "loss": loss.item(),
            "gradients": {k: as_matrix(v.grad) for k, v in params.items()},
            "initial_gradients": {k: as_matrix(v.grad) for k, v in states.items()},
        },
    }


def main():
    rng = np.random.default_rng(20261122)
    cases = [case(rng, *c) for c in CASES]
    with open("sequence_reference.json", "w") as f:
        json.dump({"generator": "make_sequence_reference.py", "torch": torch.__version__, "cases": cases}, f)


if __name__ == "__main__":
    main()
