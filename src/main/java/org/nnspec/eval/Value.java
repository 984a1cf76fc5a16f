package org.nnspec.eval;

import java.math.BigInteger;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.nnspec.nn.Shape;

/**
 * A runtime value (docs/language.md section 3). Networks, sequences, attention results and traced
 * (differentiated) numbers are values too; their records live next to the code that makes them.
 */
public interface Value {
    /** The type's name as users see it in messages: "int", "matrix", "network". */
    String typeName();

    record IntV(BigInteger value) implements Value {
        private static final int CACHE_LOW = -128, CACHE_HIGH = 1024;
        /** Small integers, made once: a long recurrence makes many 1s and t-1s. */
        private static final IntV[] CACHE = new IntV[CACHE_HIGH - CACHE_LOW + 1];
        static {
            for (int v = CACHE_LOW; v <= CACHE_HIGH; v++) CACHE[v - CACHE_LOW] = new IntV(BigInteger.valueOf(v));
        }

        /** The value, shared for small ones. */
        public static IntV of(long v) {
            if (v < CACHE_LOW || v > CACHE_HIGH) return new IntV(BigInteger.valueOf(v));
            return CACHE[(int) v - CACHE_LOW];
        }

        public static IntV of(BigInteger v) {
            if (v.bitLength() < 32) {
                int i = v.intValue();
                if (i >= CACHE_LOW && i <= CACHE_HIGH) return of(i);
            }
            return new IntV(v);
        }
        @Override public String typeName() { return "int"; }
    }

    record RealV(double value) implements Value {
        @Override public String typeName() { return "real"; }
    }

    record BoolV(boolean value) implements Value {
        public static final BoolV TRUE = new BoolV(true);
        public static final BoolV FALSE = new BoolV(false);
        public static BoolV of(boolean b) { return b ? TRUE : FALSE; }
        @Override public String typeName() { return "bool"; }
    }

    record StrV(String value) implements Value {
        @Override public String typeName() { return "string"; }
    }

    record ListV(List<Value> items) implements Value {
        public ListV { items = items instanceof Builtins.RangeList ? items : List.copyOf(items); } // a range is immutable already
        @Override public String typeName() { return "list"; }
    }

    /** A dense matrix; never mutated once it is a value. */
    record MatV(DMatrixRMaj m) implements Value {
        @Override public String typeName() { return m.numRows + "×" + m.numCols + " matrix"; }
    }

    record ShapeV(Shape shape) implements Value {
        @Override public String typeName() { return "shape"; }
    }

    /** What a statement with no value (plot, print) leaves; not printed. */
    enum Nothing implements Value {
        INSTANCE;
        @Override public String typeName() { return "nothing"; }
    }
}
