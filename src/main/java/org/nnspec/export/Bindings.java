package org.nnspec.export;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.nnspec.ast.Stmt;

/**
 * The names a network's or block's body binds: its parameters, its local names and its loop
 * variables. for and if open no scope in nnspec, nor in Python, so they are one set per body.
 */
final class Bindings {
    private Bindings() {}

    static Set<String> of(List<Stmt.Param> params, List<Stmt> body) {
        Set<String> names = new LinkedHashSet<>();
        for (Stmt.Param p : params) names.add(p.name());
        collect(body, names);
        return names;
    }

    private static void collect(List<Stmt> body, Set<String> names) {
        for (Stmt s : body) {
            if (s instanceof Stmt.Assign a) names.add(a.name());
            if (s instanceof Stmt.For f) names.add(f.variable());
            for (List<Stmt> inner : bodies(s)) collect(inner, names);
        }
    }

    /**
     * The names {@code body} may read before it assigns them (its parameters are assigned
     * from the start): where nnspec reads the file's value of a name that the body later
     * binds itself. An assignment inside an if or a loop
     * counts only for the statements after it in that body.
     */
    static Set<String> readBeforeAssigned(List<Stmt.Param> params, List<Stmt> body) {
        Set<String> found = new LinkedHashSet<>();
        Set<String> assigned = new java.util.HashSet<>();
        for (Stmt.Param p : params) assigned.add(p.name());
        readBeforeAssigned(body, assigned, found);
        return found;
    }

    private static void readBeforeAssigned(List<Stmt> body, Set<String> assigned, Set<String> found) {
        for (Stmt s : body) {
            for (org.nnspec.ast.Expr e : expressions(s)) {
                for (String n : org.nnspec.ast.Expr.names(e)) if (!assigned.contains(n)) found.add(n);
            }
            if (s instanceof Stmt.Assign a) assigned.add(a.name());
            for (List<Stmt> inner : bodies(s)) {
                Set<String> within = new java.util.HashSet<>(assigned);
                if (s instanceof Stmt.For f) within.add(f.variable());
                readBeforeAssigned(inner, within, found);
            }
        }
    }

    /** Every name the body's expressions mention, nested bodies included. */
    static Set<String> mentioned(List<Stmt> body) {
        Set<String> names = new LinkedHashSet<>();
        for (Stmt s : body) {
            for (org.nnspec.ast.Expr e : expressions(s)) names.addAll(org.nnspec.ast.Expr.names(e));
            for (List<Stmt> inner : bodies(s)) names.addAll(mentioned(inner));
        }
        return names;
    }

    /** The expressions {@code s} itself evaluates (not those of the bodies nested in it). */
    private static List<org.nnspec.ast.Expr> expressions(Stmt s) {
        List<org.nnspec.ast.Expr> out = new ArrayList<>();
        if (s instanceof Stmt.Assign a) out.add(a.value());
        if (s instanceof Stmt.For f) out.add(f.iterable());
        if (s instanceof Stmt.If i) out.add(i.condition());
        if (s instanceof Stmt.Layer l) out.add(l.call());
        if (s instanceof Stmt.ExprStmt e) out.add(e.expr());
        if (s instanceof Stmt.Input in) out.add(in.shape());
        if (s instanceof Stmt.Repeat r) out.add(r.count());
        if (s instanceof Stmt.Concat c) c.args().forEach(a -> out.add(a.value()));
        if (s instanceof Stmt.Experts x) x.args().forEach(a -> out.add(a.value()));
        return out;
    }

    /**
     * The layer calls whose input is read again after them: the first statement of a
     * residual's body or shortcut and of a merge's branch (the input is the other part's
     * too), and a statement right after a Parameter (its input is the learnable tensor).
     * An in-place layer there would change what the others read.
     */
    static Set<org.nnspec.ast.Expr.Call> readAgain(List<Stmt> body) {
        Set<org.nnspec.ast.Expr.Call> calls = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        readAgain(body, calls);
        return calls;
    }

    private static void readAgain(List<Stmt> body, Set<org.nnspec.ast.Expr.Call> calls) {
        for (int i = 0; i < body.size(); i++) {
            Stmt s = body.get(i);
            if (s instanceof Stmt.Residual r) {
                addCall(r.body(), 0, calls);
                if (r.shortcut() != null) addCall(r.shortcut(), 0, calls);
            }
            if (s instanceof Stmt.Branch b) addCall(b.body(), 0, calls);
            if (call(s) instanceof org.nnspec.ast.Expr.Call c && c.callee() instanceof org.nnspec.ast.Expr.Name n
                    && n.name().equals("Parameter")) {
                addCall(body, i + 1, calls);
            }
            for (List<Stmt> inner : bodies(s)) readAgain(inner, calls);
        }
    }

    private static void addCall(List<Stmt> body, int index, Set<org.nnspec.ast.Expr.Call> calls) {
        if (index < body.size() && call(body.get(index)) instanceof org.nnspec.ast.Expr.Call c) calls.add(c);
    }

    /** The call a layer statement writes, or null. */
    private static org.nnspec.ast.Expr call(Stmt s) {
        return s instanceof Stmt.Layer l ? l.call() : s instanceof Stmt.ExprStmt e ? e.expr() : null;
    }

    /** The statement lists nested directly in {@code s}. */
    static List<List<Stmt>> bodies(Stmt s) {
        List<List<Stmt>> out = new ArrayList<>();
        if (s instanceof Stmt.For f) out.add(f.body());
        if (s instanceof Stmt.If i) {
            out.add(i.then());
            out.add(i.otherwise());
        }
        if (s instanceof Stmt.Residual r) {
            out.add(r.body());
            if (r.shortcut() != null) out.add(r.shortcut());
        }
        if (s instanceof Stmt.Concat c) out.add(c.body());
        if (s instanceof Stmt.Merge m) out.add(m.body());
        if (s instanceof Stmt.Branch b) out.add(b.body());
        if (s instanceof Stmt.Experts x) out.add(x.body());
        if (s instanceof Stmt.Repeat r) out.add(r.body());
        return out;
    }
}
