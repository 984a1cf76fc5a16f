package org.nnspec.eval;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.nnspec.eval.Value.IntV;
import org.nnspec.eval.Value.ListV;
import org.nnspec.eval.Value.MatV;
import org.nnspec.eval.Value.RealV;

/** {@code ==}: structural equality; values of different types are unequal, never an error. */
final class Equality {
    private Equality() {}

    static boolean equal(Value a, Value b) {
        if (Coercions.isNumber(a) && Coercions.isNumber(b)) {
            if (a instanceof IntV x && b instanceof IntV y) return x.value().equals(y.value());
            if (a instanceof IntV x && b instanceof Value.RealV y) return !Double.isNaN(y.value()) && Operators.compareExactly(x.value(), y.value()) == 0;
            if (a instanceof Value.RealV x && b instanceof IntV y) return !Double.isNaN(x.value()) && Operators.compareExactly(y.value(), x.value()) == 0;
            return Coercions.toDouble(a, "") == Coercions.toDouble(b, "");
        }
        if (a instanceof MatV x && b instanceof MatV y) return sameMatrix(x.m(), y.m());
        if (a instanceof ListV x && b instanceof ListV y) {
            List<Value> p = x.items(), q = y.items();
            if (p.size() != q.size()) return false;
            for (int i = 0; i < p.size(); i++) {
                if (!equal(p.get(i), q.get(i))) return false;
            }
            return true;
        }
        if (a instanceof RealV || b instanceof RealV || a instanceof IntV || b instanceof IntV) return false;
        return a.getClass() == b.getClass() && a.equals(b);
    }

    private static boolean sameMatrix(DMatrixRMaj a, DMatrixRMaj b) {
        if (a.numRows != b.numRows || a.numCols != b.numCols) return false;
        for (int i = 0; i < a.getNumElements(); i++) {
            if (a.data[i] != b.data[i]) return false;
        }
        return true;
    }
}
