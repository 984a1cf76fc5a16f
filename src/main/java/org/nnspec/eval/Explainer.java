package org.nnspec.eval;

import org.nnspec.ast.Expr;

/** The work behind a value, for {@code explain} and {@code --explain}. */
final class Explainer {
    private Explainer() {}

    static String explain(Interpreter interpreter, Expr e, Scope scope, Value v) {
        return null;
    }
}
