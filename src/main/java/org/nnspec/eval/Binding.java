package org.nnspec.eval;

import java.util.List;
import org.nnspec.ast.Expr;
import org.nnspec.diag.Span;

/**
 * One binding of a name to a value. A binding made by {@code name = expression} remembers how
 * it was computed, as a PyTorch tensor remembers its graph (docs/language.md section 7): the
 * expression and the bindings its names read, so that {@code grad} can differentiate through
 * it. Other bindings (loop variables, parameters, {@code w = 3}) are leaves.
 *
 * <p>History is kept only as far as {@code grad} can need it: a binding whose inputs are all
 * leaves that have since been rebound can no longer lead to a variable of {@code grad} (which
 * names a current binding), so it is turned into a leaf when a later binding reads it
 * ({@link #forgetDeadHistory}). A loop {@code s = s + i} therefore keeps two bindings of
 * history, not one per iteration.
 */
final class Binding {
    final String name;
    final Value value;
    /** The expression that computed the value, or null for a leaf. */
    final Expr definition;
    /** Where it was bound (the assignment), or null. */
    final Span site;
    /** The bindings the names of {@link #definition} read (each under its own name); null for a leaf. */
    private Binding[] inputs;
    /** Whether the name is still bound to this binding in its scope. */
    private boolean current = true;
    /**
     * For a binding that read a sequence or a network: the bindings their rules and bodies
     * read when it was made (they read the bindings in force when they run, not the
     * assignment's), so that a replay can tell when they have changed; null otherwise.
     */
    List<Read> dynamicReads;

    /** One name a sequence rule or a network body reads, in the scope it is read in, and the binding it had. */
    record Read(Scope scope, String name, Binding binding) {
        boolean changed() { return scope.binding(name) != binding; }
    }

    private Binding(String name, Value value, Expr definition, Span site, Binding[] inputs) {
        this.name = name;
        this.value = value;
        this.definition = definition;
        this.site = site;
        this.inputs = inputs;
    }

    static Binding leaf(String name, Value value) {
        return new Binding(name, value, null, null, null);
    }

    /** An assignment's binding: derived from the bindings its expression read, a leaf when it read none. */

    static Binding derived(String name, Value value, Expr definition, Span site, Binding[] inputs) {
        if (inputs.length == 0) return new Binding(name, value, definition, site, null);
        for (Binding in : inputs) in.forgetDeadHistory();
        return new Binding(name, value, definition, site, inputs);
    }

    boolean isLeaf() { return inputs == null; }

    /** Where it was bound, for messages: "line 3", or "input 2" in the REPL; null when unknown. */
    String where() {
        if (site == null) return null;
        String file = site.file() == null ? "" : site.file().name();
        if (file.startsWith("<") && file.endsWith(">")) return file.substring(1, file.length() - 1);
        return "line " + site.line();
    }

    /** The inputs; only for a binding that is not a leaf. */
    Binding[] inputs() { return inputs; }

    boolean isCurrent() { return current; }

    /** The name has been bound again: this binding can no longer be a variable of grad. */
    void rebound() { current = false; }

    /** The first binding in this one's history (itself included) that {@code test} accepts, or null. */
    Binding findInHistory(java.util.function.Predicate<Binding> test) {
        java.util.Deque<Binding> todo = new java.util.ArrayDeque<>();
        java.util.Set<Binding> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        todo.push(this);
        while (!todo.isEmpty()) {
            Binding b = todo.pop();
            if (!seen.add(b)) continue;
            if (test.test(b)) return b;
            if (!b.isLeaf()) java.util.Collections.addAll(todo, b.inputs);
        }
        return null;
    }

    /** Turns this binding into a leaf when every input is a leaf that has been rebound. */
    private void forgetDeadHistory() {
        if (inputs == null) return;
        for (Binding in : inputs) {
            if (!in.isLeaf() || in.current) return;
        }
        inputs = null;
    }
}
