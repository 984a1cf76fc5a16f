package org.nnspec.nn;

/** Builds the human parameter formulas of summaries: {@code 3·3·3·16 + 16}. */
final class Formula {
    private Formula() {}

    /** Factors joined by a middle dot; factors that are sums should come parenthesised. */
    static String product(Object... factors) {
        StringBuilder sb = new StringBuilder();
        for (Object f : factors) {
            if (sb.length() > 0) sb.append('·');
            sb.append(f instanceof java.math.BigInteger b ? org.nnspec.render.Numbers.plain(b) : String.valueOf(f));
        }
        return sb.toString();
    }

    /** Terms joined by " + ", skipping null and empty terms; "0" when nothing remains. */
    static String sum(String... terms) {
        StringBuilder sb = new StringBuilder();
        for (String t : terms) {
            if (t == null || t.isEmpty()) continue;
            if (sb.length() > 0) sb.append(" + ");
            sb.append(t);
        }
        return sb.length() == 0 ? "0" : sb.toString();
    }

    static String paren(String s) { return s.contains(" ") ? "(" + s + ")" : s; }
}
