#!/usr/bin/env python3
"""Reference gradients from torch.autograd for the nnspec autodiff tests.

Writes src/test/resources/autodiff/torch_reference.json, read by
src/test/java/org/nnspec/autodiff/TorchReferenceTest.java, which rebuilds each computation on
the nnspec tape from the same inputs and compares. Every input is stored in the JSON next to
the torch outputs, so the Java side never re-derives them. All in float64.

Run from the repository root:  python3 src/test/python/autodiff_reference.py
(Debian's python3-torch; not needed to build or test.)
"""
import json
import math
import os

import torch

torch.set_default_dtype(torch.float64)
D = torch.float64


def t(x, grad=False):
    return torch.tensor(x, dtype=D, requires_grad=grad)


def rows(x):
    """A tensor as a list of rows (a vector as a column: n x 1)."""
    x = x.detach()
    if x.dim() == 0:
        return x.item()
    if x.dim() == 1:
        return [[v] for v in x.tolist()]
    return x.tolist()


def tanh_rnn():
    """Scalar tanh RNN: h1 given, h_t = tanh(w h_{t-1} + u x_t + b), t = 2..T."""
    cases = []
    for w_value in (0.7, 2.5):
        xs = [0.3, -0.8, 0.5, 1.1, -0.2, 0.9, -1.4, 0.05, 0.6, -0.35]
        w, u, b, h1 = t(w_value, True), t(0.9, True), t(-0.1, True), t(0.4, True)
        h = [h1]
        for x in xs[1:]:
            h.append(torch.tanh(w * h[-1] + u * x + b))
        hT = h[-1]
        gh1, gw, gu, gb = torch.autograd.grad(hT, [h1, w, u, b])
        local = []  # dh_t/dh_{t-1} for t = 2..T, with h_{t-1} cut
        for k in range(1, len(h)):
            prev = h[k - 1].detach().requires_grad_(True)
            nxt = torch.tanh(w.detach() * prev + u.detach() * xs[k] + b.detach())
            local.append(torch.autograd.grad(nxt, prev)[0].item())
        cases.append({"w": w_value, "u": 0.9, "b": -0.1, "h1": 0.4, "x": xs, "hT": hT.item(),
                      "dhT_dh1": gh1.item(), "dhT_dw": gw.item(), "dhT_du": gu.item(),
                      "dhT_db": gb.item(), "local_factors": local})
    return cases


def vector_rnn():
    """h_t = tanh(W h_{t-1} + U x_t + b) with 3-vectors h (columns); Jacobian dh_T/dh_1."""
    base = [[0.5, -0.3, 0.2], [0.1, 0.4, -0.6], [-0.2, 0.3, 0.35]]
    U = [[0.3, -0.1], [0.2, 0.5], [-0.4, 0.25]]
    b = [0.05, -0.1, 0.2]
    xs = [[0.5, -1.0], [0.2, 0.7], [-0.3, 0.4], [1.0, 0.1], [0.6, -0.5], [-0.8, 0.9]]
    h1 = [0.3, -0.2, 0.6]
    cases = []
    for scale in (0.8, 4.0):
        W = t(base) * scale
        Ut, bt = t(U), t(b)

        def run(h0):
            h = h0
            for x in xs:
                h = torch.tanh(W @ h + Ut @ t(x) + bt)
            return h
        h1t = t(h1)
        J = torch.autograd.functional.jacobian(run, h1t)
        cases.append({"W": (W).tolist(), "U": U, "b": [[v] for v in b], "x": [[[v] for v in x] for x in xs],
                      "h1": [[v] for v in h1], "hT": rows(run(h1t)), "jacobian": J.tolist(),
                      "jacobian_spectral_norm": torch.linalg.matrix_norm(J, ord=2).item()})
    return cases


def weight_gradient():
    """A two-layer net with a loss; gradients with respect to the weight matrices.

    loss = mean((W2 gelu(W1 x + b1) - target)^2) + 0.1 * spectral_norm(W1)
           + softmax(W2 gelu(W1 x + b1), over the column)[0] + max(W1) + relu(W1)[0, 0]
    """
    W1v = [[0.4, -0.7, 0.2], [0.9, 0.1, -0.5], [-0.3, 0.6, 0.8], [0.25, -0.45, 0.15]]
    W2v = [[0.5, -0.2, 0.3, 0.7], [-0.6, 0.4, 0.1, -0.25]]
    b1v = [[0.1], [-0.2], [0.05], [0.3]]
    xv = [[1.0], [-0.5], [2.0]]
    target = [[0.3], [-0.4]]
    W1, W2, b1 = t(W1v, True), t(W2v, True), t(b1v, True)
    hidden = torch.nn.functional.gelu(W1 @ t(xv) + b1)
    out = W2 @ hidden
    loss = (torch.mean((out - t(target)) ** 2) + 0.1 * torch.linalg.matrix_norm(W1, ord=2)
            + torch.softmax(out, dim=0)[0, 0] + W1.max() + torch.relu(W1)[0, 0])
    gW1, gW2, gb1 = torch.autograd.grad(loss, [W1, W2, b1])
    return {"W1": W1v, "W2": W2v, "b1": b1v, "x": xv, "target": target, "loss": loss.item(),
            "dW1": gW1.tolist(), "dW2": gW2.tolist(), "db1": gb1.tolist()}


def lstm():
    """An LSTM cell written out (gates i, f, g, o; hidden size 2, input size 1), T steps.

    i = sigmoid(Wi x + Ui h + bi), f = sigmoid(Wf x + Uf h + bf), g = tanh(Wg x + Ug h + bg),
    o = sigmoid(Wo x + Uo h + bo); c' = f * c + i * g; h' = o * tanh(c').
    Outputs: Jacobian dc_T/dc_1 (through both c and h), gradient of sum(h_T) w.r.t. Uf.
    """
    p = {
        "Wi": [[0.5], [-0.3]], "Wf": [[0.8], [0.6]], "Wg": [[-0.4], [0.9]], "Wo": [[0.2], [0.7]],
        "Ui": [[0.1, -0.2], [0.3, 0.05]], "Uf": [[0.4, 0.1], [-0.2, 0.5]],
        "Ug": [[-0.3, 0.6], [0.2, -0.1]], "Uo": [[0.25, -0.15], [0.05, 0.35]],
        "bi": [[0.0], [0.1]], "bf": [[1.0], [0.8]], "bg": [[0.05], [-0.05]], "bo": [[0.1], [0.0]],
    }
    xs = [0.5, -0.3, 0.8, 0.1, -0.6, 0.4, 0.9]
    h1, c1 = [[0.1], [-0.2]], [[0.3], [0.5]]
    P = {k: t(v, k == "Uf") for k, v in p.items()}

    def run(c_start, h_start):
        h, c = h_start, c_start
        for x in xs:
            xt = t([[x]])
            i = torch.sigmoid(P["Wi"] @ xt + P["Ui"] @ h + P["bi"])
            f = torch.sigmoid(P["Wf"] @ xt + P["Uf"] @ h + P["bf"])
            g = torch.tanh(P["Wg"] @ xt + P["Ug"] @ h + P["bg"])
            o = torch.sigmoid(P["Wo"] @ xt + P["Uo"] @ h + P["bo"])
            c = f * c + i * g
            h = o * torch.tanh(c)
        return c, h
    J = torch.autograd.functional.jacobian(lambda c: run(c, t(h1))[0].reshape(-1), t(c1).reshape(2, 1))
    cT, hT = run(t(c1), t(h1))
    (gUf,) = torch.autograd.grad(hT.sum(), [P["Uf"]])
    return {"params": p, "x": xs, "h1": h1, "c1": c1, "cT": rows(cT), "hT": rows(hT),
            "dcT_dc1": J.reshape(2, 2).tolist(), "dsumhT_dUf": gUf.tolist()}


def gru_scalar():
    """A scalar GRU-like cell: z = sigmoid(a h + p x), hc = tanh(c h + d x),
    h' = (1 - z) h + z hc. Gradient dh_T/dh_1 and dh_T/da."""
    a, p, c, d = 0.8, 0.5, 1.2, -0.7
    xs = [0.2, -0.4, 0.9, 0.3, -1.0, 0.6, 0.1, -0.2]
    h1 = t(0.25, True)
    at = t(a, True)
    h = h1
    for x in xs:
        z = torch.sigmoid(at * h + p * x)
        hc = torch.tanh(c * h + d * x)
        h = (1 - z) * h + z * hc
    g1, ga = torch.autograd.grad(h, [h1, at])
    return {"a": a, "p": p, "c": c, "d": d, "x": xs, "h1": 0.25, "hT": h.item(),
            "dhT_dh1": g1.item(), "dhT_da": ga.item()}


def functions():
    """Value and derivative of each elementwise built-in at chosen points, kinks included."""
    fs = {
        "sqrt": torch.sqrt, "ln": torch.log, "log2": torch.log2, "log10": torch.log10,
        "exp": torch.exp, "abs": torch.abs, "sin": torch.sin, "cos": torch.cos, "tan": torch.tan,
        "tanh": torch.tanh, "sigmoid": torch.sigmoid, "relu": torch.relu,
        "gelu": torch.nn.functional.gelu,
    }
    points = [-30.0, -8.0, -3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0, 8.0, 30.0]
    out = []
    for name, f in fs.items():
        for x in points:
            xt = t(x, True)
            y = f(xt)
            (g,) = torch.autograd.grad(y, xt)
            out.append({"f": name, "x": x, "value": num(y.item()), "derivative": num(g.item())})
    return out


def edges():
    """Values and derivatives where float64 rounding decides, as torch computes them: relu of
    NaN, sigmoid far left (1/(1 + e^745) is 0), gelu far left (1 + erf(-10/sqrt 2) is 0)."""
    out = []
    for name, f, x in (("relu", torch.relu, float("nan")), ("sigmoid", torch.sigmoid, -745.0),
                       ("sigmoid", torch.sigmoid, -30.0), ("gelu", torch.nn.functional.gelu, -10.0),
                       ("gelu", torch.nn.functional.gelu, -40.0)):
        xt = t(x, True)
        y = f(xt)
        (g,) = torch.autograd.grad(y, xt)
        out.append({"f": name, "x": num(x), "value": num(y.item()), "derivative": num(g.item())})
    return out


def num(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def ties():
    """max/min with ties, maximum on a tie, norm at zero, pow at 0 and softmax with -inf."""
    res = {}
    x = t([[1.0, 3.0], [3.0, 2.0]], True)
    (res["max_grad"],) = [g.tolist() for g in torch.autograd.grad(x.max(), x)]
    x = t([[1.0, 3.0], [1.0, 2.0]], True)
    (res["min_grad"],) = [g.tolist() for g in torch.autograd.grad(x.min(), x)]
    a, b = t(2.0, True), t(2.0, True)
    res["maximum_tie_grad"] = [g.item() for g in torch.autograd.grad(torch.maximum(a, b), [a, b])]
    x = t([[0.0], [0.0], [0.0]], True)
    res["norm_zero_grad"] = torch.autograd.grad(torch.linalg.vector_norm(x), x)[0].tolist()
    for name, (bv, ev) in {"pow_0_2": (0.0, 2.0), "pow_0_0": (0.0, 0.0), "pow_2_0": (2.0, 0.0)}.items():
        bb, ee = t(bv, True), t(ev, True)
        res[name] = [num(g.item()) for g in torch.autograd.grad(bb ** ee, [bb, ee])]
    x = t([[0.5, float("-inf"), 1.5]], True)
    y = torch.softmax(x, dim=-1)
    res["softmax_masked_value"] = y.tolist()
    res["softmax_masked_grad"] = torch.autograd.grad((y * t([[1.0, 2.0, 3.0]])).sum(), x)[0].tolist()
    s = t(0.0, True)
    res["relu_sqrt_at_0"] = num(torch.autograd.grad(torch.relu(torch.sqrt(s)), s)[0].item())
    return res


def main():
    data = {
        "torch_version": torch.__version__,
        "tanh_rnn": tanh_rnn(),
        "vector_rnn": vector_rnn(),
        "weight_gradient": weight_gradient(),
        "lstm": lstm(),
        "gru_scalar": gru_scalar(),
        "functions": functions(),
        "edges": edges(),
        "ties": ties(),
    }
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "resources", "autodiff", "torch_reference.json")
    with open(path, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
