package org.nnspec.eval;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nnspec.eval.Value.RealV;

/**
 * The named constants (docs/language.md section 5): {@code pi}, {@code e}, {@code inf} and
 * {@code nan}, as Python's {@code math} has them. A binding of the same name hides one.
 */
public final class Constants {
    private Constants() {}

    private record Constant(RealV value, String doc) {}

    private static final Map<String, Constant> ALL = new LinkedHashMap<>();

    static {
        ALL.put("pi", new Constant(new RealV(Math.PI), "pi = 3.14159… (the constant π)"));
        ALL.put("e", new Constant(new RealV(Math.E), "e = 2.71828… (the base of the natural logarithm)"));
        ALL.put("inf", new Constant(new RealV(Double.POSITIVE_INFINITY), "inf (positive infinity, math.inf; -inf is its negative)"));
        ALL.put("nan", new Constant(new RealV(Double.NaN), "nan (not a number, math.nan; it propagates through max, min, sum and norm)"));
    }

    /** The constant's value, or null when {@code name} is not a constant. */
    static Value get(String name) {
        Constant c = ALL.get(name);
        return c == null ? null : c.value();
    }

    /** Each constant's name and one line of help, in order. */
    public static Map<String, String> docs() {
        Map<String, String> docs = new LinkedHashMap<>();
        ALL.forEach((name, c) -> docs.put(name, c.doc()));
        return docs;
    }
}
