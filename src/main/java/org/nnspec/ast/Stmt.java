package org.nnspec.ast;

import java.util.List;
import org.nnspec.diag.Span;

/** Statements (docs/language.md sections 4 and 6). */
public sealed interface Stmt
        permits Stmt.Print, Stmt.Explain, Stmt.Import, Stmt.NetworkDef, Stmt.BlockDef, Stmt.For,
                Stmt.If, Stmt.Input, Stmt.Residual, Stmt.Concat, Stmt.Branch, Stmt.Repeat,
                Stmt.Layer, Stmt.SequenceDef, Stmt.Assign, Stmt.ExprStmt {
    Span span();

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

    record Branch(List<Stmt> body, Span span) implements Stmt {
        public Branch { body = List.copyOf(body); }
    }

    record Repeat(Expr count, List<Stmt> body, Span span) implements Stmt {
        public Repeat { body = List.copyOf(body); }
    }

    /** {@code conv1: Conv2d(...)} */
    record Layer(String name, Span nameSpan, Expr call, Span span) implements Stmt {}

    /** {@code h[1] = ...} (base case, index an integer) or {@code h[t] = ...} (the rule). */
    record SequenceDef(String name, Span nameSpan, Expr index, Expr value, Span span) implements Stmt {}

    record Assign(String name, Span nameSpan, Expr value, Span span) implements Stmt {}

    record ExprStmt(Expr expr, Span span) implements Stmt {}
}
