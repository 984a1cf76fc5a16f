package org.nnspec.eval;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.nnspec.ast.Expr;
import org.nnspec.diag.NnspecException;
import org.nnspec.eval.Value.ListV;
import org.nnspec.eval.Value.MatV;
import org.nnspec.eval.Value.RealV;
import org.nnspec.eval.Value.ShapeV;
import org.nnspec.eval.Value.StrV;
import org.nnspec.nn.Dim;

/**
 * {@code a[i]} and {@code a[i, j]} on lists, shapes, strings and matrices: 0-based as in
 * numpy and PyTorch, negative indices count from the end. One rule for matrices, plain and
 * under {@code grad} ({@code TracedOperations.index}): a vector (1×n or n×1) is indexed by
 * element, any other matrix by row ({@code M[i]}) and entry ({@code M[i, j]}).
 */
final class Indexing {
    private Indexing() {}

    static Value index(Value target, List<Value> idx, Expr.Index ix) {
        if (target instanceof MatV m) return matrix(m.m(), idx, ix);
        if (idx.size() != 1) {
            throw new NnspecException(ix.span(), Coercions.article(target) + " takes one index, not " + idx.size(), null);
        }
        if (target instanceof ListV l) return l.items().get(position(idx.get(0), l.items().size(), ix, 0));
        if (target instanceof ShapeV s) {
            Dim d = s.shape().get(position(idx.get(0), s.shape().rank(), ix, 0));
            return d instanceof Dim.Known k ? new Value.IntV(k.value()) : new StrV(d.toString());
        }
        if (target instanceof StrV s) {
            int[] cps = s.value().codePoints().toArray();
            return new StrV(new String(cps, position(idx.get(0), cps.length, ix, 0), 1));
        }
        throw new NnspecException(ix.span(), Coercions.article(target) + " cannot be indexed", null);
    }

    private static Value matrix(DMatrixRMaj m, List<Value> idx, Expr.Index ix) {
        if (idx.size() == 2) {
            int i = position(idx.get(0), m.numRows, ix, 0);
            int j = position(idx.get(1), m.numCols, ix, 1);
            return new RealV(m.get(i, j));
        }
        if (idx.size() != 1) throw new NnspecException(ix.span(), "a matrix takes one or two indices", null);
        if (m.numRows == 1 || m.numCols == 1) return new RealV(m.data[position(idx.get(0), m.getNumElements(), ix, 0)]);
        int i = position(idx.get(0), m.numRows, ix, 0);
        return new MatV(org.ejml.dense.row.CommonOps_DDRM.extractRow(m, i, null));
    }

    static int position(Value v, int size, Expr.Index ix, int which) {
        var span = ix.indices().get(which).span();
        java.math.BigInteger given = Coercions.toBigInteger(v, "an index", span);
        long i = given.max(java.math.BigInteger.valueOf(Long.MIN_VALUE / 2))
                .min(java.math.BigInteger.valueOf(Long.MAX_VALUE / 2)).longValue();
        long k = i < 0 ? i + size : i;
        if (k < 0 || k >= size) {
            throw new NnspecException(span, "index " + given + " is out of range for size " + size,
                    size == 0 ? null : "indices start at 0: use 0 to " + (size - 1) + " (or -1 for the last)");
        }
        return (int) k;
    }
}
