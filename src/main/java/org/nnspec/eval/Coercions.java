package org.nnspec.eval;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.ejml.data.DMatrixRMaj;
import org.nnspec.ast.Limits;
import org.nnspec.diag.NnspecException;
import org.nnspec.diag.Span;
import org.nnspec.eval.Value.BoolV;
import org.nnspec.eval.Value.IntV;
import org.nnspec.eval.Value.ListV;
import org.nnspec.eval.Value.MatV;
import org.nnspec.eval.Value.RealV;

/** Coercions between values, with the messages users see when one is impossible. */
public final class Coercions {
    private Coercions() {}

    public static boolean isNumber(Value v) {
        return v instanceof IntV || v instanceof RealV;
    }

    public static double toDouble(Value v, String what) {
        if (v instanceof IntV i) return i.value().doubleValue();
        if (v instanceof RealV r) return r.value();
        if (v instanceof MatV m && m.m().getNumElements() == 1) return m.m().data[0];
        throw new NnspecException(what + " must be a number, not " + article(v), null);
    }

    /**
     * An integer where one is required; a real with an integral value is accepted
     * (docs/language.md section 5), any other real is an error naming the argument.
     */
    public static BigInteger toBigInteger(Value v, String what) {
        if (v instanceof IntV i) return i.value();
        if (v instanceof RealV r) {
            double d = r.value();
            if (Double.isFinite(d) && d == Math.rint(d)) return new BigDecimal(d).toBigInteger();
            throw new NnspecException(what + " must be an integer, not " + org.nnspec.render.Numbers.real(d, 6), null);
        }
        if (v instanceof MatV m && m.m().getNumElements() == 1) return toBigInteger(new RealV(m.m().data[0]), what);
        throw new NnspecException(what + " must be an integer, not " + article(v), null);
    }

    public static int toInt(Value v, String what) {
        BigInteger b = toBigInteger(v, what);
        if (b.bitLength() > 31) throw new NnspecException(what + " is too large: " + b, null);
        return b.intValue();
    }

    /**
     * {@link #toBigInteger(Value, String)} with its error placed at {@code at}, where the value
     * is written (a repeat's count, an index).
     */
    public static BigInteger toBigInteger(Value v, String what, Span at) {
        try {
            return toBigInteger(v, what);
        } catch (NnspecException e) {
            throw e.at(at);
        }
    }

    /** {@link #toInt(Value, String)} with its error placed at {@code at}. */
    public static int toInt(Value v, String what, Span at) {
        try {
            return toInt(v, what);
        } catch (NnspecException e) {
            throw e.at(at);
        }
    }

    public static boolean toBool(Value v, String what) {
        if (v instanceof BoolV b) return b.value();
        throw new NnspecException(what + " must be true or false, not " + article(v), null);
    }

    /** A matrix view of a number (1×1), a matrix, or a list of numbers (1×n). */
    public static DMatrixRMaj toMatrix(Value v, String what) {
        if (v instanceof MatV m) return m.m();
        if (isNumber(v)) {
            DMatrixRMaj m = new DMatrixRMaj(1, 1);
            m.data[0] = toDouble(v, what);
            return m;
        }
        if (v instanceof ListV l && !l.items().isEmpty()) {
            DMatrixRMaj m = new DMatrixRMaj(1, l.items().size());
            for (int j = 0; j < l.items().size(); j++) {
                Value item = l.items().get(j);
                if (!isNumber(item)) {
                    throw new NnspecException(what + " must be a matrix, but this list holds " + article(item), null);
                }
                m.data[j] = toDouble(item, what);
            }
            return m;
        }
        throw new NnspecException(what + " must be a matrix, not " + article(v), null);
    }

    public static DMatrixRMaj allocate(long rows, long cols) {
        checkSize(rows, cols);
        return new DMatrixRMaj((int) rows, (int) cols);
    }

    /** Refuses a result of this size before anything computes it (broadcasting, products). */
    public static void checkSize(long rows, long cols) {
        if (rows < 0 || cols < 0) throw new NnspecException("a matrix cannot have a negative size: " + rows + "×" + cols, null);
        if (rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE || rows * cols > Limits.MAX_MATRIX_ENTRIES) {
            throw new NnspecException("a " + rows + "×" + cols + " matrix is too large (at most "
                    + org.nnspec.render.Numbers.grouped(Limits.MAX_MATRIX_ENTRIES) + " entries)", null);
        }
    }

    /** "a string", "an int", "a 2×3 matrix". */
    public static String article(Value v) {
        String name = v.typeName();
        char c = name.charAt(0);
        return ("aeiou".indexOf(c) >= 0 ? "an " : "a ") + name;
    }
}
