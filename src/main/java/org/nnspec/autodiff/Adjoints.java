package org.nnspec.autodiff;

import java.util.HashMap;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.nnspec.linalg.Broadcast;

/**
 * The adjoints (∂y/∂node) accumulated during one backward pass over tape entries
 * {@code low..high}. Contributions to entries below {@code low} (the input being
 * differentiated against, or anything older) are dropped: nothing there can depend on it.
 * Scalar adjoints live in a primitive array with a "reached" flag, so that an entry no path
 * from the output leads to is skipped, as PyTorch only visits the output's own graph.
 */
final class Adjoints {
    private final int low;
    private final double[] scalar;
    private final boolean[] reached;
    private final Map<Integer, DMatrixRMaj> matrix = new HashMap<>();

    Adjoints(int low, int high) {
        this.low = low;
        this.scalar = new double[high - low + 1];
        this.reached = new boolean[high - low + 1];
    }

    boolean reached(int index) { return index >= low && reached[index - low]; }

    double scalar(int index) { return index >= low ? scalar[index - low] : 0; }

    DMatrixRMaj matrix(int index) { return matrix.get(index); }

    void addScalar(int index, double g) {
        if (index < low) return;
        scalar[index - low] += g;
        reached[index - low] = true;
    }

    /** Adds {@code g} to a scalar node's adjoint (ignored for constants). */
    void add(Node node, double g) {
        if (node.isScalar()) {
            addScalar(node.index, g);
        } else {
            DMatrixRMaj m = new DMatrixRMaj(node.rows(), node.cols());
            CommonOps_DDRM.fill(m, g);
            add(node, m);
        }
    }

    /**
     * Adds {@code g} to {@code node}'s adjoint, first summing it down to the node's shape when
     * {@code g} has the broadcast shape of an operation's output (the adjoint of broadcasting).
     * {@code g} is not retained.
     */
    void add(Node node, DMatrixRMaj g) {
        if (node.index < low) return;
        if (node.isScalar()) {
            addScalar(node.index, CommonOps_DDRM.elementSum(g));
            return;
        }
        DMatrixRMaj reduced = Broadcast.reduceTo(g, node.rows(), node.cols());
        DMatrixRMaj old = matrix.get(node.index);
        if (old == null) matrix.put(node.index, reduced);
        else CommonOps_DDRM.addEquals(old, reduced);
    }
}
