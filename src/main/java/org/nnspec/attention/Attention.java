package org.nnspec.attention;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.nnspec.diag.NnspecException;
import org.nnspec.linalg.Gemm;

/**
 * Scaled dot-product attention, {@code softmax(Q·Kᵀ·scale + mask)·V}, as PyTorch's
 * {@code scaled_dot_product_attention} computes it, and self-attention from an input X and
 * projection matrices (docs/language.md section 8). Multi-head: head {@code j} takes the
 * {@code j}-th contiguous block of {@code d_k/h} columns of Q and K and {@code d_v/h} columns of
 * V, is scaled by {@code 1/√(d_k/h)} unless a scale is given, and the heads' outputs are
 * concatenated in order (no output projection).
 *
 * <p>Every shape is checked here, before EJML sees the matrices, and a mismatch is an
 * {@link NnspecException} that names both shapes. Large products go to {@link Gemm} (vectorised
 * and multi-threaded; {@code Gemm.multTransB} for Q·Kᵀ, without forming Kᵀ), small ones to
 * EJML's {@code CommonOps_DDRM.mult} on a transposed K, which keeps the small examples' numbers
 * exactly as they were (EJML scales Q·Kᵀ after the dot products when K has fewer than 15
 * rows; Gemm scales Q first).
 */
public final class Attention {
    /** Attention whose Q·Kᵀ needs at least this many multiply-adds is computed in blocks of queries. */
    static final long BLOCKED_MACS = Gemm.MIN_MACS;
    /** The largest queries × keys matrix accepted: the limit of every matrix. */
    static final long MAX_SCORE_ENTRIES = org.nnspec.ast.Limits.MAX_MATRIX_ENTRIES;

    private Attention() {}

    /**
     * {@code attention(Q, K, V, mask=, scale=)}: only the output, without keeping scores and
     * weights (the softmax runs in place on the score matrix).
     *
     * @param mask  null for none
     * @param scale null for the default 1/√d_k
     */
    public static DMatrixRMaj attention(DMatrixRMaj Q, DMatrixRMaj K, DMatrixRMaj V, Mask mask, Double scale) {
        double s = checkAttention(Q, K, V, mask, 1, scale, null);
        if ((long) Q.numRows * Q.numCols * K.numRows >= BLOCKED_MACS) return blocked(Q, K, V, mask, s);
        DMatrixRMaj scores = new DMatrixRMaj(Q.numRows, K.numRows);
        DMatrixRMaj output = new DMatrixRMaj(Q.numRows, V.numCols);
        head(Q, K, V, mask, s, scores, output, false);
        return output;
    }

    /** Queries per block in {@link #blocked}: 32 rows of scores, 512 KiB for 2048 keys. */
    static final int BLOCK_QUERIES = 32;

    /**
     * {@link #attention} for large inputs, block of queries by block of queries: a block's
     * scores (Q·Kᵀ for its rows), masked, softmax, times V, into its rows of the output. The
     * numbers are those of the whole-matrix way ({@link #head}: the same kernels, the same
     * order of additions), without a queries × keys matrix: for 2048 queries and keys, no
     * 32 MiB to allocate (every page of it a fault in a fresh process) and to write and read
     * back three times. The blocks are split among the common fork-join pool's threads and the
     * calling thread; each works in a scratch block of its own, and every query's row is
     * computed whole by one thread, so the numbers do not depend on the threads.
     */
    private static DMatrixRMaj blocked(DMatrixRMaj Q, DMatrixRMaj K, DMatrixRMaj V, Mask mask, double scale) {
        int n = Q.numRows;
        Gemm.Packed kT = Gemm.packedTransposed(K), v = Gemm.packed(V);
        DMatrixRMaj output = new DMatrixRMaj(n, V.numCols);
        int threads = Runtime.getRuntime().availableProcessors();
        int chunks = threads < 2 ? 1 : Math.min(threads * 4, (n + BLOCK_QUERIES - 1) / BLOCK_QUERIES);
        Gemm.inRanges(n, Math.max(1, (n + chunks - 1) / chunks), (from, to) -> queries(Q, kT, v, mask, scale, output, from, to));
        return output;
    }

    /** Queries {@code [from, to)} of {@link #blocked}, on the calling thread, in blocks of {@link #BLOCK_QUERIES}. */
    private static void queries(DMatrixRMaj q, Gemm.Packed kT, Gemm.Packed v, Mask mask, double scale, DMatrixRMaj output,
                                int from, int to) {
        int keys = kT.m, d = q.numCols, dv = v.m;
        double[] block = new double[Math.min(BLOCK_QUERIES, to - from) * keys];
        for (int b0 = from; b0 < to; b0 += BLOCK_QUERIES) {
            int count = Math.min(BLOCK_QUERIES, to - b0);
            Gemm.multRows(scale, q.data, b0 * d, kT, block, 0, count);
            if (mask != null) mask.applyRows(block, keys, b0, count);
            Softmax.rowRange(block, keys, 0, count);
            Gemm.multRows(1, block, 0, v, output.data, b0 * dv, count);
        }
    }

    /**
     * Attention with every intermediate kept, for reports, plots and {@code explain}.
     *
     * @param queryTokens labels of Q's rows, or null for 0, 1, 2, ...
     * @param keyTokens   labels of K's rows, or null for the query labels when there are as
     *                    many keys as queries, else 0, 1, 2, ...
     */
    public static AttentionResult attentionResult(DMatrixRMaj Q, DMatrixRMaj K, DMatrixRMaj V,
            List<String> queryTokens, List<String> keyTokens, Mask mask, int heads, Double scale) {
        List<String> qLabels = labels(queryTokens, Q.numRows, "Q");
        List<String> kLabels = keyTokens != null ? labels(keyTokens, K.numRows, "K")
                : K.numRows == Q.numRows ? qLabels : labels(null, K.numRows, "K");
        double s = checkAttention(Q, K, V, mask, heads, scale, qLabels);
        return compute(Q, K, V, qLabels, kLabels, 0, mask, heads, s, scale == null);
    }

    /**
     * {@code self_attention(X, W_Q, W_K, W_V, tokens=, mask=, heads=, scale=)}: Q = X·W_Q,
     * K = X·W_K, V = X·W_V, then attention.
     *
     * @param tokens one per row of X, or null for 0, 1, 2, ...
     * @param heads  1 for single-head attention
     * @param scale  null for the default 1/√(d_k/h)
     */
    public static AttentionResult selfAttention(DMatrixRMaj X, DMatrixRMaj W_Q, DMatrixRMaj W_K, DMatrixRMaj W_V,
            List<String> tokens, Mask mask, int heads, Double scale) {
        nonEmpty(X, "X");
        nonEmpty(W_Q, "W_Q");
        nonEmpty(W_K, "W_K");
        nonEmpty(W_V, "W_V");
        projectionFits(X, W_Q, "W_Q");
        projectionFits(X, W_K, "W_K");
        projectionFits(X, W_V, "W_V");
        if (W_Q.numCols != W_K.numCols) {
            throw new NnspecException(
                    "Q·Kᵀ needs W_Q and W_K to have the same number of columns (d_k), but W_Q is "
                            + shape(W_Q) + " and W_K is " + shape(W_K),
                    "give W_K " + W_Q.numCols + " columns, like W_Q");
        }
        List<String> labels = labels(tokens, X.numRows, "X");
        DMatrixRMaj Q = multiply(X, W_Q), K = multiply(X, W_K), V = multiply(X, W_V);
        double s = checkAttention(Q, K, V, mask, heads, scale, labels);
        return compute(Q, K, V, labels, labels, X.numCols, mask, heads, s, scale == null);
    }

    private static AttentionResult compute(DMatrixRMaj Q, DMatrixRMaj K, DMatrixRMaj V, List<String> qLabels,
            List<String> kLabels, int dModel, Mask mask, int heads, double scale, boolean defaultScale) {
        int n = Q.numRows, m = K.numRows;
        DMatrixRMaj output = new DMatrixRMaj(n, V.numCols);
        List<DMatrixRMaj> headScores = new ArrayList<>(heads), headWeights = new ArrayList<>(heads);
        int dk = Q.numCols / heads, dv = V.numCols / heads;
        for (int j = 0; j < heads; j++) {
            DMatrixRMaj q = heads == 1 ? Q : CommonOps_DDRM.extract(Q, 0, n, j * dk, (j + 1) * dk);
            DMatrixRMaj k = heads == 1 ? K : CommonOps_DDRM.extract(K, 0, m, j * dk, (j + 1) * dk);
            DMatrixRMaj v = heads == 1 ? V : CommonOps_DDRM.extract(V, 0, m, j * dv, (j + 1) * dv);
            DMatrixRMaj scores = new DMatrixRMaj(n, m);
            DMatrixRMaj out = heads == 1 ? output : new DMatrixRMaj(n, dv);
            DMatrixRMaj weights = head(q, k, v, mask, scale, scores, out, true);
            headScores.add(scores);
            headWeights.add(weights);
            if (heads > 1) CommonOps_DDRM.insert(out, output, 0, j * dv);
        }
        DMatrixRMaj scores = heads == 1 ? headScores.get(0) : mean(headScores);
        DMatrixRMaj weights = heads == 1 ? headWeights.get(0) : mean(headWeights);
        return new AttentionResult(qLabels, kLabels, dModel, heads, scale, defaultScale, mask,
                Q, K, V, scores, weights, output, headScores, headWeights);
    }

    /**
     * One head: fills {@code scores} with scale·Q·Kᵀ (masked) and {@code output} with
     * softmax(scores)·V, and returns the weights. With {@code keepScores} the weights are a
     * copy; without (attention() needs only the output) the softmax overwrites the scores.
     */
    private static DMatrixRMaj head(DMatrixRMaj q, DMatrixRMaj k, DMatrixRMaj v, Mask mask, double scale,
            DMatrixRMaj scores, DMatrixRMaj output, boolean keepScores) {
        Gemm.productTransB(scale, q, k, scores);
        if (mask != null) mask.apply(scores);
        DMatrixRMaj weights = keepScores ? scores.copy() : scores;
        Softmax.rows(weights);
        Gemm.product(weights, v, output);
        return weights;
    }

    private static DMatrixRMaj multiply(DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numCols);
        Gemm.product(a, b, c);
        return c;
    }

    private static DMatrixRMaj mean(List<DMatrixRMaj> ms) {
        DMatrixRMaj sum = ms.get(0).copy();
        for (int i = 1; i < ms.size(); i++) CommonOps_DDRM.addEquals(sum, ms.get(i));
        CommonOps_DDRM.scale(1.0 / ms.size(), sum);
        return sum;
    }

    /** Checks Q, K, V, mask, heads and scale fit together; returns the scale to apply. */
    static double checkAttention(DMatrixRMaj Q, DMatrixRMaj K, DMatrixRMaj V, Mask mask, int heads, Double scale,
            List<String> queryLabels) {
        nonEmpty(Q, "Q");
        nonEmpty(K, "K");
        nonEmpty(V, "V");
        if (Q.numCols != K.numCols) {
            throw new NnspecException(
                    "Q·Kᵀ needs Q and K to have the same number of columns (d_k), but Q is " + shape(Q)
                            + " and K is " + shape(K),
                    "each query row is compared with each key row by a dot product, so both need d_k columns");
        }
        if (K.numRows != V.numRows) {
            throw new NnspecException(
                    "weights·V needs one row of V per key, but K is " + shape(K) + " (" + K.numRows
                            + " keys) and V is " + shape(V),
                    "K and V come from the same positions: give V " + K.numRows + " rows");
        }
        if (heads < 1) {
            throw new NnspecException("heads must be at least 1, but it is " + heads, "write heads=1 for single-head attention");
        }
        if (Q.numCols % heads != 0) {
            throw new NnspecException(
                    "heads=" + heads + " does not divide d_k=" + Q.numCols + " (Q is " + shape(Q) + ", K is " + shape(K)
                            + "): each head takes d_k/h contiguous columns of Q and K",
                    "choose heads among " + divisors(Q.numCols) + " (the divisors of " + Q.numCols + ")");
        }
        if (V.numCols % heads != 0) {
            throw new NnspecException(
                    "heads=" + heads + " does not divide d_v=" + V.numCols + " (V is " + shape(V)
                            + "): each head takes d_v/h contiguous columns of V",
                    "choose heads among " + divisors(V.numCols) + " (the divisors of " + V.numCols + ")");
        }
        if ((long) Q.numRows * K.numRows > MAX_SCORE_ENTRIES) {
            throw new NnspecException(
                    "attention over " + Q.numRows + " queries and " + K.numRows + " keys needs a "
                            + Q.numRows + "×" + K.numRows + " score matrix, more than nnspec holds (at most "
                            + org.nnspec.render.Numbers.grouped(MAX_SCORE_ENTRIES) + " entries)",
                    "use fewer tokens");
        }
        if (scale != null && !Double.isFinite(scale)) {
            throw new NnspecException("scale must be a finite number, but it is " + scale, "leave scale out for 1/√(d_k/h)");
        }
        if (mask != null) {
            mask.checkFits(Q.numRows, K.numRows);
            int row = mask.firstFullyMaskedRow(Q.numRows, K.numRows);
            if (row >= 0) {
                throw new NnspecException(
                        "query " + (queryLabels == null ? "row " + row : "\"" + queryLabels.get(row) + "\" (row " + row + ")")
                                + " is fully masked: it may attend to no key, and a softmax over no keys "
                                + "is undefined (PyTorch gives NaN for the whole row)",
                        "let every query see at least one key, e.g. itself (a 1 on the mask's diagonal)");
            }
        }
        return scale != null ? scale : 1.0 / Math.sqrt((double) (Q.numCols / heads));
    }

    private static void projectionFits(DMatrixRMaj X, DMatrixRMaj W, String name) {
        if (W.numRows != X.numCols) {
            throw new NnspecException(
                    "X·" + name + " needs " + name + " to have one row per column of X (d_model = " + X.numCols
                            + "), but X is " + shape(X) + " and " + name + " is " + shape(W),
                    "make " + name + " " + X.numCols + "×" + W.numCols + " (d_model × d_" + (name.equals("W_V") ? "v" : "k") + ")");
        }
    }

    private static void nonEmpty(DMatrixRMaj m, String name) {
        if (m.numRows == 0 || m.numCols == 0) {
            throw new NnspecException(name + " is empty (" + shape(m) + ")", "attention needs at least one row and one column");
        }
    }

    static List<String> labels(List<String> tokens, int rows, String matrix) {
        if (tokens == null) {
            List<String> l = new ArrayList<>(rows);
            for (int i = 0; i < rows; i++) l.add(Integer.toString(i));
            return l;
        }
        if (tokens.size() != rows) {
            throw new NnspecException(
                    tokens.size() + " tokens for the " + rows + " rows of " + matrix,
                    "give one token per row of " + matrix + " (" + rows + " tokens)");
        }
        return tokens;
    }

    static String shape(DMatrixRMaj m) { return m.numRows + "×" + m.numCols; }

    private static String divisors(int n) {
        StringBuilder sb = new StringBuilder();
        for (int d = 1; d <= n; d++) {
            if (n % d == 0) sb.append(sb.length() == 0 ? "" : ", ").append(d);
        }
        return sb.toString();
    }
}
