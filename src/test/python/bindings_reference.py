#!/usr/bin/env python3
"""Reference values for src/test/resources/golden/gradients/through_bindings.nnspec.

A development aid, not a dependency of the build: run with Debian's python3-torch
(/usr/bin/python3 src/test/python/bindings_reference.py) and compare with the comments in
the golden file. Each block writes the nnspec program's assignments as PyTorch tensors that
keep their graph, float64.
"""
import math

import torch

torch.set_default_dtype(torch.float64)


def grad(y, x):
    (g,) = torch.autograd.grad(y, x, retain_graph=True)
    return g


w = torch.tensor(3.0, requires_grad=True)
y = w ** 2
print("grad(y, w)", grad(y, w).item())
a = torch.sin(w)
b = a * a + w
print("grad(b, w)", grad(b, w).item())
c = 2 * b
d = torch.tanh(c / 10)
print("grad(d, w)", grad(d, w).item())
print("  local: dd/dc", grad(d, c).item(), "dc/db", grad(c, b).item(), "db/dw", grad(b, w).item())

W = torch.tensor([[0.5, -1, 0.25], [2, 0.1, -0.3], [-0.7, 0.4, 1.5]], requires_grad=True)
x = torch.tensor([[1.0], [2.0], [3.0]])
L = torch.sum(torch.tanh(W @ x))
print("grad(L, W)", grad(L, W).tolist())

# h[1] = 1, h[t] = a * h[t-1]; z = h[4]
h = {1: torch.tensor(1.0)}
for t in range(2, 5):
    h[t] = a * h[t - 1]
print("grad(z, w)", grad(h[4], w).item(), "=", 3 * math.sin(3) ** 2 * math.cos(3))
h2 = torch.tensor(a.item() * 1.0, requires_grad=True)  # h[2] as an input: its rule is cut
z2 = a.detach() * (a.detach() * h2)
print("grad(z, h[2])", grad(z2, h2).item())

s = torch.tensor(0.0)
for i in range(1, 5):
    s = s + i * w
print("grad(s, w)", grad(s, w).item())

M = torch.tensor([[1.0, 2, 3], [4, 5, 6]], requires_grad=True)
P = M * M
print("sum dim=0 [1]", grad(torch.sum(P, dim=0, keepdim=True)[0, 1], M).tolist())
print("sum max dim=1", grad(torch.sum(torch.max(P, dim=1, keepdim=True).values), M).tolist())
print("mean dim=-1 [0]", grad(torch.mean(P, dim=-1, keepdim=True)[0, 0], M).tolist())
