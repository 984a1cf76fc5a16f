package org.nnspec.ast;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.nnspec.diag.Span;

/** Expressions (docs/language.md section 5). Every node knows its span in the source. */
public sealed interface Expr
        permits Expr.IntLit, Expr.RealLit, Expr.StrLit, Expr.BoolLit, Expr.Name, Expr.Tuple,
                Expr.Matrix, Expr.Unary, Expr.Binary, Expr.Call, Expr.Index, Expr.Field {
    Span span();

    /** Every name this expression mentions (callees and field targets included), in order of appearance. */
    static Set<String> names(Expr e) {
        Set<String> names = new LinkedHashSet<>();
        forEach(e, x -> {
            if (x instanceof Name n) names.add(n.name());
        });
        return names;
    }

    /** Visits this expression and every expression inside it, outermost first, left to right. */
    static void forEach(Expr e, Consumer<Expr> visit) {
        Deque<Expr> todo = new ArrayDeque<>();
        todo.push(e);
        while (!todo.isEmpty()) {
            Expr x = todo.pop();
            visit.accept(x);
            List<Expr> inside = new ArrayList<>();
            if (x instanceof Tuple t) {
                inside.addAll(t.items());
            } else if (x instanceof Matrix m) {
                m.rows().forEach(inside::addAll);
            } else if (x instanceof Unary u) {
                inside.add(u.operand());
            } else if (x instanceof Binary b) {
                inside.add(b.left());
                inside.add(b.right());
            } else if (x instanceof Call c) {
                inside.add(c.callee());
                c.args().forEach(a -> inside.add(a.value()));
            } else if (x instanceof Index i) {
                inside.add(i.target());
                i.indices().forEach(a -> inside.add(a.value()));
            } else if (x instanceof Field f) {
                inside.add(f.target());
            }
            for (int k = inside.size() - 1; k >= 0; k--) todo.push(inside.get(k));
        }
    }

    record IntLit(BigInteger value, Span span) implements Expr {}

    record RealLit(double value, Span span) implements Expr {}

    record StrLit(String value, Span span) implements Expr {}

    record BoolLit(boolean value, Span span) implements Expr {}

    record Name(String name, Span span) implements Expr {}

    /** {@code (N, 3, 64, 64)}: a shape, or a tuple argument such as {@code kernel_size=(3, 5)}. */
    record Tuple(List<Expr> items, Span span) implements Expr {
        public Tuple { items = List.copyOf(items); }
    }

    /** A bracket literal: rows of elements (one row for {@code [a, b]} and numpy style). */
    record Matrix(List<List<Expr>> rows, List<Span> rowSpans, Span span) implements Expr {
        public Matrix {
            rows = rows.stream().map(List::copyOf).toList();
            rowSpans = List.copyOf(rowSpans);
        }
    }

    record Unary(UnaryOp op, Expr operand, Span span) implements Expr {}

    record Binary(BinaryOp op, Expr left, Expr right, Span opSpan, Span span) implements Expr {}

    record Call(Expr callee, List<Argument> args, Span span) implements Expr {
        public Call { args = List.copyOf(args); }
    }

    record Index(Expr target, List<Argument> indices, Span span) implements Expr {
        public Index { indices = List.copyOf(indices); }
    }

    /** {@code r.weights}, and {@code M.T} (transpose). */
    record Field(Expr target, String name, Span nameSpan, Span span) implements Expr {}

    /** {@code name=value} or a positional argument ({@code name} null). */
    record Argument(String name, Span nameSpan, Expr value, Span span) {}

    enum UnaryOp {
        NEG("-"), PLUS("+"), NOT("not");

        public final String symbol;

        UnaryOp(String symbol) { this.symbol = symbol; }
    }

    enum BinaryOp {
        ADD("+"), SUB("-"), MUL("*"), DIV("/"), FLOORDIV("//"), MOD("%"), MATMUL("@"), POW("^"),
        EQ("=="), NE("!="), LT("<"), LE("<="), GT(">"), GE(">="), AND("and"), OR("or");

        public final String symbol;

        BinaryOp(String symbol) { this.symbol = symbol; }
    }
}
