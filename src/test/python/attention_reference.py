#!/usr/bin/env python3
"""Reference values for nnspec's attention, computed by PyTorch.

Writes src/test/resources/attention/reference.json, read by AttentionReferenceTest.
Run from the repository root with Debian's python3-torch:

    /usr/bin/python3 src/test/python/attention_reference.py

Every case is computed in float64. Self-attention with and without a causal mask and with
two heads goes through torch.nn.MultiheadAttention, configured so that it computes exactly
docs/language.md section 8 (in-projection = W_Q, W_K, W_V, no biases, identity output projection);
its attention weights come back per head (average_attn_weights=False) and averaged. A custom
scale and extreme scores (±1000) go through torch.softmax on explicitly formed scores, since
this torch version's MultiheadAttention has no scale argument. The last case records that
torch gives NaN for a query row with every key masked (nnspec reports an error instead).
"""
import json
import math
import os

import torch

torch.manual_seed(20240607)
DT = torch.float64


def mat(t):
    return [[(v if math.isfinite(v) else ("nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")))
             for v in row] for row in t.tolist()]


def mha(X, WQ, WK, WV, heads, causal):
    """softmax(Q_j K_jᵀ/√(d_k/h) + mask) V_j per head, concatenated, via nn.MultiheadAttention."""
    d_model, d_k = WQ.shape
    assert WK.shape == WQ.shape and WV.shape == (d_model, d_k), "MHA needs d_k = d_v = embed_dim"
    assert d_model == d_k, "MHA's in-projection maps embed_dim to embed_dim"
    m = torch.nn.MultiheadAttention(d_model, heads, bias=False, batch_first=True, dtype=DT)
    with torch.no_grad():
        # in_proj computes x @ W.T, so the weight is the transpose of nnspec's W (x @ W)
        m.in_proj_weight.copy_(torch.cat([WQ.T, WK.T, WV.T], dim=0))
        m.out_proj.weight.copy_(torch.eye(d_model, dtype=DT))
    n = X.shape[0]
    # MultiheadAttention's boolean attn_mask: True = NOT allowed to attend
    mask = torch.triu(torch.ones(n, n, dtype=torch.bool), diagonal=1) if causal else None
    x = X.unsqueeze(0)
    with torch.no_grad():
        out, per_head = m(x, x, x, attn_mask=mask, need_weights=True, average_attn_weights=False)
        _, mean = m(x, x, x, attn_mask=mask, need_weights=True, average_attn_weights=True)
    return out[0], per_head[0], mean[0]


def self_attention_case(name, n, d, heads, causal, tokens):
    X = torch.randn(n, d, dtype=DT)
    WQ, WK, WV = (torch.randn(d, d, dtype=DT) for _ in range(3))
    out, per_head, mean = mha(X, WQ, WK, WV, heads, causal)
    Q, K, V = X @ WQ, X @ WK, X @ WV
    return {"name": name, "kind": "self_attention", "tokens": tokens, "heads": heads,
            "mask": "causal" if causal else None, "scale": None,
            "X": mat(X), "W_Q": mat(WQ), "W_K": mat(WK), "W_V": mat(WV),
            "Q": mat(Q), "K": mat(K), "V": mat(V),
            "head_weights": [mat(w) for w in per_head], "weights": mat(mean), "output": mat(out)}


def explicit(Q, K, V, scale, causal=False, allowed=None):
    """softmax(Q Kᵀ·scale, masked with -inf) V with torch.softmax (torch's documented formula)."""
    scores = (Q @ K.T) * scale
    if causal:
        n, m = scores.shape
        scores = scores.masked_fill(torch.ones(n, m, dtype=torch.bool).triu(1), float("-inf"))
    if allowed is not None:
        scores = scores.masked_fill(~allowed, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return scores, weights, weights @ V


def attention_case(name, Q, K, V, scale, causal=False, allowed=None):
    scores, weights, out = explicit(Q, K, V, scale if scale is not None else 1 / math.sqrt(Q.shape[1]),
                                    causal, allowed)
    case = {"name": name, "kind": "attention", "scale": scale, "mask": "causal" if causal else None,
            "Q": mat(Q), "K": mat(K), "V": mat(V),
            "scores": mat(scores), "weights": mat(weights), "output": mat(out)}
    if allowed is not None:
        case["mask"] = mat(allowed.to(DT))
    return case


cases = []
words = ["the", "cat", "sat", "on", "the", "mat"]
cases.append(self_attention_case("causal", 6, 4, 1, True, words))
cases.append(self_attention_case("two heads", 6, 4, 2, False, words))
cases.append(self_attention_case("two heads causal", 5, 6, 2, True, ["a", "b", "c", "d", "e"]))

Q, K, V = torch.randn(4, 3, dtype=DT), torch.randn(5, 3, dtype=DT), torch.randn(5, 2, dtype=DT)
cases.append(attention_case("custom scale 0.25, 4 queries and 5 keys", Q, K, V, 0.25))

# scores of ±1000: a naive exp overflows to inf (and inf/inf = NaN); torch subtracts the max
Qx = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], dtype=DT)
Kx = torch.tensor([[1000.0, -1000.0], [-1000.0, 1000.0], [999.0, 0.0]], dtype=DT)
Vx = torch.tensor([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]], dtype=DT)
cases.append(attention_case("extreme scores ±1000, scale 1", Qx, Kx, Vx, 1.0))
cases.append(attention_case("extreme scores ±1000, causal, default scale", Qx, Kx, Vx, None, causal=True))

# a 0/1 mask (torch's boolean attn_mask for scaled_dot_product_attention: True = attend)
allowed = torch.tensor([[1, 0, 1, 0, 1], [0, 1, 1, 1, 0], [1, 1, 1, 1, 1], [0, 0, 0, 0, 1]], dtype=torch.bool)
cases.append(attention_case("matrix mask", Q, K, V, None, allowed=allowed))

# a fully masked query row: torch returns NaN for the whole row
full = allowed.clone()
full[3] = False
_, w, o = explicit(Q, K, V, 1 / math.sqrt(3), allowed=full)
cases.append({"name": "fully masked row", "kind": "fully_masked", "Q": mat(Q), "K": mat(K), "V": mat(V),
              "mask": mat(full.to(DT)), "torch_weights": mat(w), "torch_output": mat(o)})

out = os.path.join("src", "test", "resources", "attention", "reference.json")
with open(out, "w") as f:
    json.dump({"generator": "src/test/python/attention_reference.py", "torch": torch.__version__,
               "cases": cases}, f, indent=1)
    f.write("\n")
print("wrote", out, len(cases), "cases")
