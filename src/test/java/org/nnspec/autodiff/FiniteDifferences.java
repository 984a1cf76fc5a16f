package org.nnspec.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;

/**
 * Checks tape derivatives against central finite differences (f(x+h) − f(x−h)) / 2h, computed
 * by evaluating the same function on constants: an independent route to the same number.
 */
final class FiniteDifferences {
    private FiniteDifferences() {}

    private static final double H = 1e-6;
    private static final double TOLERANCE = 1e-6;

    /** A fixed, irregular weighting so that a matrix output becomes a scalar with uneven upstream adjoints. */
    static Node weightedSum(Node out) {
        if (out.isScalar()) return out;
        DMatrixRMaj w = new DMatrixRMaj(out.rows(), out.cols());
        for (int k = 0; k < w.data.length; k++) w.data[k] = 0.7 + 0.31 * k - 0.05 * k * k;
        return Reductions.sum(Arithmetic.mul(out, Node.constant(w)));
    }

    /** ∂f/∂x at a scalar x (f's output reduced with {@link #weightedSum}). */
    static void checkScalar(Function<Node, Node> f, double x) {
        Tape tape = new Tape();
        Node xv = tape.variable(x);
        double analytic = Gradients.gradient(weightedSum(f.apply(xv)), xv).scalar();
        double numeric = (value(f, Node.constant(x + H)) - value(f, Node.constant(x - H))) / (2 * H);
        assertClose(numeric, analytic, "d/dx at " + x);
    }

    /** ∂f/∂X at a matrix X, entry by entry. */
    static void checkMatrix(Function<Node, Node> f, DMatrixRMaj x) {
        Tape tape = new Tape();
        Node xv = tape.variable(x);
        DMatrixRMaj analytic = Gradients.gradient(weightedSum(f.apply(xv)), xv).matrix();
        assertEquals(x.numRows, analytic.numRows);
        assertEquals(x.numCols, analytic.numCols);
        for (int k = 0; k < x.getNumElements(); k++) {
            DMatrixRMaj plus = x.copy(), minus = x.copy();
            plus.data[k] += H;
            minus.data[k] -= H;
            double numeric = (value(f, Node.constant(plus)) - value(f, Node.constant(minus))) / (2 * H);
            assertClose(numeric, analytic.data[k], "d/dX entry " + k);
        }
    }

    /** The Jacobian of a vector-valued f at a vector x, column by column. */
    static void checkJacobian(Function<Node, Node> f, DMatrixRMaj x) {
        Tape tape = new Tape();
        Node xv = tape.variable(x);
        Node y = f.apply(xv);
        DMatrixRMaj jac = Gradients.jacobian(y, xv);
        assertEquals(y.size(), jac.numRows);
        assertEquals(x.getNumElements(), jac.numCols);
        for (int j = 0; j < x.getNumElements(); j++) {
            DMatrixRMaj plus = x.copy(), minus = x.copy();
            plus.data[j] += H;
            minus.data[j] -= H;
            DMatrixRMaj yp = f.apply(Node.constant(plus)).matrix(), ym = f.apply(Node.constant(minus)).matrix();
            for (int i = 0; i < y.size(); i++) {
                double numeric = (yp.data[i] - ym.data[i]) / (2 * H);
                assertClose(numeric, jac.get(i, j), "J[" + i + "," + j + "]");
            }
        }
    }

    private static double value(Function<Node, Node> f, Node x) {
        Node y = weightedSum(f.apply(x));
        assertTrue(!y.isTraced(), "an operation on constants must fold to a constant");
        return y.scalar();
    }

    static void assertClose(double expected, double actual, String what) {
        double tol = TOLERANCE * Math.max(1, Math.abs(expected));
        assertTrue(Math.abs(expected - actual) <= tol,
                what + ": finite differences give " + expected + ", the tape gives " + actual);
    }

    static DMatrixRMaj m(int rows, int cols, double... values) { return new DMatrixRMaj(rows, cols, true, values); }
}
