package org.nnspec.render;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * How numbers look in text output (docs/language.md section 9): reals with a given number of
 * significant digits, trailing zeros trimmed, scientific notation below 1e-4 or from 1e9;
 * integers exact, with thousands separators in tables.
 */
public final class Numbers {
    private Numbers() {}

    /** An exact integer's digits: {@code 805371904}. */
    public static String plain(BigInteger n) {
        // BigInteger's own toString divides its magnitude step by step; a long's is direct
        return n.bitLength() < 64 ? Long.toString(n.longValue()) : n.toString();
    }

    /** A real rounded to {@code precision} significant digits (half to even), trailing zeros trimmed. */
    public static String real(double x, int precision) {
        if (Double.isNaN(x)) return "nan";
        if (Double.isInfinite(x)) return x > 0 ? "inf" : "-inf";
        if (x == 0) return "0";
        BigDecimal rounded = roundedTo(x, precision);
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

    /**
     * x rounded to {@code precision} significant digits. Most reals people write (0.1, 1e-5)
     * have a short decimal form that reads back as the same double; when it has no more than
     * {@code precision} digits and precision is at most 15, it is that rounding: the double's
     * exact value lies within half a unit in the last place of it, far closer than any other
     * decimal of that many digits. That holds for normal doubles only (a subnormal's unit in
     * the last place is large beside it). Otherwise the double's exact binary value is rounded.
     */
    static BigDecimal roundedTo(double x, int precision) {
        if (precision <= 15 && Math.abs(x) >= Double.MIN_NORMAL) {
            BigDecimal shortest = new BigDecimal(Double.toString(x)).stripTrailingZeros();
            if (shortest.precision() <= precision) return shortest;
        }
        return new BigDecimal(x).round(new MathContext(precision, RoundingMode.HALF_EVEN));
    }

    private static String stripZeros(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '0') end--;
        return s.substring(0, end);
    }

    /** An exact integer with thousands separators: {@code 805,371,904}. */
    public static String grouped(BigInteger n) {
        String digits = plain(n.abs());
        StringBuilder sb = new StringBuilder(n.signum() < 0 ? "-" : "");
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) sb.append(',');
            sb.append(digits.charAt(i));
        }
        return sb.toString();
    }

    public static String grouped(long n) { return grouped(BigInteger.valueOf(n)); }
}
