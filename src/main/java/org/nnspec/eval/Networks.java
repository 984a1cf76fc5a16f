package org.nnspec.eval;

import org.nnspec.ast.Expr;
import org.nnspec.ast.Stmt;
import org.nnspec.diag.NnspecException;
import org.nnspec.diag.Span;

/** Network and block definitions and their values (LANGUAGE.md section 6). */
final class Networks {
    private Networks() {}

    static void define(Interpreter interpreter, Stmt.NetworkDef n, Scope scope) {
        throw new NnspecException(n.nameSpan(), "networks are not available yet in this build", null);
    }

    static void defineBlock(Interpreter interpreter, Stmt.BlockDef b, Scope scope) {
        throw new NnspecException(b.nameSpan(), "blocks are not available yet in this build", null);
    }

    static Value resolve(Interpreter interpreter, Value v, Span span) { return v; }

    static Value call(Interpreter interpreter, Value bound, Expr.Call c, Scope scope) { return null; }

    static boolean isLayerType(String name) { return false; }

    static Value field(Value target, String name) { return null; }

    static String keyword(Stmt s) {
        if (s instanceof Stmt.Input) return "'input'";
        if (s instanceof Stmt.Residual) return "'residual'";
        if (s instanceof Stmt.Concat) return "'concat'";
        if (s instanceof Stmt.Branch) return "'branch'";
        if (s instanceof Stmt.Repeat) return "'repeat'";
        if (s instanceof Stmt.Layer) return "a named layer";
        return "this statement";
    }
}
