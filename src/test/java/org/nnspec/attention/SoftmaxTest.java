package org.nnspec.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** Softmax values worked by hand, stability at ±1000, and fully masked rows (torch: NaN). */
class SoftmaxTest {
    static final double NEG = Double.NEGATIVE_INFINITY;

    @Test
    void rowOfLogarithms() {
        // exp of [ln1, ln2, ln7] = [1, 2, 7], sum 10
        DMatrixRMaj m = new DMatrixRMaj(new double[][] {{0, Math.log(2), Math.log(7)}});
        assertEquals(0, Softmax.rows(m));
        assertEquals(0.1, m.get(0, 0), 1e-15);
        assertEquals(0.2, m.get(0, 1), 1e-15);
        assertEquals(0.7, m.get(0, 2), 1e-15);
    }

    @Test
    void extremeScoresDoNotOverflow() {
        // naive exp(1000) = inf and inf/inf = NaN; after subtracting the max: exp(0) = 1, exp(-2000) = 0
        DMatrixRMaj m = new DMatrixRMaj(new double[][] {{1000, -1000}, {1000, 1000}, {-1000, -1000 + Math.log(3)}});
        Softmax.rows(m);
        assertEquals(1, m.get(0, 0), 0);
        assertEquals(0, m.get(0, 1), 0);
        assertEquals(0.5, m.get(1, 0), 0);  // equal scores share equally
        assertEquals(0.25, m.get(2, 0), 1e-12); // exp [0, ln3] relative = [1, 3]
        assertEquals(0.75, m.get(2, 1), 1e-12);
    }

    @Test
    void maskedEntriesGetZeroAndFullyMaskedRowsAreNaNAndCounted() {
        DMatrixRMaj m = new DMatrixRMaj(new double[][] {{0, NEG, 0}, {NEG, NEG, NEG}, {NEG, 5, NEG}});
        assertEquals(1, Softmax.rows(m)); // one row with no finite entry
        assertEquals(0.5, m.get(0, 0), 0);
        assertEquals(0, m.get(0, 1), 0);
        for (int j = 0; j < 3; j++) assertTrue(Double.isNaN(m.get(1, j))); // torch.softmax gives NaN here too
        assertEquals(1, m.get(2, 1), 0);
    }

    @Test
    void columns() {
        // dim=0: column 0 is exp [0, ln3] → [1/4, 3/4]; column 1 is [ln3, 0] → [3/4, 1/4]; column 2 all -inf
        DMatrixRMaj m = new DMatrixRMaj(new double[][] {{0, Math.log(3), NEG}, {Math.log(3), 0, NEG}});
        assertEquals(1, Softmax.columns(m));
        assertEquals(0.25, m.get(0, 0), 1e-15);
        assertEquals(0.75, m.get(1, 0), 1e-15);
        assertEquals(0.75, m.get(0, 1), 1e-15);
        assertEquals(0.25, m.get(1, 1), 1e-15);
        assertTrue(Double.isNaN(m.get(0, 2)));
    }

    @Test
    void largeMatrixTakesTheParallelPathRowByRow() {
        // 1024 rows × 128 columns (above the parallel threshold); entry j of every row is
        // ln(j+1) + 500·r, so its softmax is (j+1)/Σ(1..128) = (j+1)/8256 in every row
        int rows = 1024, cols = 128;
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) m.set(r, j, Math.log(j + 1) + 500.0 * r);
        }
        m.set(rows - 1, 0, NEG);
        assertTrue((long) rows * cols >= Softmax.PARALLEL_THRESHOLD);
        assertEquals(0, Softmax.rows(m));
        for (int r = 0; r < rows - 1; r++) {
            // relative 1e-10: ln(j+1) + 500·r rounds to about 1e-16·5e5 in the score
            for (int j = 0; j < cols; j++) assertEquals((j + 1) / 8256.0, m.get(r, j), 1e-10 * (j + 1) / 8256.0, "[" + r + ", " + j + "]");
        }
        // last row lost key 0 (weight 1): the rest share Σ(2..128) = 8255
        assertEquals(0, m.get(rows - 1, 0), 0);
        assertEquals(128 / 8255.0, m.get(rows - 1, 127), 1e-10);
    }

    @Test
    void emptyMatrixIsFine() {
        assertEquals(0, Softmax.rows(new DMatrixRMaj(0, 3)));
        assertEquals(0, Softmax.columns(new DMatrixRMaj(3, 0)));
    }
}
