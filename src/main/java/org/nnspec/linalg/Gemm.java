package org.nnspec.linalg;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Dense matrix products for the large cases (attention's Q·Kᵀ and weights·V):
 * {@code C = α·A·B} and {@code C = α·A·Bᵀ} on row-major {@link DMatrixRMaj}.
 *
 * <p>How it is fast without the Vector API: the inner loop is
 * {@code acc[j] = acc[j] + x0·b0[j] + x1·b1[j] + x2·b2[j] + x3·b3[j]}, which HotSpot's C2 (JDK 17)
 * compiles to AVX2 instructions, but only when every array in the loop is indexed by the same
 * expression: {@code c[cOff + j] += x·b[bOff + j]} with two different offsets stays scalar
 * (C2 17 does not pack unaligned accesses of one element type, as they might overlap; measured
 * 2 against 8-11 GMAC/s). So each row of B is copied into its own array
 * ({@code packed[p][j] = B[p][j]}), each row of C is accumulated in a scratch array indexed by
 * the same {@code j}, and copied into C when done. Four rows of B per pass: one pass reads and
 * writes the accumulator once for four multiply-adds. Eight rows of B, or two rows of C and
 * four of B, make the loop body larger than C2's unrolling limit ({@code LoopUnrollLimit}) and
 * it is not vectorised at all; two rows of C and two of B are vectorised but measured no faster.
 *
 * <p>Columns of C are blocked so that the block of packed B a pass reads stays in the core's
 * L2 cache while every row of C goes over it; rows of C are split among the common fork-join
 * pool's threads and the calling thread.
 *
 * <p>A fresh process spends most of a large product waiting for C2: see {@link #warmUp}.
 *
 * <p>For each entry of C the products {@code (α·a[i][p])·b[p][j]} are added to 0 in increasing
 * {@code p}, as a naive triple loop adds them, so the results are the same bit for bit. EJML's
 * {@code CommonOps_DDRM.mult} adds in the same order for B with 15 columns or more
 * ({@code mult_reorder}; it starts from the first product instead of 0, which differs only in
 * the sign of a zero sum).
 */
public final class Gemm {
    /**
     * Columns of C in one block: a pass reads {@code 4·COLUMN_BLOCK} doubles of packed B and
     * {@code COLUMN_BLOCK} of the accumulator (measured: 256 against 128, 512, 1024, 2048 on
     * Q·Kᵀ, bench/README.md).
     */
    static final int COLUMN_BLOCK = 256;
    /**
     * Doubles of packed B in one block (rows of B × columns of the block): 128 KiB, a quarter of
     * a Zen 3 core's L2 (measured: 16 Ki against 4, 8, 32 and 64 Ki on weights·V).
     */
    static final int BLOCK_DOUBLES = 1 << 14;
    /** Below this many multiply-adds a product runs on the calling thread. */
    static final long PARALLEL_MACS = 1L << 22;
    /** Calls of {@link #row} before the first large product (see {@link #warmUp}). */
    static final int WARM_UP_CALLS = 2000;

    /**
     * Products with at least this many multiply-adds are worth {@link Gemm} (packing B, a JIT
     * warm-up, threads); {@link #product} leaves smaller ones to EJML.
     */
    public static final long MIN_MACS = 1L << 20;

    private Gemm() {}

    /**
     * {@code C = A·B} for the interpreter: this class for large products, EJML's
     * {@code CommonOps_DDRM.mult} for small ones. Both add the products in the same order, so
     * the numbers do not depend on the size (up to the sign of a zero sum).
     */
    public static void product(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if ((long) a.numRows * a.numCols * b.numCols >= MIN_MACS) mult(1, a, b, c);
        else CommonOps_DDRM.mult(a, b, c);
    }

    /** {@code C = α·A·B}; C must have A's rows and B's columns and must not be A or B. */
    public static void mult(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        check(a, b.numRows, b.numCols, c, b, a.numRows + "×" + a.numCols + " · " + b.numRows + "×" + b.numCols);
        run(alpha, a, pack(b), c);
    }

    /** {@code C = A·B}. */
    public static void mult(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        mult(1, a, b, c);
    }

    /**
     * {@code C = α·A·Bᵀ}, without forming Bᵀ: the same numbers, bit for bit, as
     * {@code mult(α, A, transpose(B), C)}.
     */
    public static void multTransB(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        check(a, b.numCols, b.numRows, c, b, a.numRows + "×" + a.numCols + " · (" + b.numRows + "×" + b.numCols + ")ᵀ");
        run(alpha, a, packTransposed(b), c);
    }

    private static void check(DMatrixRMaj a, int bRows, int bCols, DMatrixRMaj c, DMatrixRMaj b, String what) {
        if (a.numCols != bRows || c.numRows != a.numRows || c.numCols != bCols) {
            throw new IllegalArgumentException("shapes do not fit: " + what + " → " + c.numRows + "×" + c.numCols);
        }
        if (c == a || c == b) throw new IllegalArgumentException("C must not be an operand");
    }

    /**
     * Row p of B as an array of its own, and up to three more rows of zeros (one shared array)
     * so that the rows come in fours.
     */
    private static double[][] pack(DMatrixRMaj b) {
        int k = b.numRows, m = b.numCols;
        double[][] packed = padded(k, m);
        for (int p = 0; p < k; p++) packed[p] = Arrays.copyOfRange(b.data, p * m, p * m + m);
        return packed;
    }

    /** Column p of B as an array of its own (row p of Bᵀ), padded as {@link #pack} does. */
    private static double[][] packTransposed(DMatrixRMaj b) {
        int k = b.numCols, m = b.numRows;
        double[][] packed = padded(k, m);
        for (int p = 0; p < k; p++) packed[p] = new double[m];
        double[] bd = b.data;
        for (int j = 0; j < m; j++) {
            int off = j * k;
            for (int p = 0; p < k; p++) packed[p][j] = bd[off + p];
        }
        return packed;
    }

    /** Room for k rows, then zero rows up to a multiple of 4, and one more: {@link #zeros}. */
    private static double[][] padded(int k, int m) {
        double[][] packed = new double[((k + 3) & ~3) + 1][];
        double[] zeros = new double[m];
        for (int p = k; p < packed.length; p++) packed[p] = zeros;
        return packed;
    }

    /** The row of zeros at the end of packed B. */
    private static double[] zeros(double[][] packed) {
        return packed[packed.length - 1];
    }

    private static void run(double alpha, DMatrixRMaj a, double[][] b, DMatrixRMaj c) {
        int n = a.numRows;
        long macs = (long) n * a.numCols * c.numCols;
        int threads = Runtime.getRuntime().availableProcessors();
        if (macs >= PARALLEL_MACS) warmUp();
        if (macs < PARALLEL_MACS || threads < 2 || n < 2) {
            rows(alpha, a, b, c, 0, n);
            return;
        }
        int chunks = Math.min(n, threads * 4);
        ForkJoinPool.commonPool().invoke(new Rows(alpha, a, b, c, 0, n, Math.max(1, n / chunks)));
    }

    private static final class Rows extends RecursiveAction {
        private final double alpha;
        private final DMatrixRMaj a, c;
        private final double[][] b;
        private final int from, to, grain;

        Rows(double alpha, DMatrixRMaj a, double[][] b, DMatrixRMaj c, int from, int to, int grain) {
            this.alpha = alpha;
            this.a = a;
            this.b = b;
            this.c = c;
            this.from = from;
            this.to = to;
            this.grain = grain;
        }

        @Override
        protected void compute() {
            if (to - from <= grain) {
                rows(alpha, a, b, c, from, to);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Rows(alpha, a, b, c, from, mid, grain), new Rows(alpha, a, b, c, mid, to, grain));
        }
    }

    /** Rows {@code [from, to)} of C = α·A·B, B given as its packed rows. */
    static void rows(double alpha, DMatrixRMaj a, double[][] b, DMatrixRMaj c, int from, int to) {
        int k = a.numCols, m = c.numCols;
        double[] ad = a.data, cd = c.data;
        if (m == 0) return;
        if (k == 0) {
            Arrays.fill(cd, from * m, to * m, 0);
            return;
        }
        double[] acc = new double[m], zeros = zeros(b);
        int jb = Math.min(m, COLUMN_BLOCK);
        int pb = Math.max(4, Math.min(k, BLOCK_DOUBLES / jb) & ~3);
        for (int j0 = 0; j0 < m; j0 += jb) {
            int j1 = Math.min(m, j0 + jb);
            for (int p0 = 0; p0 < k; p0 += pb) {
                int p1 = Math.min(k, p0 + pb);
                for (int i = from; i < to; i++) row(alpha, ad, i * k, b, p0, p1, acc, j0, j1, cd, i * m, zeros);
            }
        }
    }

    /**
     * Columns {@code [j0, j1)} of the row of C at {@code cOff}: adds
     * {@code Σ (α·a[aOff + p])·b[p][j]} for p in [p0, p1) to what C holds (to 0 when p0 is 0),
     * accumulating in {@code acc} (indexed like C's columns), four rows of B per pass. When
     * p1 - p0 is not a multiple of 4 the last pass adds {@code 0·0} for the missing rows (B's
     * zero padding), which changes no sum: it is never -0 (it starts at +0, and x + y is -0
     * only if both are), and NaN and ±inf stay as they are.
     *
     * <p>A method of its own, called once per row and block, so that the JIT compiles it
     * after a few thousand calls (see {@link #warmUp}), and one loop: C2's compilation time is
     * what a fresh process waits for.
     */
    private static void row(double alpha, double[] ad, int aOff, double[][] b, int p0, int p1, double[] acc,
            int j0, int j1, double[] cd, int cOff, double[] zeros) {
        if (p0 == 0) System.arraycopy(zeros, j0, acc, j0, j1 - j0);
        else System.arraycopy(cd, cOff + j0, acc, j0, j1 - j0);
        for (int p = p0; p < p1; p += 4) {
            double x0 = alpha * ad[aOff + p];
            double x1 = p + 1 < p1 ? alpha * ad[aOff + p + 1] : 0;
            double x2 = p + 2 < p1 ? alpha * ad[aOff + p + 2] : 0;
            double x3 = p + 3 < p1 ? alpha * ad[aOff + p + 3] : 0;
            double[] b0 = b[p], b1 = b[p + 1], b2 = b[p + 2], b3 = b[p + 3];
            // every array indexed by the same j, so that C2 vectorises the loop
            for (int j = j0; j < j1; j++) acc[j] = acc[j] + x0 * b0[j] + x1 * b1[j] + x2 * b2[j] + x3 * b3[j];
        }
        System.arraycopy(acc, j0, cd, cOff + j0, j1 - j0);
    }

    private static volatile boolean warm;

    /**
     * Calls {@link #row} a couple of thousand times on a tiny product before the first large
     * one, so that the JIT starts compiling it (C2, vectorised: about 20 ms on an idle core)
     * while the large product begins, in slow profiled C1 code (0.7 GMAC/s against 5-10).
     * Without this, the first calls, each a long loop, make HotSpot compile an on-stack
     * replacement of the loop first and the method only after it, two C2 compilations one after
     * the other. Each warm-up call makes about 50 loop iterations: few enough that the
     * method compilation is asked for (at 600 calls and 15000 calls + iterations) before the
     * on-stack replacement (at 40000 iterations), with room for the thresholds' scaling when
     * the compile queue is busy. The calls take both branches of {@code row} (first block of B
     * or a later one, a last pass of four rows or fewer) so that the compiled code does not
     * deoptimise on the first real product.
     */
    static void warmUp() {
        if (warm) return;
        warm = true;
        int k = 9, m = 32;
        DMatrixRMaj b = new DMatrixRMaj(k, m);
        double[][] packed = pack(b);
        double[] ad = new double[k], acc = new double[m], cd = new double[m], zeros = zeros(packed);
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            int p0 = (i & 1) * 4, p1 = p0 + 4 + ((i >> 1) & 1);
            row(1, ad, 0, packed, p0, p1, acc, 0, m, cd, 0, zeros);
        }
    }
}
