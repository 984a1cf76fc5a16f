package org.nnspec.attention;

import org.ejml.data.DMatrixRMaj;
import org.nnspec.diag.NnspecException;

/**
 * Which keys each query may attend to. {@link #causal()} lets query {@code i} see keys
 * {@code 0..i} (PyTorch's {@code is_causal=True}: a lower-triangular, top-left aligned mask).
 * {@link #of(DMatrixRMaj)} takes an explicit queries × keys matrix of 0s and 1s with PyTorch's
 * boolean {@code attn_mask} meaning: 1 (true) = the key takes part, 0 = masked out. A masked
 * score becomes {@code -inf} before the softmax, so its weight is exactly 0.
 */
public final class Mask {
    private final DMatrixRMaj allowed; // null for causal

    private Mask(DMatrixRMaj allowed) { this.allowed = allowed; }

    private static final Mask CAUSAL = new Mask(null);

    public static Mask causal() { return CAUSAL; }

    /** An explicit mask; every entry must be 0 or 1 (the matrix is copied). */
    public static Mask of(DMatrixRMaj allowed) {
        for (int i = 0; i < allowed.getNumElements(); i++) {
            double v = allowed.data[i];
            if (v != 0 && v != 1) {
                int r = i / allowed.numCols, c = i % allowed.numCols;
                throw new NnspecException(
                        "a mask matrix holds 0 (masked) or 1 (attend), but entry [" + r + ", " + c + "] is "
                                + org.nnspec.render.Numbers.real(v, 6),
                        "use 1 where query row i may attend to key column j and 0 elsewhere, or mask=\"causal\"");
            }
        }
        return new Mask(allowed.copy());
    }

    /**
     * The mask named by a string argument: only {@code "causal"} exists.
     */
    public static Mask named(String name) {
        if ("causal".equals(name)) return CAUSAL;
        throw new NnspecException("unknown mask \"" + name + "\"",
                "write mask=\"causal\" (query i sees keys 0..i) or pass a 0/1 matrix of queries × keys");
    }

    public boolean isCausal() { return allowed == null; }

    /** How the mask is described in reports and JSON: {@code causal} or {@code matrix}. */
    public String describe() { return isCausal() ? "causal" : "matrix"; }

    /** Whether query {@code q} may attend to key {@code k}. */
    public boolean allows(int q, int k) {
        return allowed == null ? k <= q : allowed.unsafe_get(q, k) != 0;
    }

    /** Checks the mask fits a queries × keys score matrix (a causal mask fits any). */
    void checkFits(int queries, int keys) {
        if (allowed != null && (allowed.numRows != queries || allowed.numCols != keys)) {
            throw new NnspecException(
                    "the mask is " + allowed.numRows + "×" + allowed.numCols + " but the scores are "
                            + queries + "×" + keys + " (queries × keys)",
                    "give a " + queries + "×" + keys + " mask of 0s and 1s, one row per query and one column per key");
        }
    }

    /** Sets masked scores to {@code -inf}, in place. */
    void apply(DMatrixRMaj scores) {
        applyRows(scores.data, scores.numCols, 0, scores.numRows);
    }

    /**
     * Sets masked scores to {@code -inf} in {@code count} rows of scores for queries
     * {@code firstQuery, ...}, stored from {@code block[0]} with {@code cols} (= keys) columns.
     */
    void applyRows(double[] block, int cols, int firstQuery, int count) {
        for (int r = 0; r < count; r++) {
            int q = firstQuery + r, off = r * cols;
            if (allowed == null) {
                for (int k = q + 1; k < cols; k++) block[off + k] = Double.NEGATIVE_INFINITY;
            } else {
                double[] a = allowed.data;
                int aOff = q * cols;
                for (int k = 0; k < cols; k++) {
                    if (a[aOff + k] == 0) block[off + k] = Double.NEGATIVE_INFINITY;
                }
            }
        }
    }

    /** The first query row that may see no key at all, or -1. */
    int firstFullyMaskedRow(int queries, int keys) {
        if (allowed == null) return keys == 0 && queries > 0 ? 0 : -1;
        for (int q = 0; q < queries; q++) {
            boolean any = false;
            for (int k = 0; k < keys && !any; k++) any = allowed.unsafe_get(q, k) != 0;
            if (!any) return q;
        }
        return -1;
    }
}
