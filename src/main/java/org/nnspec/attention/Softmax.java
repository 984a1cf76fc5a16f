package org.nnspec.attention;

import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.DMatrixRMaj;

/**
 * Numerically stable softmax on a {@link DMatrixRMaj}, in place: along each row ({@code dim=-1},
 * what attention uses) or down each column ({@code dim=0}). The row's maximum is subtracted
 * before exponentiating, so {@code [1000, 0]} gives {@code [1, 0]} instead of overflowing.
 * No memory is allocated per row or column.
 *
 * <p>A row that is entirely {@code -inf} (a fully masked query) has no defined softmax:
 * {@code exp(-inf - -inf)} is {@code 0/0}. PyTorch's {@code torch.softmax} returns NaN for every
 * entry of such a row, and so does this class, but it also counts those rows and returns the
 * count, so that callers can turn a silent NaN into a diagnostic. NaN inputs propagate as in
 * PyTorch and are not counted.
 */
public final class Softmax {
    /** Below this many entries the row loop runs on the calling thread (forking costs more). */
    static final int PARALLEL_THRESHOLD = 1 << 16;

    private Softmax() {}

    /**
     * Softmax of each row in place. A large matrix's rows are split among EJML's threads, each
     * row computed whole by one of them, so the numbers do not depend on the threads.
     *
     * @return the number of rows that were entirely {@code -inf} (now all NaN)
     */
    public static int rows(DMatrixRMaj m) {
        int cols = m.numCols;
        if (cols == 0 || m.numRows == 0) return 0;
        if ((long) m.numRows * cols < PARALLEL_THRESHOLD || !EjmlConcurrency.isUseConcurrent()) {
            return rowRange(m.data, cols, 0, m.numRows);
        }
        int[] undefined = new int[1];
        EjmlConcurrency.loopBlocks(0, m.numRows, (start, end) -> {
            int n = rowRange(m.data, cols, start, end);
            if (n > 0) {
                synchronized (undefined) { undefined[0] += n; }
            }
        });
        return undefined[0];
    }

    /** Softmax of rows {@code [start, end)} of a row-major array with {@code cols} columns. */
    static int rowRange(double[] data, int cols, int start, int end) {
        int undefined = 0;
        for (int r = start; r < end; r++) {
            if (row(data, r * cols, r * cols + cols)) undefined++;
        }
        return undefined;
    }

    /**
     * Softmax of {@code data[from, to)} in place; true when it was entirely {@code -inf} (now
     * NaN).
     */
    private static boolean row(double[] data, int from, int to) {
        // Math.max propagates NaN, as torch.softmax does
        double max = Double.NEGATIVE_INFINITY;
        for (int j = from; j < to; j++) max = Math.max(max, data[j]);
        if (max == Double.NEGATIVE_INFINITY) {
            for (int j = from; j < to; j++) data[j] = Double.NaN;
            return true;
        }
        double sum = 0;
        for (int j = from; j < to; j++) {
            double e = Math.exp(data[j] - max);
            data[j] = e;
            sum += e;
        }
        double inv = 1.0 / sum;
        for (int j = from; j < to; j++) data[j] *= inv;
        return false;
    }

    /**
     * Softmax of each column in place ({@code dim=0}). Walks the matrix row by row (three
     * passes) so memory is read in order; needs one scratch array of {@code numCols} doubles per
     * call for the column maxima and sums, none per column.
     *
     * @return the number of columns that were entirely {@code -inf} (now all NaN)
     */
    public static int columns(DMatrixRMaj m) {
        int rows = m.numRows, cols = m.numCols;
        if (rows == 0 || cols == 0) return 0;
        double[] data = m.data;
        double[] acc = new double[cols];
        java.util.Arrays.fill(acc, Double.NEGATIVE_INFINITY);
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) acc[c] = Math.max(acc[c], data[base + c]);
        }
        int undefined = 0;
        for (int c = 0; c < cols; c++) {
            if (acc[c] == Double.NEGATIVE_INFINITY) undefined++;
        }
        // acc holds the maxima; exponentiate, then reuse it for the sums column by column
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                data[base + c] = acc[c] == Double.NEGATIVE_INFINITY ? Double.NaN : Math.exp(data[base + c] - acc[c]);
            }
        }
        java.util.Arrays.fill(acc, 0);
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) acc[c] += data[base + c];
        }
        for (int c = 0; c < cols; c++) acc[c] = 1.0 / acc[c];
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) data[base + c] *= acc[c];
        }
        return undefined;
    }
}
