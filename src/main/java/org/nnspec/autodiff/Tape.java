package org.nnspec.autodiff;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * The record of a traced computation (a Wengert list) for reverse-mode differentiation.
 * Every operation on a traced node appends one entry, so entries are in creation order and
 * each entry's arguments come before it; a backward pass walks the entries from the output
 * down to the input, without recursion, in time and memory linear in the entries walked.
 *
 * <p>Scalar operations, the bulk of a long scalar recurrence, are stored as primitive arrays
 * in pages: the indices of up to two arguments and the local partial derivatives with respect
 * to them, computed when the operation runs (24 bytes an entry, no object). Entries involving
 * a matrix keep a {@link Backward} rule instead. Operations whose inputs are all constants are
 * not recorded at all: they fold to constants.
 *
 * <p>A tape is append-only; gradients can be taken any number of times, with respect to a
 * variable or to any intermediate node (its own rule then counts as cut). Recording is not
 * thread-safe.
 */
public final class Tape {
    static final int NONE = -1;
    private static final int GENERAL = -2;
    private static final int PAGE_BITS = 14;
    private static final int PAGE = 1 << PAGE_BITS;
    private static final int MASK = PAGE - 1;

    private int[][] argA = new int[4][];
    private int[][] argB = new int[4][];
    private double[][] partialA = new double[4][];
    private double[][] partialB = new double[4][];
    private int size;
    private final List<General> general = new ArrayList<>();

    /** An entry with a backward rule; a leaf (a matrix variable) has none. */
    private static final class General {
        final Backward backward;
        final boolean scalarOutput;

        General(Backward backward, boolean scalarOutput) {
            this.backward = backward;
            this.scalarOutput = scalarOutput;
        }
    }

    /** The number of entries recorded. */
    public int size() { return size; }

    /** A scalar input to differentiate with respect to. */
    public Node variable(double value) {
        return new Node(this, append(NONE, 0, NONE, 0), value, null);
    }

    /** A matrix input to differentiate with respect to (the value is copied). */
    public Node variable(DMatrixRMaj value) {
        return new Node(this, appendGeneral(null, false), 0, value.copy());
    }

    /**
     * A handle on scalar entry {@code index}, recorded earlier with value {@code value}: lets a
     * caller keep a long run of scalar nodes as two primitives each, not objects.
     */
    public Node scalarNode(int index, double value) {
        if (index < 0 || index >= size) throw new IllegalArgumentException("no entry " + index + " on this tape");
        return new Node(this, index, value, null);
    }

    // ---- recording, used by the operation classes ----

    /** The tape shared by the traced nodes among {@code nodes}, or null when all are constants. */
    static Tape of(Node... nodes) {
        Tape t = null;
        for (Node n : nodes) {
            if (n.tape == null) continue;
            if (t == null) t = n.tape;
            else if (t != n.tape) throw new IllegalArgumentException("nodes from different tapes");
        }
        return t;
    }

    /** Records a scalar function of one scalar, {@code ∂value/∂a = da}. */
    static Node unary(double value, Node a, double da) {
        if (a.tape == null) return Node.constant(value);
        return new Node(a.tape, a.tape.append(a.index, da, NONE, 0), value, null);
    }

    /** Records a scalar function of two scalars with partials {@code da}, {@code db}. */
    static Node binary(double value, Node a, double da, Node b, double db) {
        Tape t = a.tape != null ? a.tape : b.tape;
        if (t == null) return Node.constant(value);
        if (b.tape != null && b.tape != t) throw new IllegalArgumentException("nodes from different tapes");
        int i;
        if (a.tape == null) i = t.append(b.index, db, NONE, 0);
        else if (b.tape == null) i = t.append(a.index, da, NONE, 0);
        else i = t.append(a.index, da, b.index, db);
        return new Node(t, i, value, null);
    }

    /** Records an operation with a scalar result and a general backward rule. */
    static Node generalScalar(double value, Backward backward, Node... inputs) {
        Tape t = of(inputs);
        if (t == null) return Node.constant(value);
        return new Node(t, t.appendGeneral(backward, true), value, null);
    }

    /** Records an operation with a matrix result (owned by the node) and a backward rule. */
    static Node generalMatrix(DMatrixRMaj value, Backward backward, Node... inputs) {
        Tape t = of(inputs);
        if (t == null) return Node.constantOwned(value);
        return new Node(t, t.appendGeneral(backward, false), 0, value);
    }

    private int append(int a, double da, int b, double db) {
        int i = size;
        int page = i >>> PAGE_BITS;
        if (page == argA.length) {
            int n = argA.length * 2;
            argA = Arrays.copyOf(argA, n);
            argB = Arrays.copyOf(argB, n);
            partialA = Arrays.copyOf(partialA, n);
            partialB = Arrays.copyOf(partialB, n);
        }
        if (argA[page] == null) {
            argA[page] = new int[PAGE];
            argB[page] = new int[PAGE];
            partialA[page] = new double[PAGE];
            partialB[page] = new double[PAGE];
        }
        int k = i & MASK;
        argA[page][k] = a;
        argB[page][k] = b;
        partialA[page][k] = da;
        partialB[page][k] = db;
        size = i + 1;
        return i;
    }

    private int appendGeneral(Backward backward, boolean scalarOutput) {
        general.add(new General(backward, scalarOutput));
        return append(GENERAL, 0, general.size() - 1, 0);
    }

    // ---- the backward pass ----

    /**
     * Walks the entries from {@code y} down to (not including) entry {@code stop}, starting
     * from the adjoint {@code seed} of {@code y} (1×1 for a scalar {@code y}), and returns
     * the adjoints. The adjoint of entry {@code stop} is then ∂y/∂(that entry), its own rule cut.
     */
    Adjoints backward(Node y, DMatrixRMaj seed, int stop) {
        if (y.tape != this) throw new IllegalArgumentException("output is not on this tape");
        Adjoints adj = new Adjoints(stop, y.index);
        adj.add(y, seed);
        for (int i = y.index; i > stop; i--) {
            int page = i >>> PAGE_BITS, k = i & MASK;
            int a = argA[page][k];
            if (a == GENERAL) {
                General g = general.get(argB[page][k]);
                if (g.backward == null) continue;
                DMatrixRMaj upstream;
                if (g.scalarOutput) {
                    if (!adj.reached(i)) continue;
                    upstream = new DMatrixRMaj(1, 1);
                    upstream.data[0] = adj.scalar(i);
                } else {
                    upstream = adj.matrix(i);
                    if (upstream == null) continue;
                }
                g.backward.propagate(upstream, adj);
            } else {
                if (!adj.reached(i)) continue;
                double up = adj.scalar(i);
                // A zero local derivative passes nothing on, even for an infinite upstream
                // adjoint, as PyTorch's masked rules (relu, abs, max) do.
                if (a >= 0) {
                    double d = partialA[page][k];
                    adj.addScalar(a, d == 0 ? 0 : up * d);
                }
                int b = argB[page][k];
                if (b >= 0) {
                    double d = partialB[page][k];
                    adj.addScalar(b, d == 0 ? 0 : up * d);
                }
            }
        }
        return adj;
    }
}
