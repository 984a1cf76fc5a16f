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
 * (as far as we can tell, C2 17 does not pack accesses of one element type whose alignments
 * may differ, as they might overlap), several times slower. So each row of B is copied into its own array
 * ({@code packed[p][j] = B[p][j]}), each row of C is accumulated in a scratch array indexed by
 * the same {@code j}, and copied into C when done. Four rows of B per pass: one pass reads and
 * writes the accumulator once for four multiply-adds. Eight rows of B, or two rows of C and
 * four of B, make the loop body larger than C2's unrolling limit ({@code LoopUnrollLimit}) and
 * it is not vectorised at all; two rows of C and two of B are vectorised but were no faster
 * (bench/README.md has the measurements).
 *
 * <p>Columns of C are blocked so that the block of packed B a pass reads stays in the core's
 * L2 cache while every row of C goes over it; rows of C are split among the common fork-join
 * pool's threads and the calling thread.
 *
 * <p>For each entry of C the products {@code (α·a[i][p])·b[p][j]} are added to 0 in increasing
 * {@code p}, as a naive triple loop adds them, so the results are the same bit for bit. EJML's
 * {@code CommonOps_DDRM.mult} adds in the same order for B with 15 columns or more
 * ({@code mult_reorder}; it starts from the first product instead of 0, which differs only in
 * the sign of a zero sum). Each row of C is computed whole by one thread, so neither the
 * number of processors nor the threads' scheduling changes any result.
 */
public final class Gemm {
    /**
     * Columns of C in one block: a pass reads {@code 4·COLUMN_BLOCK} doubles of packed B and
     * {@code COLUMN_BLOCK} of the accumulator (the fastest of the sizes tried on Q·Kᵀ,
     * bench/README.md).
     */
    static final int COLUMN_BLOCK = 256;
    /**
     * Doubles of packed B in one block (rows of B × columns of the block): 128 KiB, a quarter of
     * a typical core's L2 cache (the fastest of the sizes tried on weights·V, bench/README.md).
     */
    static final int BLOCK_DOUBLES = 1 << 14;
    /** Below this many multiply-adds a product runs on the calling thread. */
    static final long PARALLEL_MACS = 1L << 22;
    /**
     * Products with at least this many multiply-adds are worth {@link Gemm} (copying B into
     * rows of its own, threads); {@link #product} leaves smaller ones to EJML.
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

    /**
     * {@code C = α·A·Bᵀ} in the same way: {@link #multTransB} for large products, EJML's
     * {@code CommonOps_DDRM.mult} on a transposed B for small ones.
     */
    public static void productTransB(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        if ((long) a.numRows * a.numCols * b.numRows >= MIN_MACS) multTransB(alpha, a, b, c);
        else CommonOps_DDRM.mult(alpha, a, CommonOps_DDRM.transpose(b, null), c);
    }

    /** {@code C = α·A·B}; C must have A's rows and B's columns and must not be A or B. */
    public static void mult(double alpha, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        check(a, b.numRows, b.numCols, c, b, a.numRows + "×" + a.numCols + " · " + b.numRows + "×" + b.numCols);
        run(alpha, a, packed(b), c);
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
        run(alpha, a, packedTransposed(b), c);
    }

    private static void check(DMatrixRMaj a, int bRows, int bCols, DMatrixRMaj c, DMatrixRMaj b, String what) {
        if (a.numCols != bRows || c.numRows != a.numRows || c.numCols != bCols) {
            throw new IllegalArgumentException("shapes do not fit: " + what + " → " + c.numRows + "×" + c.numCols);
        }
        if (c == a || c == b) throw new IllegalArgumentException("C must not be an operand");
    }

    /**
     * The right operand of products, prepared: its k rows as arrays of their own, then up to
     * three rows of zeros (one shared array, also the last element) so that they come in fours.
     */
    public static final class Packed {
        final double[][] rows;
        /** Rows (the products' inner dimension) and columns. */
        public final int k, m;

        private Packed(int k, int m) {
            this.k = k;
            this.m = m;
            rows = new double[((k + 3) & ~3) + 1][];
            double[] zeros = new double[m];
            for (int p = k; p < rows.length; p++) rows[p] = zeros;
        }

        double[] zeros() {
            return rows[rows.length - 1];
        }
    }

    /** B, for {@code α·A·B}. */
    public static Packed packed(DMatrixRMaj b) {
        int k = b.numRows, m = b.numCols;
        Packed packed = new Packed(k, m);
        for (int p = 0; p < k; p++) packed.rows[p] = Arrays.copyOfRange(b.data, p * m, p * m + m);
        return packed;
    }

    /** Bᵀ, for {@code α·A·Bᵀ}: column p of B as an array of its own. */
    public static Packed packedTransposed(DMatrixRMaj b) {
        int k = b.numCols, m = b.numRows;
        Packed packed = new Packed(k, m);
        for (int p = 0; p < k; p++) packed.rows[p] = new double[m];
        double[] bd = b.data;
        for (int j = 0; j < m; j++) {
            int off = j * k;
            for (int p = 0; p < k; p++) packed.rows[p][j] = bd[off + p];
        }
        return packed;
    }

    private static void run(double alpha, DMatrixRMaj a, Packed b, DMatrixRMaj c) {
        int n = a.numRows;
        long macs = (long) n * a.numCols * c.numCols;
        int threads = Runtime.getRuntime().availableProcessors();
        if (macs < PARALLEL_MACS || threads < 2 || n < 2) {
            multRows(alpha, a.data, 0, b, c.data, 0, n);
            return;
        }
        int chunks = Math.min(n, threads * 4);
        inRanges(n, Math.max(1, n / chunks), (from, to) -> multRows(alpha, a.data, from * b.k, b, c.data, from * b.m, to - from));
    }

    /** Work on the rows {@code [from, to)} of a result, for {@link #inRanges}. */
    @FunctionalInterface
    public interface RowRange {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over the rows {@code [0, n)}, split in halves down to at most
     * {@code grain} rows, on the calling thread and the common fork-join pool's threads (on
     * the calling thread alone when {@code n <= grain}).
     */
    public static void inRanges(int n, int grain, RowRange body) {
        if (n <= grain) body.run(0, n);
        else ForkJoinPool.commonPool().invoke(new Ranges(body, 0, n, grain));
    }

    private static final class Ranges extends RecursiveAction {
        private final RowRange body;
        private final int from, to, grain;

        Ranges(RowRange body, int from, int to, int grain) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.grain = grain;
        }

        @Override
        protected void compute() {
            if (to - from <= grain) {
                body.run(from, to);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Ranges(body, from, mid, grain), new Ranges(body, mid, to, grain));
        }
    }

    /**
     * {@code count} rows of {@code C = α·A·B} on the calling thread: the rows of A (b.k
     * doubles each) start at {@code a[aOff]}, those of C (b.m doubles each) at {@code c[cOff]}.
     * For callers that split the work themselves (attention goes through blocks of queries).
     */
    public static void multRows(double alpha, double[] a, int aOff, Packed b, double[] c, int cOff, int count) {
        int k = b.k, m = b.m;
        if (m == 0 || count == 0) return;
        if (k == 0) {
            Arrays.fill(c, cOff, cOff + count * m, 0);
            return;
        }
        double[] acc = new double[m], xs = new double[(k + 3) & ~3];
        int jb = Math.min(m, COLUMN_BLOCK);
        int pb = Math.max(4, Math.min(k, BLOCK_DOUBLES / jb) & ~3);
        for (int j0 = 0; j0 < m; j0 += jb) {
            int j1 = Math.min(m, j0 + jb);
            for (int p0 = 0; p0 < k; p0 += pb) {
                int p1 = Math.min(k, p0 + pb);
                for (int i = 0; i < count; i++) {
                    row(alpha, a, aOff + i * k, xs, b.rows, p0, p1, acc, j0, j1, c, cOff + i * m, b.zeros());
                }
            }
        }
    }

    /**
     * Columns {@code [j0, j1)} of the row of C at {@code cOff}: adds
     * {@code Σ (α·a[aOff + p])·b[p][j]} for p in [p0, p1) to what C holds (to 0 when p0 is 0),
     * accumulating in {@code acc} (indexed like C's columns), four rows of B per pass. The
     * factors {@code α·a[aOff + p]} go to {@code xs[p]} first, whose length is a multiple of 4
     * with zeros after A's k columns: when p1 - p0 is not a multiple of 4 the last pass adds
     * {@code 0·0} for the missing rows (B's zero padding), which changes no sum (it is never -0:
     * it starts at +0, and x + y is -0 only if both are; NaN and ±inf stay as they are). A
     * conditional read of A there instead made C2 hoist A's bounds check out of the loop on the
     * strength of the profile, which failed on A's last row and deoptimised the method.
     */
    private static void row(double alpha, double[] ad, int aOff, double[] xs, double[][] b, int p0, int p1,
            double[] acc, int j0, int j1, double[] cd, int cOff, double[] zeros) {
        for (int p = p0; p < p1; p++) xs[p] = alpha * ad[aOff + p];
        if (p0 == 0) System.arraycopy(zeros, j0, acc, j0, j1 - j0);
        else System.arraycopy(cd, cOff + j0, acc, j0, j1 - j0);
        for (int p = p0; p < p1; p += 4) {
            double x0 = xs[p], x1 = xs[p + 1], x2 = xs[p + 2], x3 = xs[p + 3];
            double[] b0 = b[p], b1 = b[p + 1], b2 = b[p + 2], b3 = b[p + 3];
            // every array indexed by the same j, so that C2 vectorises the loop
            for (int j = j0; j < j1; j++) acc[j] = acc[j] + x0 * b0[j] + x1 * b1[j] + x2 * b2[j] + x3 * b3[j];
        }
        System.arraycopy(acc, j0, cd, cOff + j0, j1 - j0);
    }
}
