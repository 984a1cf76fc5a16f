package org.nnspec.autodiff;

import org.ejml.data.DMatrixRMaj;

/**
 * A value seen by the differentiation engine: a scalar or a dense matrix, either a constant
 * (no tape, nothing to differentiate) or traced (an entry on a {@link Tape}). Nodes are cheap
 * handles; a scalar node holds its value as a primitive double. Matrix values are shared, not
 * copied: callers must treat {@link #matrix()} as read-only.
 */
public final class Node {
    final Tape tape;
    final int index;
    private final double scalar;
    private final DMatrixRMaj matrix;

    Node(Tape tape, int index, double scalar, DMatrixRMaj matrix) {
        this.tape = tape;
        this.index = index;
        this.scalar = scalar;
        this.matrix = matrix;
    }

    /** A scalar constant: its gradient is never asked for, and operations on constants only fold. */
    public static Node constant(double value) { return new Node(null, -1, value, null); }

    /** A matrix constant (copied). */
    public static Node constant(DMatrixRMaj value) { return new Node(null, -1, 0, value.copy()); }

    /** Wraps a freshly computed matrix without copying it. */
    static Node constantOwned(DMatrixRMaj value) { return new Node(null, -1, 0, value); }

    public boolean isScalar() { return matrix == null; }

    /** Whether this node is recorded on a tape (a variable or the result of an operation on one). */
    public boolean isTraced() { return tape != null; }

    /** The tape this node is recorded on, or {@code null} for a constant. */
    public Tape tape() { return tape; }

    /** Its entry on the tape ({@link #tape()}); -1 for a constant. */
    public int tapeIndex() { return index; }

    /** The scalar value; only for scalar nodes. */
    public double scalar() {
        if (matrix != null) throw new IllegalStateException("not a scalar: " + rows() + "×" + cols() + " matrix");
        return scalar;
    }

    /** The value as a matrix (a new 1×1 matrix for a scalar). Read-only. */
    public DMatrixRMaj matrix() {
        if (matrix == null) {
            DMatrixRMaj m = new DMatrixRMaj(1, 1);
            m.data[0] = scalar;
            return m;
        }
        return matrix;
    }

    public int rows() { return matrix == null ? 1 : matrix.numRows; }

    public int cols() { return matrix == null ? 1 : matrix.numCols; }

    /** A 1×n or n×1 matrix (not a scalar). */
    public boolean isVector() { return matrix != null && (matrix.numRows == 1 || matrix.numCols == 1); }

    /** The number of entries (1 for a scalar). */
    public int size() { return rows() * cols(); }

    /** The same value as a constant, cut from the tape. */
    public Node detach() { return matrix == null ? constant(scalar) : constantOwned(matrix); }

    /** "scalar", "3×3 matrix", "1×4 vector": for messages. */
    public String describe() {
        if (matrix == null) return "scalar";
        return matrix.numRows + "×" + matrix.numCols + (isVector() ? " vector" : " matrix");
    }

    @Override
    public String toString() {
        String v = matrix == null ? Double.toString(scalar) : describe();
        return (tape == null ? "const " : "node#" + index + " ") + v;
    }
}
