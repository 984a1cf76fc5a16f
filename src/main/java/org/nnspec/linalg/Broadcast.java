package org.nnspec.linalg;

import java.util.function.DoubleBinaryOperator;
import org.ejml.data.DMatrixRMaj;
import org.nnspec.diag.NnspecException;

/**
 * numpy broadcasting for two-dimensional matrices: each dimension of the two operands must be
 * equal or 1, and a dimension of 1 is stretched to match the other.
 */
public final class Broadcast {
    private Broadcast() {}

    /** The rows and columns of the broadcast result, or an error naming both shapes. */
    public static int[] resultShape(DMatrixRMaj a, DMatrixRMaj b, String op) {
        int rows = dim(a.numRows, b.numRows);
        int cols = dim(a.numCols, b.numCols);
        if (rows < 0 || cols < 0) {
            throw new NnspecException(
                    "cannot broadcast " + a.numRows + "×" + a.numCols + " and " + b.numRows + "×"
                            + b.numCols + " for '" + op + "'",
                    "each dimension must be equal, or 1 in one of the operands");
        }
        return new int[] {rows, cols};
    }

    private static int dim(int x, int y) {
        if (x == y) return x;
        if (x == 1) return y;
        if (y == 1) return x;
        return -1;
    }

    /** {@code f(a, b)} elementwise with broadcasting, into a new matrix. */
    public static DMatrixRMaj apply(DMatrixRMaj a, DMatrixRMaj b, String op, DoubleBinaryOperator f) {
        int[] shape = resultShape(a, b, op);
        DMatrixRMaj out = new DMatrixRMaj(shape[0], shape[1]);
        int rows = shape[0], cols = shape[1];
        boolean aRow = a.numRows == 1, aCol = a.numCols == 1, bRow = b.numRows == 1, bCol = b.numCols == 1;
        double[] ad = a.data, bd = b.data, od = out.data;
        for (int i = 0; i < rows; i++) {
            int ai = aRow ? 0 : i * a.numCols;
            int bi = bRow ? 0 : i * b.numCols;
            int oi = i * cols;
            for (int j = 0; j < cols; j++) {
                od[oi + j] = f.applyAsDouble(ad[ai + (aCol ? 0 : j)], bd[bi + (bCol ? 0 : j)]);
            }
        }
        return out;
    }

    /**
     * Sums {@code grad} (of the broadcast shape) down to {@code rows × cols}: the adjoint of
     * broadcasting, used by reverse-mode differentiation.
     */
    public static DMatrixRMaj reduceTo(DMatrixRMaj grad, int rows, int cols) {
        if (grad.numRows == rows && grad.numCols == cols) return grad.copy();
        DMatrixRMaj out = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < grad.numRows; i++) {
            int oi = rows == 1 ? 0 : i;
            for (int j = 0; j < grad.numCols; j++) {
                int oj = cols == 1 ? 0 : j;
                out.data[oi * cols + oj] += grad.data[i * grad.numCols + j];
            }
        }
        return out;
    }
}
