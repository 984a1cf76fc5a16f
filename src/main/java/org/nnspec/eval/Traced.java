package org.nnspec.eval;

import java.util.List;
import org.nnspec.ast.Expr;

/** Values that carry a node of the autodiff tape while {@code grad} evaluates. */
final class Traced {
    private Traced() {}

    static boolean isTraced(Value v) { return false; }

    static Value negate(Value v) { throw new IllegalStateException("not traced"); }

    static Value binary(Expr.BinaryOp op, Value a, Value b) { throw new IllegalStateException("not traced"); }

    static Value index(Value target, List<Value> idx, Expr.Index ix) { throw new IllegalStateException("not traced"); }

    static Value transpose(Value v) { throw new IllegalStateException("not traced"); }

    static Value matrix(List<List<Value>> rows, Expr.Matrix m) { throw new IllegalStateException("not traced"); }

    static Value call(Builtin b, Args args) { throw new IllegalStateException("not traced"); }
}
