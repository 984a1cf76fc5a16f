package org.nnspec.eval;

import org.nnspec.ast.Expr;
import org.nnspec.diag.NnspecException;

/** {@code grad(y, x)}: reverse-mode differentiation (LANGUAGE.md section 7). */
final class Gradients {
    private Gradients() {}

    static Value grad(Interpreter interpreter, Expr.Call c, Scope scope) {
        throw new NnspecException(c.span(), "grad is not available yet in this build", null);
    }
}
