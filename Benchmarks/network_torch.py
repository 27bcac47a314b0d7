"""The task of `workbook bench network` in PyTorch, CPU, float64, eager: a recurrent network (nn.LSTM, nn.GRU or
nn.RNN with tanh) trained as a character-level language model. Examples are consecutive windows of T characters
(inputs) and the same windows shifted by one (targets), each from a zero state; B windows per update, drawn in a
shuffled order epoch by epoch; one-hot inputs; logits U h(t) + b2; the loss is the mean over the B·T steps of
-log softmax; Adam (lr 0.002), gradients clipped to global norm 5; PyTorch's default initialisation.

Usage: python3 Benchmarks/network_torch.py CORPUS ITERATIONS [CELL] [HIDDEN] [LAYERS] [SEQ_LENGTH] [BATCH] [THREADS]
Prints one line: `network CELL H=.. L=.. T=.. B=..: X it/s, ...` as the engine does.
"""
import sys
import time

import torch

data = open(sys.argv[1], encoding="utf-8").read()
iterations = int(sys.argv[2])
cell = sys.argv[3] if len(sys.argv) > 3 else "lstm"
H = int(sys.argv[4]) if len(sys.argv) > 4 else 64
L = int(sys.argv[5]) if len(sys.argv) > 5 else 1
T = int(sys.argv[6]) if len(sys.argv) > 6 else 25
B = int(sys.argv[7]) if len(sys.argv) > 7 else 8
threads = int(sys.argv[8]) if len(sys.argv) > 8 else 1
torch.set_num_threads(threads)
torch.set_default_dtype(torch.float64)
torch.manual_seed(1)
chars = sorted(set(data))
V = len(chars)
ix = {ch: i for i, ch in enumerate(chars)}
tokens = torch.tensor([ix[c] for c in data])
windows = (len(tokens) - 1) // T
sources = tokens[: windows * T].view(windows, T)
targets = tokens[1 : windows * T + 1].view(windows, T)
kinds = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}
network = kinds[cell](V, H, num_layers=L, batch_first=True)
head = torch.nn.Linear(H, V)
parameters = list(network.parameters()) + list(head.parameters())
optimizer = torch.optim.Adam(parameters, lr=0.002)
eye = torch.eye(V)
order = torch.randperm(windows)
cursor = 0
first = None
start = time.perf_counter()
for _ in range(iterations):
    if cursor + B > windows:
        order, cursor = torch.randperm(windows), 0
    batch = order[cursor : cursor + B]
    cursor += B
    outputs, _ = network(eye[sources[batch]])
    loss = torch.nn.functional.cross_entropy(head(outputs).reshape(-1, V), targets[batch].reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    torch.nn.utils.clip_grad_norm_(parameters, 5)
    optimizer.step()
    first = first if first is not None else loss.item()
seconds = time.perf_counter() - start
rate = iterations / seconds
print(
    f"network {cell} H={H} L={L} T={T} B={B}: {rate:.1f} it/s, {rate * T * B:.0f} chars/s, "
    f"loss {first:.4f} -> {loss.item():.4f} (PyTorch {torch.__version__}, {threads} thread(s))"
)
