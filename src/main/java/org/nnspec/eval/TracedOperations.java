package org.nnspec.eval;

import java.util.List;
import org.nnspec.ast.Expr;
import org.nnspec.autodiff.Arithmetic;
import org.nnspec.autodiff.Node;
import org.nnspec.autodiff.Structure;
import org.nnspec.diag.NnspecException;
import org.nnspec.eval.Value.MatV;

/**
 * Operations on traced values: while {@code grad} evaluates, any operation with a traced
 * operand is recorded on the autodiff tape; operations on plain values stay plain (exact
 * integers included), so only what depends on the variable is recorded.
 */
final class TracedOperations {
    private TracedOperations() {}

    static boolean isTraced(Value v) { return v instanceof TracedV; }

    static Node node(Value v, String what) {
        if (v instanceof TracedV t) return t.node();
        if (Coercions.isNumber(v)) return Node.constant(Coercions.toDouble(v, what));
        return Node.constant(Coercions.toMatrix(v, what));
    }

    static Value wrap(Node n) {
        return new TracedV(n);
    }

    static Value plain(Value v) {
        return v instanceof TracedV t ? t.plain() : v;
    }

    static Value negate(Value v) { return wrap(Arithmetic.neg(node(v, "operand of '-'"))); }

    static Value transpose(Value v) { return wrap(Arithmetic.transpose(node(v, "operand of .T"))); }

    static Value binary(Expr.BinaryOp op, Value a, Value b) {
        switch (op) {
            case ADD: return wrap(Arithmetic.add(node(a, "left operand"), node(b, "right operand")));
            case SUB: return wrap(Arithmetic.sub(node(a, "left operand"), node(b, "right operand")));
            case MUL: return wrap(Arithmetic.mul(node(a, "left operand"), node(b, "right operand")));
            case DIV: return wrap(Arithmetic.div(node(a, "left operand"), node(b, "right operand")));
            case POW: return wrap(Arithmetic.pow(node(a, "base"), node(b, "exponent")));
            case MATMUL: return wrap(Arithmetic.matmul(node(a, "left operand of '@'"), node(b, "right operand of '@'")));
            default:
                // comparisons, //, %: piecewise constant, so their derivative is zero
                return Operators.binary(op, plain(a), plain(b));
        }
    }

    static Value index(Value target, List<Value> idx, Expr.Index ix) {
        Node n = ((TracedV) target).node();
        if (idx.size() == 2) {
            return wrap(Structure.index(n, Indexing.position(idx.get(0), n.rows(), ix, 0),
                    Indexing.position(idx.get(1), n.cols(), ix, 1)));
        }
        if (idx.size() != 1) throw new NnspecException(ix.span(), "a matrix takes one or two indices", null);
        int size = n.isVector() ? n.size() : n.rows();
        return wrap(Structure.index(n, Indexing.position(idx.get(0), size, ix, 0)));
    }

    static Value matrix(List<List<Value>> rows, Expr.Matrix m) {
        if (rows.size() == 1 && rows.get(0).size() > 1 && rows.get(0).stream().allMatch(v -> rowVector(v))) {
            List<Value> items = rows.get(0);
            Node[] parts = new Node[items.size()];
            for (int i = 0; i < parts.length; i++) parts[i] = node(items.get(i), "element");
            return wrap(Structure.concatRows(parts));
        }
        Node[][] blocks = new Node[rows.size()][];
        for (int r = 0; r < rows.size(); r++) {
            List<Value> row = rows.get(r);
            blocks[r] = new Node[row.size()];
            for (int k = 0; k < row.size(); k++) blocks[r][k] = node(row.get(k), "element");
        }
        return wrap(Structure.matrix(blocks));
    }

    private static boolean rowVector(Value v) {
        if (v instanceof TracedV t) return !t.node().isScalar() && t.node().rows() == 1;
        return v instanceof MatV mv && mv.m().numRows == 1 || v instanceof Value.ListV;
    }
}
