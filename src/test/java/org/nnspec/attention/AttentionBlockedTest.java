package org.nnspec.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * attention() on large inputs goes through blocks of queries, without the queries × keys
 * matrix; attentionResult() (for reports) computes the whole matrices. Their outputs must be
 * the same bit for bit, and close to a naive computation written here.
 */
class AttentionBlockedTest {
    private static DMatrixRMaj random(int rows, int cols, long seed) {
        Random r = new Random(seed);
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) m.data[i] = r.nextGaussian();
        return m;
    }

    /** softmax(Q·Kᵀ·scale, masked)·V, entry by entry. */
    private static DMatrixRMaj naive(DMatrixRMaj q, DMatrixRMaj k, DMatrixRMaj v, Mask mask, double scale) {
        int n = q.numRows, m = k.numRows;
        DMatrixRMaj out = new DMatrixRMaj(n, v.numCols);
        double[] w = new double[m];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                double s = 0;
                for (int p = 0; p < q.numCols; p++) s += q.get(i, p) * k.get(j, p);
                w[j] = mask == null || mask.allows(i, j) ? s * scale : Double.NEGATIVE_INFINITY;
                max = Math.max(max, w[j]);
            }
            double sum = 0;
            for (int j = 0; j < m; j++) sum += w[j] = Math.exp(w[j] - max);
            for (int c = 0; c < v.numCols; c++) {
                double o = 0;
                for (int j = 0; j < m; j++) o += w[j] / sum * v.get(j, c);
                out.set(i, c, o);
            }
        }
        return out;
    }

    private static void check(DMatrixRMaj q, DMatrixRMaj k, DMatrixRMaj v, Mask mask, Double scale) {
        assertTrue((long) q.numRows * q.numCols * k.numRows >= Attention.BLOCKED_MACS, "large enough for the blocks");
        DMatrixRMaj blocked = Attention.attention(q, k, v, mask, scale);
        DMatrixRMaj whole = Attention.attentionResult(q, k, v, null, null, mask, 1, scale).output();
        assertArrayEquals(whole.data, blocked.data);
        double s = scale != null ? scale : 1 / Math.sqrt(q.numCols);
        DMatrixRMaj expected = naive(q, k, v, mask, s);
        for (int i = 0; i < expected.data.length; i++) {
            assertEquals(expected.data[i], blocked.data[i], 1e-12 * Math.max(1, Math.abs(expected.data[i])), "entry " + i);
        }
    }

    @Test void oddShapes() {
        // 300 queries: 9 blocks of 32 and one of 12; 517 keys: 2 column blocks of 256 and one of 5
        check(random(300, 24, 1), random(517, 24, 2), random(517, 19, 3), null, null);
    }

    @Test void causalMaskAndScale() {
        DMatrixRMaj x = random(333, 40, 4);
        check(x, x, x, Mask.causal(), 0.3);
    }

    @Test void matrixMask() {
        int n = 260, m = 301;
        Random r = new Random(5);
        DMatrixRMaj allowed = new DMatrixRMaj(n, m);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) allowed.set(i, j, r.nextInt(3) == 0 ? 0 : 1);
            allowed.set(i, r.nextInt(m), 1);
        }
        check(random(n, 16, 6), random(m, 16, 7), random(m, 33, 8), Mask.of(allowed), null);
    }

    @Test void largeEnoughForTheJitToCompileTheKernelsMidway() {
        // long enough that the kernels start interpreted and finish compiled: the same numbers
        DMatrixRMaj x = random(1024, 64, 9);
        DMatrixRMaj blocked = Attention.attention(x, x, x, null, null);
        DMatrixRMaj whole = Attention.attentionResult(x, x, x, null, null, null, 1, null).output();
        assertArrayEquals(whole.data, blocked.data);
    }
}
