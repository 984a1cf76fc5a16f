package org.nnspec.autodiff;

import org.ejml.data.DMatrixRMaj;
import org.nnspec.diag.NnspecException;

/**
 * Derivatives by reverse-mode differentiation over a {@link Tape}: the gradient of a scalar
 * with respect to a scalar or a matrix, and the Jacobian of a vector with respect to a
 * vector. {@code x} must be traced: a variable, or an intermediate node, in which case the
 * derivative treats it as an input (its own rule is cut), as {@code grad(h[3], h[2])} needs.
 */
public final class Gradients {
    private Gradients() {}

    /**
     * The language's {@code grad(y, x)}: for a scalar (or 1×1) {@code y}, ∂y/∂x as a scalar
     * or a matrix of x's shape; for a vector {@code y} and a vector or scalar {@code x}, the
     * Jacobian (rows: y's entries, columns: x's entries); anything else is an error.
     */
    public static Node grad(Node y, Node x) {
        requireTraced(x);
        if (y.size() == 1) return gradient(y, x);
        if (y.isVector() && (x.isVector() || x.size() == 1)) return Node.constantOwned(jacobian(y, x));
        if (y.isVector()) {
            throw new NnspecException("grad of a " + y.describe() + " with respect to a " + x.describe()
                    + " would be a 3-dimensional array",
                    "differentiate a scalar instead, e.g. grad(sum(y), x) or grad(y[i], x)");
        }
        throw new NnspecException("grad needs a scalar or a vector output; got a " + y.describe(),
                "differentiate a scalar such as sum(y), norm(y) or one entry y[i, j]");
    }

    /** ∂y/∂x for a scalar (or 1×1) {@code y}: a scalar node, or a matrix of x's shape. */
    public static Node gradient(Node y, Node x) {
        requireTraced(x);
        if (y.size() != 1) {
            throw new NnspecException("gradient needs a scalar output; got a " + y.describe(),
                    "use the Jacobian for a vector output");
        }
        Adjoints adj = pass(y, x, y.isScalar() ? unit(1, 1, 0) : unit(y.rows(), y.cols(), 0));
        if (x.isScalar()) return Node.constant(adj == null ? 0 : adj.scalar(x.index));
        DMatrixRMaj g = adj == null ? null : adj.matrix(x.index);
        return Node.constantOwned(g == null ? new DMatrixRMaj(x.rows(), x.cols()) : g);
    }

    /** ∂y/∂x as a double; both must be scalars. */
    public static double derivative(Node y, Node x) {
        if (!x.isScalar()) throw new IllegalArgumentException("x is a " + x.describe());
        return gradient(y, x).scalar();
    }

    /**
     * The Jacobian of a vector (or scalar) {@code y} with respect to a vector (or scalar)
     * {@code x}: entry (i, j) is ∂yᵢ/∂xⱼ, entries counted in row-major order. One backward
     * pass per entry of y.
     */
    public static DMatrixRMaj jacobian(Node y, Node x) {
        requireTraced(x);
        int m = y.size(), n = x.size();
        DMatrixRMaj jac = new DMatrixRMaj(m, n);
        for (int i = 0; i < m; i++) {
            Adjoints adj = pass(y, x, unit(y.rows(), y.cols(), i));
            if (adj == null) continue;
            if (x.isScalar()) {
                jac.data[i * n] = adj.scalar(x.index);
            } else {
                DMatrixRMaj g = adj.matrix(x.index);
                if (g != null) System.arraycopy(g.data, 0, jac.data, i * n, n);
            }
        }
        return jac;
    }

    /** One backward pass from y seeded with {@code seed}, or null when y cannot depend on x. */
    private static Adjoints pass(Node y, Node x, DMatrixRMaj seed) {
        if (!y.isTraced()) return null;
        if (y.tape != x.tape) throw new IllegalArgumentException("y and x are recorded on different tapes");
        if (y.index < x.index) return null;
        if (y.index == x.index) {
            Adjoints adj = new Adjoints(x.index, x.index);
            adj.add(x, seed);
            return adj;
        }
        return y.tape.backward(y, seed, x.index);
    }

    private static DMatrixRMaj unit(int rows, int cols, int at) {
        DMatrixRMaj e = new DMatrixRMaj(rows, cols);
        e.data[at] = 1;
        return e;
    }

    private static void requireTraced(Node x) {
        if (!x.isTraced()) {
            throw new IllegalArgumentException("can only differentiate with respect to a traced node (a variable)");
        }
    }
}
