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
