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
     * force now, not those of the assignment: when one of those has been bound again since,
     * the binding is taken as a constant, and {@link #stale} says so.
     */
    private Value evaluate(Binding b) {
        if (b.dynamicReads != null) {
            for (Binding.Read r : b.dynamicReads) {
                if (r.changed()) {
                    stale.add(b);
                    return b.value;
                }
            }
        }
        Scope scope = new Scope(null);
        for (Binding in : b.inputs()) scope.define(in);
        return interpreter.quietly(() -> interpreter.evaluator().eval(b.definition, scope));
    }

    /** The bindings taken as constants (see {@link #evaluate}). */
    final List<Binding> stale = new ArrayList<>();
}
