#!/usr/bin/env python3
"""attention(X, X, X) for a 2048×64 X drawn from randn, as a whole process (the numpy side of
bench/attention.sh): softmax(X·Xᵀ/√64)·X with the row max subtracted, in float64 on OpenBLAS."""
import sys

import numpy as np

n, d = (int(a) for a in sys.argv[1:3]) if len(sys.argv) > 2 else (2048, 64)
X = np.random.default_rng(1).standard_normal((n, d))
scores = (X @ X.T) / np.sqrt(d)
scores -= scores.max(axis=1, keepdims=True)
np.exp(scores, out=scores)
scores /= scores.sum(axis=1, keepdims=True)
out = scores @ X
print(out.shape, float(out[0, 0]))
