"""Reference numbers for the RNN engine's tests, computed independently in float64.

Run once from this folder (`python3 make_reference.py`); it rewrites reference.json, which the Swift tests
read. Needs numpy and PyTorch (CPU is enough). Weights come from numpy's default_rng (PCG64), which the engine
does not implement, so the references share nothing with the engine but the equations of the lecture notes:

    e(t) = E x(t),  h(t) = act(W_h h(t-1) + W_e e(t) + b1),  yhat(t) = softmax(U h(t) + b2),
    J(t) = -log yhat(t)[y(t)],  J = mean_t J(t) or sum_t J(t).

tanh and relu cases run through nn.RNN (+ nn.Embedding, nn.Linear) and are cross-checked against an explicit
autograd loop; the sigmoid case (nn.RNN has none) uses the loop alone. dJ/dh(t) comes from the loop, where h(t)
feeds both the output and the next step, so its gradient is the total derivative.
"""
import json

import numpy as np
import torch

torch.set_default_dtype(torch.float64)


def numpy_rng_reference():
    np.random.seed(1)
    randn_seed1 = np.random.randn(5, 3).ravel().tolist()
    np.random.seed(42)
    sample_seed42 = np.random.random_sample(4).tolist()
    uniform_seed42 = np.random.uniform(-0.5, 0.5, 3).tolist()
    np.random.seed(4294967295)
    randn_max_seed = np.random.randn(3).tolist()
    return {
        "randn_seed1_5x3": randn_seed1,
        "random_sample_seed42_then_uniform": [sample_seed42, uniform_seed42],
        "randn_seed4294967295": randn_max_seed,
    }


def loop_reference(params, inputs, targets, h0, act, reduction):
    p = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    V = len(p["b2"])
    h = torch.tensor(h0, requires_grad=True)
    hs, logits, losses = [], [], []
    prev = h
    for x, y in zip(inputs, targets):
        if "E" in p:
            e = p["E"][:, x]
        else:
            e = torch.nn.functional.one_hot(torch.tensor(x), V).double()
        z = p["W_h"] @ prev + p["W_e"] @ e + p["b1"].reshape(-1)
        hcur = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid}[act](z)
        hcur.retain_grad()
        o = p["U"] @ hcur + p["b2"].reshape(-1)
        logits.append(o)
        losses.append(-torch.log_softmax(o, 0)[y])
        hs.append(hcur)
        prev = hcur
    J = torch.stack(losses).mean() if reduction == "mean" else torch.stack(losses).sum()
    J.backward()
    return {
        "hidden": [t.detach().tolist() for t in hs],
        "logits": [t.detach().tolist() for t in logits],
        "probabilities": [torch.softmax(t, 0).detach().tolist() for t in logits],
        "step_losses": [t.item() for t in losses],
        "loss": J.item(),
        "gradients": {k: v.grad.tolist() for k, v in p.items()},
        "hidden_gradients": [t.grad.tolist() for t in hs],
        "initial_hidden_gradient": h.grad.tolist(),
    }


def nn_rnn_reference(params, inputs, targets, h0, act, reduction):
    V = len(params["b2"])
    H = len(params["b1"])
    D = len(params["E"]) if "E" in params else V
    rnn = torch.nn.RNN(D, H, nonlinearity=act)
    out_layer = torch.nn.Linear(H, V)
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.tensor(params["W_e"]))
        rnn.weight_hh_l0.copy_(torch.tensor(params["W_h"]))
        rnn.bias_ih_l0.copy_(torch.tensor(params["b1"]).reshape(-1))
        rnn.bias_hh_l0.zero_()
        out_layer.weight.copy_(torch.tensor(params["U"]))
        out_layer.bias.copy_(torch.tensor(params["b2"]).reshape(-1))
    if "E" in params:
        emb = torch.nn.Embedding(V, D)
        with torch.no_grad():
            emb.weight.copy_(torch.tensor(params["E"]).T)
        xs = emb(torch.tensor(inputs))
    else:
        emb = None
        xs = torch.nn.functional.one_hot(torch.tensor(inputs), V).double()
    out, _ = rnn(xs.unsqueeze(1), torch.tensor(h0).reshape(1, 1, H))
    logits = out_layer(out.squeeze(1))
    J = torch.nn.functional.cross_entropy(logits, torch.tensor(targets), reduction=reduction)
    J.backward()
    grads = {
        "W_e": rnn.weight_ih_l0.grad.tolist(),
        "W_h": rnn.weight_hh_l0.grad.tolist(),
        "b1": rnn.bias_ih_l0.grad.reshape(-1, 1).tolist(),
        "U": out_layer.weight.grad.tolist(),
        "b2": out_layer.bias.grad.reshape(-1, 1).tolist(),
    }
    if emb is not None:
        grads["E"] = emb.weight.grad.T.tolist()
    return {"hidden": out.squeeze(1).tolist(), "logits": logits.tolist(), "loss": J.item(), "gradients": grads}


def make_case(name, rng, V, H, D, act, reduction, inputs, targets, h0_scale, scale):
    params = {}
    if D is not None:
        params["E"] = rng.normal(0, scale, (D, V)).tolist()
    params["W_e"] = rng.normal(0, scale, (H, D if D is not None else V)).tolist()
    params["W_h"] = rng.normal(0, scale, (H, H)).tolist()
    params["b1"] = rng.normal(0, 0.1, (H, 1)).tolist()
    params["U"] = rng.normal(0, scale, (V, H)).tolist()
    params["b2"] = rng.normal(0, 0.1, (V, 1)).tolist()
    h0 = rng.normal(0, h0_scale, H).tolist()
    loop = loop_reference(params, inputs, targets, h0, act, reduction)
    if act in ("tanh", "relu"):
        ref = nn_rnn_reference(params, inputs, targets, h0, act, reduction)
        assert np.allclose(ref["loss"], loop["loss"], rtol=1e-13, atol=0)
        assert np.allclose(ref["hidden"], loop["hidden"], rtol=1e-13, atol=1e-15)
        for k in ref["gradients"]:
            assert np.allclose(ref["gradients"][k], loop["gradients"][k], rtol=1e-11, atol=1e-15), k
        source = "torch.nn.RNN + nn.Linear (+ nn.Embedding), cross-checked with an autograd loop"
    else:
        source = "torch autograd loop"
    return {
        "name": name, "source": source, "vocabulary_size": V, "hidden_size": H, "embedding_size": D,
        "activation": act, "reduction": reduction, "inputs": inputs, "targets": targets,
        "h0": h0, "parameters": params, "expected": loop,
    }


def main():
    rng = np.random.default_rng(20261121)
    cases = [
        # The notes' "hello" example: vocabulary h, e, l, o; input "hell", targets "ello".
        make_case("hello_onehot_tanh_mean", rng, 4, 3, None, "tanh", "mean", [0, 1, 2, 2], [1, 2, 2, 3], 0.0, 0.5),
        make_case("embedding_relu_sum", rng, 6, 5, 3, "relu", "sum", [0, 3, 5, 1, 1, 2], [3, 5, 1, 1, 2, 4], 0.3, 0.6),
        make_case("embedding_sigmoid_mean", rng, 5, 4, 2, "sigmoid", "mean", [4, 0, 2, 3, 1], [0, 2, 3, 1, 4], 0.2, 0.8),
        make_case("long_onehot_tanh_mean", rng, 7, 6, None, "tanh", "mean",
                  [int(v) for v in rng.integers(0, 7, 30)], [int(v) for v in rng.integers(0, 7, 30)], 0.1, 0.7),
    ]
    spectral = []
    for shape in [(3, 3), (6, 6), (5, 2)]:
        m = rng.normal(0, 1, shape)
        spectral.append({"matrix": m.tolist(), "largest_singular_value": float(np.linalg.svd(m, compute_uv=False)[0])})
    out = {"torch_version": torch.__version__, "numpy_version": np.__version__,
           "mt19937": numpy_rng_reference(), "rnn_cases": cases, "spectral": spectral}
    with open("reference.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
