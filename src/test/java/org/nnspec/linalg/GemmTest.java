package org.nnspec.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * {@link Gemm} against a naive triple loop written here: the products are added in the same
 * order ({@code s = 0; s += (α·a[i][p])·b[p][j]} for increasing p), so the results must be the
 * same bit for bit, NaN and infinities included. The shapes are odd on purpose: empty, 1×1,
 * and sizes that are not multiples of the column block (256), of the rows of B per block, of
 * the four rows of B per pass, and large enough for the parallel path.
 */
class GemmTest {
    /** C = α·A·B, the textbook way. */
    private static DMatrixRMaj naive(double alpha, DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numCols);
        for (int i = 0; i < a.numRows; i++) {
            for (int j = 0; j < b.numCols; j++) {
                double s = 0;
                for (int p = 0; p < a.numCols; p++) s += (alpha * a.get(i, p)) * b.get(p, j);
                c.set(i, j, s);
            }
        }
        return c;
    }

    private static DMatrixRMaj random(int rows, int cols, long seed) {
        Random r = new Random(seed);
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) m.data[i] = r.nextGaussian();
        return m;
    }

    private static DMatrixRMaj transpose(DMatrixRMaj m) {
        return CommonOps_DDRM.transpose(m, null);
    }

    /** Checks mult and multTransB on A (n×k) and B (k×m) against the naive loop. */
    private static void check(double alpha, DMatrixRMaj a, DMatrixRMaj b) {
        DMatrixRMaj expected = naive(alpha, a, b);
        String shape = a.numRows + "×" + a.numCols + " · " + b.numRows + "×" + b.numCols + ", α = " + alpha;

        DMatrixRMaj c = new DMatrixRMaj(a.numRows, b.numCols);
        java.util.Arrays.fill(c.data, 42); // whatever C held must not leak into the result
        Gemm.mult(alpha, a, b, c);
        assertArrayEquals(expected.data, c.data, "mult " + shape);

        DMatrixRMaj ct = new DMatrixRMaj(a.numRows, b.numCols);
        java.util.Arrays.fill(ct.data, -7);
        Gemm.multTransB(alpha, a, transpose(b), ct);
        assertArrayEquals(expected.data, ct.data, "multTransB " + shape);
    }

    @Test void oneByOne() {
        DMatrixRMaj a = new DMatrixRMaj(1, 1, true, 3), b = new DMatrixRMaj(1, 1, true, -0.5);
        DMatrixRMaj c = new DMatrixRMaj(1, 1);
        Gemm.mult(a, b, c);
        assertEquals(-1.5, c.get(0, 0));
        check(1, a, b);
        check(0.25, a, b);
    }

    @Test void smallOddShapes() {
        check(1, random(3, 5, 1), random(5, 7, 2));
        check(-2.5, random(3, 5, 3), random(5, 7, 4));
        check(1, random(7, 1, 5), random(1, 9, 6)); // an outer product: one row of B, no pass of four
        check(1, random(2, 3, 7), random(3, 1, 8)); // one column
        check(1, random(4, 6, 9), random(6, 4, 10)); // four rows of B and a tail of two
    }

    @Test void emptyShapes() {
        check(1, random(0, 5, 1), random(5, 7, 2));
        check(1, random(3, 5, 1), random(5, 0, 2));
        // no inner dimension: every entry is an empty sum, 0
        DMatrixRMaj c = new DMatrixRMaj(3, 7);
        java.util.Arrays.fill(c.data, 42);
        Gemm.mult(random(3, 0, 1), random(0, 7, 2), c);
        assertArrayEquals(new double[21], c.data);
        check(1, random(3, 0, 1), random(0, 7, 2));
    }

    @Test void largerThanTheBlocksAndParallel() {
        // 1031 columns: four column blocks of 256 and one of 7; 65 rows of B: a block of 64 and
        // one of 1 (a tail without a pass of four); 513·65·1031 multiply-adds: the parallel path
        DMatrixRMaj a = random(513, 65, 11), b = random(65, 1031, 12);
        assertTrue((long) 513 * 65 * 1031 >= Gemm.PARALLEL_MACS);
        check(1, a, b);
        check(0.125, a, b);
        // few columns and a long inner dimension (weights·V): blocks of 256 rows of B, 1001 = 3·256 + 233
        check(1, random(300, 1001, 13), random(1001, 64, 14));
        // more columns than one block but fewer rows than threads × 4
        check(1.5, random(3, 33, 15), random(33, 600, 16));
    }

    @Test void stillExactOnceTheJitHasCompiledIt() {
        // the kernel runs interpreted, then in C1, then vectorised by C2 (after a few thousand
        // calls): the same numbers in each
        DMatrixRMaj a = random(64, 67, 17), b = random(67, 700, 18);
        DMatrixRMaj expected = naive(0.5, a, b), c = new DMatrixRMaj(64, 700), bt = transpose(b);
        for (int run = 0; run < 60; run++) {
            Gemm.mult(0.5, a, b, c);
            assertArrayEquals(expected.data, c.data, "mult, run " + run);
            Gemm.multTransB(0.5, a, bt, c);
            assertArrayEquals(expected.data, c.data, "multTransB, run " + run);
        }
    }

    @Test void agreesWithEjmlBitForBit() {
        // EJML's mult (mult_reorder, for B with 15 columns or more) adds in the same order
        DMatrixRMaj a = random(200, 64, 21), b = random(64, 300, 22);
        DMatrixRMaj ejml = new DMatrixRMaj(200, 300), gemm = new DMatrixRMaj(200, 300);
        CommonOps_DDRM.mult(0.125, a, b, ejml);
        Gemm.mult(0.125, a, b, gemm);
        assertArrayEquals(ejml.data, gemm.data);
        Gemm.multTransB(0.125, a, transpose(b), gemm);
        assertArrayEquals(ejml.data, gemm.data);
    }

    @Test void nanAndInfinitiesPropagate() {
        DMatrixRMaj a = random(9, 13, 31), b = random(13, 600, 32);
        a.set(2, 3, Double.NaN);               // row 2 of C: NaN everywhere
        a.set(5, 0, Double.POSITIVE_INFINITY); // row 5: ±inf, or NaN where b[0][j] is 0
        b.set(0, 7, 0);                        //   inf·0 = NaN in column 7
        b.set(4, 11, Double.NEGATIVE_INFINITY); // column 11: -inf, or NaN where a row has inf too
        a.set(6, 4, 0);                        //   0·-inf = NaN at (6, 11)
        check(1, a, b);
        check(-3, a, b);
        DMatrixRMaj c = new DMatrixRMaj(9, 600);
        Gemm.mult(a, b, c);
        assertTrue(Double.isNaN(c.get(2, 100)));
        assertTrue(Double.isNaN(c.get(5, 7)));
        assertTrue(Double.isInfinite(c.get(5, 8)));
        assertTrue(Double.isNaN(c.get(6, 11)));
        assertEquals(Double.NEGATIVE_INFINITY * Math.signum(a.get(0, 4)), c.get(0, 11));
    }

    @Test void shapesMustFit() {
        assertThrows(IllegalArgumentException.class, () -> Gemm.mult(random(2, 3, 1), random(4, 5, 2), new DMatrixRMaj(2, 5)));
        assertThrows(IllegalArgumentException.class, () -> Gemm.mult(random(2, 3, 1), random(3, 5, 2), new DMatrixRMaj(2, 4)));
        assertThrows(IllegalArgumentException.class, () -> Gemm.multTransB(1, random(2, 3, 1), random(3, 5, 2), new DMatrixRMaj(2, 5)));
        DMatrixRMaj square = random(4, 4, 3);
        assertThrows(IllegalArgumentException.class, () -> Gemm.mult(square, random(4, 4, 4), square));
    }
}
