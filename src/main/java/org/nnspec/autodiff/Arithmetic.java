package org.nnspec.autodiff;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.nnspec.diag.NnspecException;
import org.nnspec.linalg.Broadcast;
import org.nnspec.linalg.Gemm;

/**
 * The arithmetic operators on nodes: {@code + - * /} and {@code ^} elementwise with numpy
 * broadcasting (a scalar broadcasts like a 1×1 matrix), unary minus, the matrix product
 * {@code @} and transpose. Each records its backward rule; on constants they just compute.
 */
public final class Arithmetic {
    private Arithmetic() {}

    /** Local partial derivative of an elementwise binary operation at {@code (x, y)} with result {@code z}. */
    interface Partial {
        double at(double x, double y, double z);
    }

    public static Node add(Node a, Node b) {
        if (a.isScalar() && b.isScalar()) return Tape.binary(a.scalar() + b.scalar(), a, 1, b, 1);
        return elementwise(a, b, "+", Double::sum, (x, y, z) -> 1, (x, y, z) -> 1);
    }

    public static Node sub(Node a, Node b) {
        if (a.isScalar() && b.isScalar()) return Tape.binary(a.scalar() - b.scalar(), a, 1, b, -1);
        return elementwise(a, b, "-", (x, y) -> x - y, (x, y, z) -> 1, (x, y, z) -> -1);
    }

    public static Node mul(Node a, Node b) {
        if (a.isScalar() && b.isScalar()) {
            double x = a.scalar(), y = b.scalar();
            return Tape.binary(x * y, a, y, b, x);
        }
        return elementwise(a, b, "*", (x, y) -> x * y, (x, y, z) -> y, (x, y, z) -> x);
    }

    public static Node div(Node a, Node b) {
        if (a.isScalar() && b.isScalar()) {
            double x = a.scalar(), y = b.scalar();
            return Tape.binary(x / y, a, 1 / y, b, -x / (y * y));
        }
        return elementwise(a, b, "/", (x, y) -> x / y, (x, y, z) -> 1 / y, (x, y, z) -> -x / (y * y));
    }

    /**
     * {@code a ^ b}: a scalar power, or elementwise with broadcasting. The derivatives are
     * PyTorch's, including its conventions where the formula is undefined: ∂/∂a is 0 when the
     * exponent is 0, and ∂/∂b is 0 when the base is 0 and the exponent non-negative.
     */
    public static Node pow(Node a, Node b) {
        if (a.isScalar() && b.isScalar()) {
            double x = a.scalar(), y = b.scalar(), z = power(x, y);
            return Tape.binary(z, a, powBase(x, y), b, b.isTraced() ? powExponent(x, y, z) : 0);
        }
        return elementwise(a, b, "^", Arithmetic::power, (x, y, z) -> powBase(x, y), Arithmetic::powExponent);
    }

    /**
     * {@code x ^ y} as PyTorch computes a power in float64: an exponent of 0.5 is a square root
     * and -0.5 its reciprocal (so {@code (-inf)^0.5} is NaN, where {@code Math.pow} gives inf),
     * any other {@code Math.pow}, which follows C's {@code pow} as PyTorch's kernel does.
     */
    public static double power(double x, double y) {
        if (y == 0.5) return Math.sqrt(x);
        if (y == -0.5) return 1 / Math.sqrt(x);
        return Math.pow(x, y);
    }

    private static double powBase(double x, double y) { return y == 0 ? 0 : y * Math.pow(x, y - 1); }

    private static double powExponent(double x, double y, double z) {
        return x == 0 && y >= 0 ? 0 : z * Math.log(x);
    }

    public static Node neg(Node a) {
        if (a.isScalar()) return Tape.unary(-a.scalar(), a, -1);
        DMatrixRMaj out = a.matrix().copy();
        CommonOps_DDRM.scale(-1, out);
        return Tape.generalMatrix(out, (g, adj) -> {
            DMatrixRMaj ga = g.copy();
            CommonOps_DDRM.scale(-1, ga);
            adj.add(a, ga);
        }, a);
    }

    /** Elementwise {@code f} with broadcasting; at least one operand is a matrix. */
    static Node elementwise(Node a, Node b, String op, java.util.function.DoubleBinaryOperator f,
            Partial da, Partial db) {
        DMatrixRMaj am = a.matrix(), bm = b.matrix();
        int[] shape = Broadcast.resultShape(am, bm, op);
        checkSize(shape[0], shape[1], "'" + op + "'");
        DMatrixRMaj out = Broadcast.apply(am, bm, op, f);
        return Tape.generalMatrix(out, (g, adj) -> {
            DMatrixRMaj x = Broadcast.apply(am, bm, op, (p, q) -> p);
            DMatrixRMaj y = Broadcast.apply(am, bm, op, (p, q) -> q);
            if (a.isTraced()) adj.add(a, local(g, x, y, out, da));
            if (b.isTraced()) adj.add(b, local(g, x, y, out, db));
        }, a, b);
    }

    /** {@code g ⊙ ∂}, with a zero local derivative passing nothing on (see {@link Tape}). */
    private static DMatrixRMaj local(DMatrixRMaj g, DMatrixRMaj x, DMatrixRMaj y, DMatrixRMaj z, Partial p) {
        DMatrixRMaj r = new DMatrixRMaj(g.numRows, g.numCols);
        for (int k = 0; k < r.data.length; k++) {
            double d = p.at(x.data[k], y.data[k], z.data[k]);
            r.data[k] = d == 0 ? 0 : g.data[k] * d;
        }
        return r;
    }

    /** The matrix product {@code a @ b}; both must be matrices with matching inner dimensions. */
    public static Node matmul(Node a, Node b) {
        if (a.isScalar() || b.isScalar()) {
            throw new NnspecException("'@' needs two matrices, but got a " + a.describe() + " and a "
                    + b.describe(), "use '*' to multiply by a number");
        }
        DMatrixRMaj am = a.matrix(), bm = b.matrix();
        if (am.numCols != bm.numRows) {
            throw new NnspecException("cannot multiply a " + am.numRows + "×" + am.numCols + " matrix by a "
                    + bm.numRows + "×" + bm.numCols + " matrix with '@': the inner dimensions " + am.numCols
                    + " and " + bm.numRows + " differ",
                    "A @ B needs as many columns in A as rows in B; perhaps transpose one (.T), or use '*' for"
                            + " the elementwise product");
        }
        checkSize(am.numRows, bm.numCols, "'@'");
        long work = (long) am.numRows * am.numCols * bm.numCols;
        if (work > MAX_PRODUCT_WORK) {
            throw new NnspecException("a " + am.numRows + "×" + am.numCols + " by " + bm.numRows + "×" + bm.numCols
                    + " product needs " + work + " multiply-adds, too many to differentiate", "use smaller matrices");
        }
        DMatrixRMaj out = new DMatrixRMaj(am.numRows, bm.numCols);
        Gemm.product(am, bm, out);
        return Tape.generalMatrix(out, (g, adj) -> {
            if (a.isTraced()) { // ∂/∂A = G Bᵀ
                DMatrixRMaj ga = new DMatrixRMaj(am.numRows, am.numCols);
                Gemm.productTransB(1, g, bm, ga);
                adj.add(a, ga);
            }
            if (b.isTraced()) { // ∂/∂B = Aᵀ G
                DMatrixRMaj at = CommonOps_DDRM.transpose(am, null);
                DMatrixRMaj gb = new DMatrixRMaj(bm.numRows, bm.numCols);
                Gemm.product(at, g, gb);
                adj.add(b, gb);
            }
        }, a, b);
    }

    /**
     * The most entries a matrix on the tape may have (80 MB of doubles). Lower than plain
     * evaluation's 50,000,000 (eval.Coercions): the backward pass of a broadcast holds four more
     * matrices of the result's size, and grad(sum(W.T + W), W) for a 1×10000 W (10^8 entries,
     * allowed before) took most of a minute and gigabytes of memory.
     */
    static final long MAX_ENTRIES = 10_000_000L;

    /** Products on the tape needing more multiply-adds than this are refused (backward needs two more). */
    static final long MAX_PRODUCT_WORK = 1_000_000_000L;

    /** Refuses, as a user error, a result too large to hold. */
    static void checkSize(long rows, long cols, String what) {
        if (rows * cols > MAX_ENTRIES) {
            throw new NnspecException("the result of " + what + " would be a " + rows + "×" + cols
                    + " matrix, too large to hold", "matrices are limited to " + MAX_ENTRIES + " entries");
        }
    }

    /** The transpose; a scalar is its own transpose. */
    public static Node transpose(Node a) {
        if (a.isScalar()) return a;
        DMatrixRMaj out = CommonOps_DDRM.transpose(a.matrix(), null);
        return Tape.generalMatrix(out, (g, adj) -> adj.add(a, CommonOps_DDRM.transpose(g, null)), a);
    }
}
