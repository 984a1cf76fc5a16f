package org.nnspec.autodiff;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.nnspec.diag.NnspecException;

/**
 * The built-ins that combine the entries of a matrix: {@code sum}, {@code mean}, {@code max},
 * {@code min}, {@code norm} and {@code softmax}, plus the elementwise two-argument
 * {@code max(a, b)} and {@code min(a, b)}. Gradients follow PyTorch: a full {@code max}
 * shares its gradient evenly among tied maxima ({@code torch.max()}), {@code max(a, b)} splits
 * it in half on a tie ({@code torch.maximum}), the norm of a zero vector has gradient 0.
 */
public final class Reductions {
    private Reductions() {}

    /** The sum of all entries (a scalar is its own sum). */
    public static Node sum(Node x) {
        if (x.isScalar()) return x;
        return Tape.generalScalar(CommonOps_DDRM.elementSum(x.matrix()),
                (g, adj) -> adj.add(x, g.data[0]), x);
    }

    /** The mean of all entries. */
    public static Node mean(Node x) {
        if (x.isScalar()) return x;
        int n = x.size();
        if (n == 0) throw new NnspecException("mean of an empty matrix", null);
        return Tape.generalScalar(CommonOps_DDRM.elementSum(x.matrix()) / n,
                (g, adj) -> adj.add(x, g.data[0] / n), x);
    }

    /**
     * The sum along a dimension, keeping it with size 1: down each column (a 1×c row) or
     * along each row (an r×1 column); each entry's gradient is its slice's.
     */
    public static Node sum(Node x, boolean downColumns) {
        return sliceSum(x, downColumns, false);
    }

    /** The mean along a dimension, as {@link #sum(Node, boolean)} divided by the slice's length. */
    public static Node mean(Node x, boolean downColumns) {
        return sliceSum(x, downColumns, true);
    }

    private static Node sliceSum(Node x, boolean downColumns, boolean mean) {
        if (x.isScalar()) return x;
        DMatrixRMaj m = x.matrix();
        int r = m.numRows, c = m.numCols;
        DMatrixRMaj out = downColumns ? CommonOps_DDRM.sumCols(m, null) : CommonOps_DDRM.sumRows(m, null);
        double scale = mean ? 1.0 / (downColumns ? r : c) : 1;
        if (mean) CommonOps_DDRM.scale(scale, out);
        return Tape.generalMatrix(out, (g, adj) -> {
            DMatrixRMaj gx = new DMatrixRMaj(r, c);
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) gx.data[i * c + j] = g.data[downColumns ? j : i] * scale;
            }
            adj.add(x, gx);
        }, x);
    }

    /**
     * The largest (or smallest) entry along a dimension, keeping it with size 1, by the rule of
     * {@link #extremes}. As PyTorch's {@code max(x, dim)}, each slice's gradient goes to one
     * entry, the one {@code torch.max} returns as the index: the first of tied entries, the
     * first NaN where there is one.
     */
    public static Node extreme(Node x, boolean downColumns, boolean largest) {
        if (x.isScalar()) return x;
        DMatrixRMaj m = x.matrix();
        int r = m.numRows, c = m.numCols;
        if (m.getNumElements() == 0) throw new NnspecException((largest ? "max" : "min") + " of an empty matrix", null);
        DMatrixRMaj out = extremes(m, downColumns, largest);
        return Tape.generalMatrix(out, (g, adj) -> {
            DMatrixRMaj gx = new DMatrixRMaj(r, c);
            int slices = downColumns ? c : r, len = downColumns ? r : c;
            for (int s = 0; s < slices; s++) {
                for (int k = 0; k < len; k++) {
                    int at = downColumns ? k * c + s : s * c + k;
                    if (same(m.data[at], out.data[s])) {
                        gx.data[at] = g.data[s];
                        break;
                    }
                }
            }
            adj.add(x, gx);
        }, x);
    }

    /** The largest entry; ties share the gradient evenly, NaN wins (as in PyTorch). */
    public static Node max(Node x) { return extreme(x, true); }

    /** The smallest entry; ties share the gradient evenly. */
    public static Node min(Node x) { return extreme(x, false); }

    private static Node extreme(Node x, boolean largest) {
        if (x.isScalar()) return x;
        DMatrixRMaj m = x.matrix();
        if (m.getNumElements() == 0) {
            throw new NnspecException((largest ? "max" : "min") + " of an empty matrix", null);
        }
        final double value = extreme(m, largest);
        return Tape.generalScalar(value, (g, adj) -> {
            DMatrixRMaj gx = new DMatrixRMaj(m.numRows, m.numCols);
            int ties = 0;
            for (int k = 0; k < gx.data.length; k++) if (same(m.data[k], value)) ties++;
            for (int k = 0; k < gx.data.length; k++) if (same(m.data[k], value)) gx.data[k] = g.data[0] / ties;
            adj.add(x, gx);
        }, x);
    }

    /**
     * The largest (or smallest) entry of a non-empty matrix, NaN if any entry is NaN, as
     * PyTorch's {@code max()} and {@code min()}: the one rule for plain values and the tape.
     */
    public static double extreme(DMatrixRMaj m, boolean largest) {
        double best = m.data[0];
        for (int k = 1; k < m.getNumElements(); k++) best = better(best, m.data[k], largest);
        return best;
    }

    /**
     * The largest (or smallest) entry of each column ({@code alongColumns}: a 1×cols row) or of
     * each row (a rows×1 column), NaN where one is NaN, by the same rule as {@link #extreme}.
     */
    public static DMatrixRMaj extremes(DMatrixRMaj m, boolean alongColumns, boolean largest) {
        int r = m.numRows, c = m.numCols;
        DMatrixRMaj out = alongColumns ? new DMatrixRMaj(1, c) : new DMatrixRMaj(r, 1);
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                double v = m.data[i * c + j];
                int at = alongColumns ? j : i;
                out.data[at] = (alongColumns ? i : j) == 0 ? v : better(out.data[at], v, largest);
            }
        }
        return out;
    }

    /** The best so far or {@code v}: the first of equals stays, NaN wins. */
    private static double better(double best, double v, boolean largest) {
        if (Double.isNaN(best)) return best;
        return Double.isNaN(v) || (largest ? v > best : v < best) ? v : best;
    }

    private static boolean same(double a, double b) { return a == b || (Double.isNaN(a) && Double.isNaN(b)); }

    /** Elementwise maximum with broadcasting; on a tie each side gets half the gradient. */
    public static Node maximum(Node a, Node b) { return pairwise(a, b, true); }

    /** Elementwise minimum with broadcasting; on a tie each side gets half the gradient. */
    public static Node minimum(Node a, Node b) { return pairwise(a, b, false); }

    private static Node pairwise(Node a, Node b, boolean largest) {
        String op = largest ? "max" : "min";
        Arithmetic.Partial first = (x, y, z) -> x == y ? 0.5 : ((largest ? x > y : x < y) ? 1 : 0);
        Arithmetic.Partial second = (x, y, z) -> x == y ? 0.5 : ((largest ? y > x : y < x) ? 1 : 0);
        if (a.isScalar() && b.isScalar()) {
            double x = a.scalar(), y = b.scalar();
            double z = Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : (largest ? Math.max(x, y) : Math.min(x, y));
            return Tape.binary(z, a, first.at(x, y, z), b, second.at(x, y, z));
        }
        return Arithmetic.elementwise(a, b, op,
                (x, y) -> Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : (largest ? Math.max(x, y) : Math.min(x, y)),
                first, second);
    }

    /**
     * {@code norm}: |x| for a scalar, the Euclidean norm of a vector, the spectral norm (the
     * largest singular value σ₁) of a matrix, its value by {@link #norm(DMatrixRMaj)} as in
     * plain evaluation. Gradients: x/‖x‖ (0 at the zero vector), and u₁v₁ᵀ for the spectral
     * norm, from the singular value decomposition (NaN when an entry is inf or NaN).
     */
    public static Node norm(Node x) {
        if (x.isScalar()) return Elementwise.ABS.apply(x);
        DMatrixRMaj m = x.matrix();
        double n = norm(m);
        if (x.isVector() || m.getNumElements() == 0) {
            return Tape.generalScalar(n, (g, adj) -> {
                DMatrixRMaj gx = new DMatrixRMaj(m.numRows, m.numCols);
                if (n != 0) for (int k = 0; k < gx.data.length; k++) gx.data[k] = g.data[0] * m.data[k] / n;
                adj.add(x, gx);
            }, x);
        }
        if (!Double.isFinite(n)) return Tape.generalScalar(n, (g, adj) -> adj.add(x, Double.NaN), x);
        return Tape.generalScalar(n, (g, adj) -> adj.add(x, spectralGradient(m, g.data[0])), x);
    }

    /**
     * The value of {@code norm} on a matrix: the Euclidean norm of a vector, as PyTorch computes
     * it ({@link #euclidean}), and the spectral norm of a matrix, computed on the matrix scaled
     * by its largest magnitude so that entries near the double range (±1e308) do not overflow
     * it; the spectral norm is NaN when an entry is NaN, else inf when one is inf (σ₁ is at
     * least max |m_ij|), as the decomposition cannot take either.
     */
    public static double norm(DMatrixRMaj m) {
        if (m.numRows == 1 || m.numCols == 1 || m.getNumElements() == 0) return euclidean(m.data, m.getNumElements());
        boolean infinite = false;
        for (int k = 0; k < m.getNumElements(); k++) {
            if (Double.isNaN(m.data[k])) return Double.NaN;
            infinite |= Double.isInfinite(m.data[k]);
        }
        if (infinite) return Double.POSITIVE_INFINITY;
        double s = CommonOps_DDRM.elementMaxAbs(m);
        if (s == 0) return 0;
        return s * NormOps_DDRM.normP2(CommonOps_DDRM.divide(m, s, null));
    }

    /**
     * √(Σ xᵢ²), summed as written, as PyTorch's {@code vector_norm} computes it in float64: an
     * infinite entry gives inf and a NaN NaN, and squares past the range of a double overflow
     * to inf or underflow to 0 (EJML's {@code normF} scales them first and does not).
     */
    private static double euclidean(double[] x, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) sum += x[i] * x[i];
        return Math.sqrt(sum);
    }

    /** g·u₁v₁ᵀ: the gradient of the spectral norm of a finite matrix, times g. */
    private static DMatrixRMaj spectralGradient(DMatrixRMaj m, double g) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(m.numRows, m.numCols, true, true, true);
        // the singular vectors of M/s are M's: scaling keeps the decomposition from overflowing
        double scale = CommonOps_DDRM.elementMaxAbs(m);
        if (scale == 0) scale = 1;
        if (!svd.decompose(CommonOps_DDRM.divide(m, scale, new DMatrixRMaj(m.numRows, m.numCols)))) {
            throw new NnspecException("the singular value decomposition of a " + m.numRows + "×" + m.numCols
                    + " matrix did not converge", null);
        }
        double[] sigma = svd.getSingularValues();
        int top = 0;
        for (int k = 1; k < svd.numberOfSingularValues(); k++) if (sigma[k] > sigma[top]) top = k;
        DMatrixRMaj u = svd.getU(null, false); // rows × k, columns are left singular vectors
        DMatrixRMaj v = svd.getV(null, false); // cols × k
        DMatrixRMaj gx = new DMatrixRMaj(m.numRows, m.numCols);
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                gx.data[i * m.numCols + j] = g * u.data[i * u.numCols + top] * v.data[j * v.numCols + top];
            }
        }
        return gx;
    }

    /**
     * softmax along {@code dim}: -1 or 1 normalises each row, 0 or -2 each column. Numerically
     * stable (the max of each slice is subtracted first). The softmax of a scalar is 1.
     */
    public static Node softmax(Node x, int dim) {
        boolean rows;
        if (dim == -1 || dim == 1) rows = true;
        else if (dim == 0 || dim == -2) rows = false;
        else throw new NnspecException("softmax dim=" + dim + " is out of range for a matrix",
                "use dim=-1 (or 1) to normalise each row, dim=0 to normalise each column");
        if (x.isScalar()) return Tape.unary(1, x, 0);
        DMatrixRMaj in = x.matrix();
        int r = in.numRows, c = in.numCols;
        int slices = rows ? r : c, len = rows ? c : r;
        int sliceStride = rows ? c : 1, step = rows ? 1 : c;
        DMatrixRMaj out = new DMatrixRMaj(r, c);
        for (int s = 0; s < slices; s++) {
            int base = s * sliceStride;
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < len; k++) max = Math.max(max, in.data[base + k * step]);
            double total = 0;
            for (int k = 0; k < len; k++) {
                double e = Math.exp(in.data[base + k * step] - max);
                out.data[base + k * step] = e;
                total += e;
            }
            for (int k = 0; k < len; k++) out.data[base + k * step] /= total;
        }
        return Tape.generalMatrix(out, (g, adj) -> { // ∂x = y ⊙ (g − Σ g⊙y) per slice
            DMatrixRMaj gx = new DMatrixRMaj(r, c);
            for (int s = 0; s < slices; s++) {
                int base = s * sliceStride;
                double dot = 0;
                for (int k = 0; k < len; k++) dot += g.data[base + k * step] * out.data[base + k * step];
                for (int k = 0; k < len; k++) {
                    int at = base + k * step;
                    gx.data[at] = out.data[at] * (g.data[at] - dot);
                }
            }
            adj.add(x, gx);
        }, x);
    }
}
