package org.nnspec.ast;

import java.math.BigInteger;
import java.util.List;
import org.nnspec.diag.Span;

/** Expressions (docs/language.md section 5). Every node knows its span in the source. */
public sealed interface Expr
        permits Expr.IntLit, Expr.RealLit, Expr.StrLit, Expr.BoolLit, Expr.Name, Expr.Tuple,
                Expr.Matrix, Expr.Unary, Expr.Binary, Expr.Call, Expr.Index, Expr.Field {
    Span span();

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
