package org.nnspec.render;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * How numbers look in text output (LANGUAGE.md section 9): reals with a given number of
 * significant digits, trailing zeros trimmed, scientific notation below 1e-4 or from 1e9;
 * integers exact, with thousands separators in tables.
 */
public final class Numbers {
    private Numbers() {}

    /**
     * {@code n.toString()}, through Long.toString when it fits: BigInteger's own goes through
     * MutableBigInteger division, slow while the JIT has not compiled it (a summary calls this
     * for every size in every formula and shape).
     */
    public static String plain(java.math.BigInteger n) {
        int bits = n.bitLength();
        if (bits <= 10 && n.signum() >= 0) { // channel counts, kernel sizes, strides: the same few, again and again
            int i = n.intValue();
            String s = SMALL[i];
            if (s == null) SMALL[i] = s = Integer.toString(i); // a race only makes the same string twice
            return s;
        }
        if (bits < 32) return Integer.toString(n.intValue()); // int digits are cheaper to make than long's
        return bits < 64 ? Long.toString(n.longValue()) : n.toString();
    }

    /** The text of 0 to 1023, each made at its first use. */
    private static final String[] SMALL = new String[1024];

    public static String real(double x, int precision) {
        if (Double.isNaN(x)) return "nan";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return "0";
        BigDecimal rounded = new BigDecimal(x).round(new MathContext(precision, RoundingMode.HALF_EVEN));
        double mag = Math.abs(rounded.doubleValue());
        if (mag < 1e-4 || mag >= 1e9) {
            String digits = rounded.unscaledValue().abs().toString();
            int exponent = digits.length() - 1 - rounded.scale();
            String mantissa = digits.substring(0, 1);
            String rest = stripZeros(digits.substring(1));
            if (!rest.isEmpty()) mantissa += "." + rest;
            String sign = rounded.signum() < 0 ? "-" : "";
            String expSign = exponent < 0 ? "-" : "+";
            int absExp = Math.abs(exponent);
            return sign + mantissa + "e" + expSign + (absExp < 10 ? "0" : "") + absExp;
        }
        String plain = rounded.toPlainString();
        if (plain.contains(".")) {
            plain = stripZeros(plain);
            if (plain.endsWith(".")) plain = plain.substring(0, plain.length() - 1);
        }
        return plain.equals("-0") ? "0" : plain;
    }

    private static String stripZeros(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '0') end--;
        return s.substring(0, end);
    }

    /** An exact integer with thousands separators: {@code 805,371,904}. */
    public static String grouped(BigInteger n) {
        if (n.signum() == 0) return "0"; // the MACs of every activation and normalisation row
        // plain's text (Integer's or Long's, much faster than BigInteger's toString), as this
        // runs a few thousand times in a summary, mostly before it is compiled
        String digits = plain(n);
        int sign = n.signum() < 0 ? 1 : 0, len = digits.length() - sign;
        if (len <= 3) return digits;
        // a comma inserted every three digits from the right: a few array copies, where a
        // loop over the digits was a call per digit while the JVM interprets
        StringBuilder sb = new StringBuilder(digits.length() + (len - 1) / 3).append(digits);
        for (int i = sign + len - 3; i > sign; i -= 3) sb.insert(i, ',');
        return sb.toString();
    }

    public static String grouped(long n) { return grouped(BigInteger.valueOf(n)); }
}
