package org.nnspec.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The text format of numbers (docs/language.md section 9). */
class NumbersTest {
    @Test void significantDigitsAndTrimmedZeros() {
        assertEquals("0.333333", Numbers.real(1.0 / 3, 6));
        assertEquals("3.5", Numbers.real(3.5, 6));
        assertEquals("7", Numbers.real(7.0, 6));
        assertEquals("0.09", Numbers.real(0.3 * 0.3, 6)); // 0.09 up to rounding noise
        assertEquals("0.33", Numbers.real(1.0 / 3, 2));
    }

    @Test void scientificBelowOneTenThousandth() {
        assertEquals("0.0001", Numbers.real(1e-4, 6));
        assertEquals("9.9e-05", Numbers.real(9.9e-5, 6));
        assertEquals("1.16226e-10", Numbers.real(Math.pow(0.3, 19), 6)); // the seed's 3(b)
    }

    @Test void scientificFromOneBillion() {
        assertEquals("999999000", Numbers.real(999_999_000.0, 6));
        assertEquals("1e+09", Numbers.real(1e9, 6));
        assertEquals("1.16226e+09", Numbers.real(1_162_261_467.0, 6));
        assertEquals("-2.5e+20", Numbers.real(-2.5e20, 6));
    }

    @Test void roundingThatCarriesIntoANewDigit() {
        assertEquals("1e+09", Numbers.real(999_999_999.0, 6)); // rounds up to 1.00000e9
        assertEquals("10", Numbers.real(9.9999999, 6));
    }

    @Test void specialValues() {
        assertEquals("0", Numbers.real(-0.0, 6));
        assertEquals("nan", Numbers.real(Double.NaN, 6));
        assertEquals("-inf", Numbers.real(Double.NEGATIVE_INFINITY, 6));
    }

    @Test void plainOnBothSidesOfALong() { // a long's digits below 2^63, BigInteger's from there
        for (int i = 0; i < 2; i++) {
            assertEquals("0", Numbers.plain(BigInteger.ZERO));
            assertEquals("7", Numbers.plain(BigInteger.valueOf(7)));
            assertEquals("1023", Numbers.plain(BigInteger.valueOf(1023)));
            assertEquals("1024", Numbers.plain(BigInteger.valueOf(1024)));
            assertEquals("-1", Numbers.plain(BigInteger.valueOf(-1)));
            assertEquals("-1023", Numbers.plain(BigInteger.valueOf(-1023)));
        }
        assertEquals("12345678901234567890123", Numbers.plain(new BigInteger("12345678901234567890123")));
        assertEquals("2147483647", Numbers.plain(BigInteger.valueOf(Integer.MAX_VALUE)));
        assertEquals("-2147483648", Numbers.plain(BigInteger.valueOf(Integer.MIN_VALUE)));
        assertEquals("2147483648", Numbers.plain(BigInteger.valueOf(1L << 31)));
        assertEquals("9223372036854775807", Numbers.plain(BigInteger.valueOf(Long.MAX_VALUE)));
        assertEquals("-9223372036854775809", Numbers.plain(BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE)));
        assertEquals("-9223372036854775808", Numbers.plain(BigInteger.valueOf(Long.MIN_VALUE)));
        assertEquals("9223372036854775808", Numbers.plain(BigInteger.ONE.shiftLeft(63)));
    }

    @Test void thousandsSeparators() {
        assertEquals("805,371,904", Numbers.grouped(BigInteger.valueOf(805_371_904)));
        assertEquals("448", Numbers.grouped(448));
        assertEquals("-1,000", Numbers.grouped(-1000));
        assertEquals("100,000,000,000,000,000,000", Numbers.grouped(BigInteger.TEN.pow(20)));
        assertEquals("0", Numbers.grouped(0));
        assertEquals("999", Numbers.grouped(999));
        assertEquals("1,000", Numbers.grouped(1000));
        assertEquals("100,000", Numbers.grouped(100_000));
        assertEquals("1,000,000", Numbers.grouped(1_000_000));
        assertEquals("-999", Numbers.grouped(-999));
        assertEquals("-100,000", Numbers.grouped(-100_000));
        assertEquals("-9,223,372,036,854,775,808", Numbers.grouped(Long.MIN_VALUE));
        assertEquals("-12,345,678,901,234,567,890,123", Numbers.grouped(new BigInteger("-12345678901234567890123")));
        assertEquals("1,234", Numbers.grouped(1234));
        assertEquals("-12,345", Numbers.grouped(-12_345));
    }

    /**
     * The short-form rounding agrees with rounding the double's exact binary value (the
     * definition) on decimals as people write them, on random bit patterns and on subnormals.
     */
    @Test void shortFormRoundingEqualsExactRounding() {
        java.util.Random random = new java.util.Random(20);
        for (int i = 0; i < 200_000; i++) {
            double x = switch (i % 4) {
                case 0 -> random.nextInt(2_000_000) / Math.pow(10, random.nextInt(12)); // 0.1, 1e-5, 12.25
                case 1 -> Double.longBitsToDouble(random.nextLong());
                case 2 -> random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
                default -> (random.nextInt(19) - 9) * Double.MIN_VALUE * (1L << random.nextInt(60)); // subnormals and beyond
            };
            if (Double.isNaN(x) || Double.isInfinite(x) || x == 0) continue;
            for (int precision = 1; precision <= 17; precision++) {
                java.math.BigDecimal exact = new java.math.BigDecimal(x).round(
                        new java.math.MathContext(precision, java.math.RoundingMode.HALF_EVEN));
                assertEquals(0, exact.compareTo(Numbers.roundedTo(x, precision)), x + " to " + precision + " digits");
            }
        }
        assertEquals("4.94066e-324", Numbers.real(Double.MIN_VALUE, 6)); // 4.9406564584124654e-324, not its short form 4.9e-324
        assertEquals("0.1", Numbers.real(0.1, 6));
        assertEquals("1e-05", Numbers.real(1e-5, 6));
    }
}
