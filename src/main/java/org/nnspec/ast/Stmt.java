package org.nnspec.ast;

import java.util.List;
import org.nnspec.diag.Span;

/** Statements (docs/language.md sections 4 and 6). */
public sealed interface Stmt
        permits Stmt.Print, Stmt.Explain, Stmt.Import, Stmt.NetworkDef, Stmt.BlockDef, Stmt.For,
                Stmt.If, Stmt.Input, Stmt.Residual, Stmt.Concat, Stmt.Merge, Stmt.Experts, Stmt.Branch, Stmt.Repeat,
                Stmt.Layer, Stmt.SequenceDef, Stmt.Assign, Stmt.ExprStmt {
    Span span();

    /**
     * Every expression written in these statements, nested bodies included (network and
     * block bodies, loops, branches, parameters' defaults), in no particular order.
     */
    static java.util.List<Expr> expressions(java.util.List<Stmt> statements) {
        java.util.List<Expr> out = new java.util.ArrayList<>();
        java.util.Deque<Stmt> todo = new java.util.ArrayDeque<>(statements);
        while (!todo.isEmpty()) {
            Stmt s = todo.pop();
            if (s instanceof Assign a) out.add(a.value());
            else if (s instanceof ExprStmt e) out.add(e.expr());
            else if (s instanceof Print p) out.addAll(p.values());
            else if (s instanceof Explain x) out.add(x.expr());
            else if (s instanceof SequenceDef d) out.add(d.value());
            else if (s instanceof Input i) out.add(i.shape());
            else if (s instanceof Layer l) out.add(l.call());
            else if (s instanceof For f) {
                out.add(f.iterable());
                todo.addAll(f.body());
            } else if (s instanceof If i) {
                out.add(i.condition());
                todo.addAll(i.then());
                todo.addAll(i.otherwise());
            } else if (s instanceof NetworkDef n) {
                n.params().forEach(p -> { if (p.defaultValue() != null) out.add(p.defaultValue()); });
                todo.addAll(n.body());
            } else if (s instanceof BlockDef b) {
                b.params().forEach(p -> { if (p.defaultValue() != null) out.add(p.defaultValue()); });
                todo.addAll(b.body());
            } else if (s instanceof Repeat r) {
                out.add(r.count());
                todo.addAll(r.body());
            } else if (s instanceof Residual r) {
                todo.addAll(r.body());
                if (r.shortcut() != null) todo.addAll(r.shortcut());
            } else if (s instanceof Concat c) {
                c.args().forEach(a -> out.add(a.value()));
                todo.addAll(c.body());
            } else if (s instanceof Merge m) {
                todo.addAll(m.body());
            } else if (s instanceof Experts x) {
                x.args().forEach(a -> out.add(a.value()));
                todo.addAll(x.body());
            } else if (s instanceof Branch b) {
                todo.addAll(b.body());
            } else if (s instanceof Import) {
                // a path, no expression
            }
        }
        return out;
    }

    record Print(List<Expr> values, Span span) implements Stmt {
        public Print { values = List.copyOf(values); }
    }

    record Explain(Expr expr, Span span) implements Stmt {}

    record Import(String path, Span pathSpan, Span span) implements Stmt {}

    record Param(String name, Expr defaultValue, Span span) {}

    record NetworkDef(String name, Span nameSpan, List<Param> params, boolean hasParamList,
                      List<Stmt> body, Span span) implements Stmt {
        public NetworkDef { params = List.copyOf(params); body = List.copyOf(body); }
    }

    record BlockDef(String name, Span nameSpan, List<Param> params, List<Stmt> body, Span span) implements Stmt {
        public BlockDef { params = List.copyOf(params); body = List.copyOf(body); }
    }

    record For(String variable, Span variableSpan, Expr iterable, List<Stmt> body, Span span) implements Stmt {
        public For { body = List.copyOf(body); }
    }

    /** {@code otherwise} is empty when there is no else. */
    record If(Expr condition, List<Stmt> then, List<Stmt> otherwise, Span span) implements Stmt {
        public If { then = List.copyOf(then); otherwise = List.copyOf(otherwise); }
    }

    record Input(Expr shape, Span span) implements Stmt {}

    /** {@code shortcut} is null when absent (identity); {@code name} null when unnamed. */
    record Residual(String name, List<Stmt> body, List<Stmt> shortcut, Span shortcutSpan, Span span) implements Stmt {
        public Residual { body = List.copyOf(body); shortcut = shortcut == null ? null : List.copyOf(shortcut); }
    }

    /** {@code name} null when unnamed. */
    record Concat(String name, List<Expr.Argument> args, List<Stmt> body, Span span) implements Stmt {
        public Concat { args = List.copyOf(args); body = List.copyOf(body); }
    }

    /** {@code name} null when unnamed. */
    record Branch(String name, List<Stmt> body, Span span) implements Stmt {
        public Branch { body = List.copyOf(body); }
    }

    /**
     * {@code add { branch … }} or {@code multiply { branch … }}: the elementwise sum or product
     * of the branches, broadcasting; {@code name} null when unnamed.
     */
    record Merge(String name, boolean multiply, List<Stmt> body, Span span) implements Stmt {
        public Merge { body = List.copyOf(body); }
    }

    /** {@code experts(count=8, active=2) { one expert }}; {@code name} null when unnamed. */
    record Experts(String name, List<Expr.Argument> args, List<Stmt> body, Span span) implements Stmt {
        public Experts { args = List.copyOf(args); body = List.copyOf(body); }
    }

    /** {@code name} null when unnamed: then its iterations are children of the scope around it. */
    record Repeat(String name, Expr count, List<Stmt> body, Span span) implements Stmt {
        public Repeat { body = List.copyOf(body); }
    }

    /** {@code conv1: Conv2d(...)} */
    record Layer(String name, Span nameSpan, Expr call, Span span) implements Stmt {}

    /** {@code h[1] = ...} (base case, index an integer) or {@code h[t] = ...} (the rule). */
    record SequenceDef(String name, Span nameSpan, Expr index, Expr value, Span span) implements Stmt {}

    record Assign(String name, Span nameSpan, Expr value, Span span) implements Stmt {}

    record ExprStmt(Expr expr, Span span) implements Stmt {}
}
