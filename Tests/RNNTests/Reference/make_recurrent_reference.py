"""Reference numbers for the engine's RecurrentNetwork (LSTM, GRU, RNN; stacked; bidirectional), from PyTorch
in float64: nn.RNN, nn.LSTM, nn.GRU with one sequence (batch 1, batch_first=False).

Run once from this folder (`python3 make_recurrent_reference.py`); it writes recurrent_reference.json. For each
configuration: random weights (numpy default_rng, which the engine does not implement), inputs x (T x I), initial
states, and a loss L = sum(out * R) + sum(h_n * S) (+ sum(c_n * Q) for the LSTM) with random R, S, Q, so that
dL/d(out) = R and dL/d(h_n) = S: the outputs, final states and the gradient of L for every parameter, the inputs
and the initial states are recorded.
"""
import json

import numpy as np
import torch

torch.set_default_dtype(torch.float64)

CONFIGS = [
    ("rnn", "tanh", 1, False), ("rnn", "relu", 2, True), ("lstm", None, 1, False), ("lstm", None, 2, True),
    ("gru", None, 1, False), ("gru", None, 2, True), ("lstm", None, 3, False), ("gru", None, 1, True),
]


def case(rng, kind, nonlinearity, layers, bidirectional, I=3, H=4, T=5):
    if kind == "rnn":
        net = torch.nn.RNN(I, H, num_layers=layers, nonlinearity=nonlinearity, bidirectional=bidirectional)
    elif kind == "lstm":
        net = torch.nn.LSTM(I, H, num_layers=layers, bidirectional=bidirectional)
    else:
        net = torch.nn.GRU(I, H, num_layers=layers, bidirectional=bidirectional)
    params = {}
    with torch.no_grad():
        for name, p in net.named_parameters():
            p.copy_(torch.tensor(rng.normal(0, 0.5, tuple(p.shape))))
            params[name] = p.detach().reshape(p.shape[0], -1).tolist()
    D = 2 if bidirectional else 1
    x = torch.tensor(rng.normal(0, 1, (T, 1, I)), requires_grad=True)
    h0 = torch.tensor(rng.normal(0, 0.5, (layers * D, 1, H)), requires_grad=True)
    c0 = torch.tensor(rng.normal(0, 0.5, (layers * D, 1, H)), requires_grad=True)
    R = torch.tensor(rng.normal(0, 1, (T, 1, D * H)))
    S = torch.tensor(rng.normal(0, 1, (layers * D, 1, H)))
    Q = torch.tensor(rng.normal(0, 1, (layers * D, 1, H)))
    if kind == "lstm":
        out, (hn, cn) = net(x, (h0, c0))
        loss = (out * R).sum() + (hn * S).sum() + (cn * Q).sum()
    else:
        out, hn = net(x, h0)
        cn = None
        loss = (out * R).sum() + (hn * S).sum()
    loss.backward()
    squeeze = lambda t: t.detach().reshape(t.shape[0], -1).tolist()
    return {
        "kind": kind, "nonlinearity": nonlinearity, "layers": layers, "bidirectional": bidirectional,
        "input_size": I, "hidden_size": H, "parameters": params,
        "x": squeeze(x), "h0": squeeze(h0), "c0": squeeze(c0) if kind == "lstm" else [],
        "dOutputs": squeeze(R), "dFinalHidden": squeeze(S), "dFinalCell": squeeze(Q) if kind == "lstm" else [],
        "expected": {
            "outputs": squeeze(out), "final_hidden": squeeze(hn), "final_cell": squeeze(cn) if cn is not None else [],
            "gradients": {n: p.grad.reshape(p.shape[0], -1).tolist() for n, p in net.named_parameters()},
            "input_gradients": squeeze(x.grad), "initial_hidden_gradients": squeeze(h0.grad),
            "initial_cell_gradients": squeeze(c0.grad) if kind == "lstm" else [],
        },
    }


def main():
    rng = np.random.default_rng(424242)
    cases = [case(rng, *c) for c in CONFIGS]
    with open("recurrent_reference.json", "w") as f:
        json.dump({"torch_version": torch.__version__, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
