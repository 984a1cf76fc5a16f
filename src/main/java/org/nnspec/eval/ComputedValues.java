package org.nnspec.eval;

import java.util.Arrays;
import org.nnspec.autodiff.Node;
import org.nnspec.autodiff.Tape;
import org.nnspec.eval.Value.RealV;

/**
 * The values a sequence's rule has computed, in index order, stored compactly: a real, or a
 * scalar on the gradient tape, takes two primitives (12 bytes) instead of one or two objects
 * (16-48 bytes each). A million-step recurrence keeps a million values, and under {@code grad}
 * every one is a traced scalar; as objects they were a third of the heap and most of the
 * garbage collector's copying. Other values are kept as they are. {@link #get} makes a fresh
 * {@link RealV} or {@link TracedV} for a compact entry (short-lived, cheap to collect).
 */
final class ComputedValues {
    private static final int OBJECT = -2, REAL = -1;

    /** Per entry: OBJECT, REAL, or the tape index of a traced scalar. */
    private int[] kinds = new int[16];
    private double[] reals = new double[16];
    private Value[] objects;
    private Tape tape;
    private int size;

    int size() { return size; }

    void add(Value v) {
        if (size == kinds.length) {
            kinds = Arrays.copyOf(kinds, size * 2);
            reals = Arrays.copyOf(reals, size * 2);
            if (objects != null) objects = Arrays.copyOf(objects, size * 2);
        }
        if (v instanceof RealV r) {
            kinds[size] = REAL;
            reals[size] = r.value();
        } else if (v instanceof TracedV t && t.node().isScalar() && t.node().isTraced()
                && (tape == null || tape == t.node().tape())) {
            tape = t.node().tape();
            kinds[size] = t.node().tapeIndex();
            reals[size] = t.node().scalar();
        } else {
            if (objects == null) objects = new Value[kinds.length];
            kinds[size] = OBJECT;
            objects[size] = v;
        }
        size++;
    }

    Value get(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException(i);
        int kind = kinds[i];
        if (kind == OBJECT) return objects[i];
        if (kind == REAL) return new RealV(reals[i]);
        Node n = tape.scalarNode(kind, reals[i]);
        return new TracedV(n);
    }
}
