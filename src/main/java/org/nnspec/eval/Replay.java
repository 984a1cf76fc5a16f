package org.nnspec.eval;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * While {@code grad(y, x)} evaluates {@code y}: the bindings that {@code y} reads are replayed
 * on the autodiff tape, so that {@code y = w^2; grad(y, w)} differentiates through {@code y}'s
 * definition (docs/language.md section 7). Each binding that depends on the variable (or reads
 * a sequence, whose rules may) is evaluated again, once, from the replayed values of its
 * inputs; the rest keep their values. Replay is iterative, oldest binding first, so a history
 * as long as a loop is deep needs no deep Java stack.
 */
final class Replay {
    private final Interpreter interpreter;
    /** The binding of grad's variable, or null when the variable is a sequence element. */
    final Binding variable;
    private final Value traced;
    private final Map<Binding, Value> replayed = new IdentityHashMap<>();

    Replay(Interpreter interpreter, Binding variable, Value traced) {
        this.interpreter = interpreter;
        this.variable = variable;
        this.traced = traced;
    }

    /** The value a name bound to {@code b} has during this trace. */
    Value value(Binding b) {
        if (b == variable) return traced;
        if (b.isLeaf()) return b.value;
        Value v = replayed.get(b);
        if (v == null) {
            replay(b);
            v = replayed.get(b);
        }
        return v;
    }

    /** The replayed value of a binding, or null when it was not needed. */
    Value replayedValue(Binding b) {
        return b == variable ? traced : replayed.get(b);
    }

    private void replay(Binding top) {
        for (Binding b : unreplayedInputsFirst(top)) {
            replayed.put(b, mayDepend(b) ? evaluate(b) : b.value);
        }
    }

    /** The derived bindings behind {@code top} not replayed yet, each after its inputs. */
    private List<Binding> unreplayedInputsFirst(Binding top) {
        List<Binding> order = new ArrayList<>();
        Map<Binding, Boolean> seen = new IdentityHashMap<>();
        Deque<Binding> stack = new ArrayDeque<>();
        stack.push(top);
        while (!stack.isEmpty()) {
            Binding b = stack.peek();
            if (seen.containsKey(b)) {
                stack.pop();
                if (!seen.get(b)) {
                    seen.put(b, true);
                    order.add(b);
                }
                continue;
            }
            seen.put(b, false);
            for (Binding in : b.inputs()) {
                if (in != variable && !in.isLeaf() && !replayed.containsKey(in) && !seen.containsKey(in)) stack.push(in);
            }
        }
        return order;
    }

    private boolean mayDepend(Binding b) {
        for (Binding in : b.inputs()) {
            if (in == variable || in.value instanceof Sequence) return true;
            if (!in.isLeaf() && TracedOperations.isTraced(replayed.get(in))) return true;
        }
        return false;
    }

    /**
     * Evaluates a binding's definition again with its inputs' replayed values (its warnings
     * were said the first time). A sequence rule or a network in it reads the bindings in
     * force now, not those of the assignment: when that gives another value than the one
     * bound (or an error), the binding is taken as a constant, and {@link #stale} says so.
     */
    private Value evaluate(Binding b) {
        Scope scope = new Scope(null);
        for (Binding in : b.inputs()) scope.define(in);
        Value again;
        try {
            again = interpreter.quietly(() -> interpreter.evaluator().eval(b.definition, scope));
        } catch (org.nnspec.diag.NnspecException | Poisoned.Used e) {
            again = null;
        }
        if (again == null || !sameValue(TracedOperations.plain(again), b.value)) {
            stale.add(b);
            return b.value;
        }
        return again;
    }

    /** The bindings whose definitions no longer give their values (see {@link #evaluate}). */
    final List<Binding> stale = new ArrayList<>();

    /** Equal numbers or matrices, to the last few bits (the tape may add in another order). */
    private static boolean sameValue(Value a, Value b) {
        if (Coercions.isNumber(a) && Coercions.isNumber(b)) return close(Coercions.toDouble(a, "a"), Coercions.toDouble(b, "b"));
        if ((a instanceof Value.MatV || a instanceof Value.ListV) && (b instanceof Value.MatV || b instanceof Value.ListV)) {
            org.ejml.data.DMatrixRMaj x, y;
            try {
                x = Coercions.toMatrix(a, "a");
                y = Coercions.toMatrix(b, "b");
            } catch (org.nnspec.diag.NnspecException notNumbers) {
                return a.equals(b);
            }
            if (x.numRows != y.numRows || x.numCols != y.numCols) return false;
            for (int i = 0; i < x.getNumElements(); i++) if (!close(x.data[i], y.data[i])) return false;
            return true;
        }
        return a.equals(b);
    }

    private static boolean close(double p, double q) {
        if (p == q || Double.isNaN(p) && Double.isNaN(q)) return true;
        return Math.abs(p - q) <= 1e-9 * Math.max(Math.abs(p), Math.abs(q));
    }
}
