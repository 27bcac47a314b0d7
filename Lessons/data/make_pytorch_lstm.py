"""Writes pytorch-lstm.npz: a two-layer LSTM character model of 'hello', trained in PyTorch (float64), as a
course's PyTorch notebook would have it, for lesson 16 to load and reproduce.

Run once from this folder: `python3 make_pytorch_lstm.py`. It prints the numbers lesson 16 checks.

Names: the nn.LSTM's own (weight_ih_l0, ..., bias_hh_l1); the output layer nn.Linear as U and b2; the
embedding as E. nn.Embedding keeps its weight as V x D; the workbook's E is D x V (a column per token, as in
the notes), so the script saves the transpose.
"""
import numpy as np
import torch

torch.set_default_dtype(torch.float64)
torch.manual_seed(0)

vocabulary = ["h", "e", "l", "o"]
index = {c: i for i, c in enumerate(vocabulary)}
V, D, H = len(vocabulary), 3, 6

embedding = torch.nn.Embedding(V, D)
lstm = torch.nn.LSTM(D, H, num_layers=2)
linear = torch.nn.Linear(H, V)
parameters = list(embedding.parameters()) + list(lstm.parameters()) + list(linear.parameters())


def loss_of(text):
    x = torch.tensor([index[c] for c in text[:-1]])
    y = torch.tensor([index[c] for c in text[1:]])
    out, _ = lstm(embedding(x).unsqueeze(1))
    return torch.nn.functional.cross_entropy(linear(out[:, 0, :]), y)


optimizer = torch.optim.Adam(parameters, lr=0.05)
for step in range(60):
    optimizer.zero_grad()
    loss = loss_of("hello")
    loss.backward()
    optimizer.step()

arrays = {"E": embedding.weight.detach().numpy().T.copy(), "U": linear.weight.detach().numpy(),
          "b2": linear.bias.detach().numpy()}
for name, p in lstm.named_parameters():
    arrays[name] = p.detach().numpy()
np.savez("pytorch-lstm.npz", **arrays)

with torch.no_grad():
    print("torch", torch.__version__)
    print("loss on hello after training: %.17g" % loss_of("hello").item())
    print("loss on hell: %.17g" % loss_of("hell").item())
np.random.seed(1)
print("np.random.seed(1); np.random.randn(2, 3):", repr(np.random.randn(2, 3)))
