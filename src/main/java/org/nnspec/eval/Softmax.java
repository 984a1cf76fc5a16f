package org.nnspec.eval;

import org.ejml.data.DMatrixRMaj;
import org.nnspec.diag.NnspecException;

/** Numerically stable softmax (subtract the maximum first) along rows or columns. */
final class Softmax {
    private Softmax() {}

    static DMatrixRMaj apply(DMatrixRMaj m, int dim) {
        if (dim != -1 && dim != 0 && dim != 1) throw new NnspecException("softmax dim must be 0, 1 or -1, not " + dim, null);
        DMatrixRMaj out = m.copy();
        if (dim == 0) {
            DMatrixRMaj t = org.ejml.dense.row.CommonOps_DDRM.transpose(out, null);
            rows(t);
            return org.ejml.dense.row.CommonOps_DDRM.transpose(t, null);
        }
        rows(out);
        return out;
    }

    static void rows(DMatrixRMaj m) {
        double[] d = m.data;
        for (int i = 0; i < m.numRows; i++) {
            int start = i * m.numCols, end = start + m.numCols;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = start; k < end; k++) max = Math.max(max, d[k]);
            double sum = 0;
            for (int k = start; k < end; k++) {
                d[k] = Math.exp(d[k] - max);
                sum += d[k];
            }
            for (int k = start; k < end; k++) d[k] /= sum;
        }
    }
}
