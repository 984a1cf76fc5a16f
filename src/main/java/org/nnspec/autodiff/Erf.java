package org.nnspec.autodiff;

/**
 * The error function and its complement (Java has neither), for the exact GELU. erf below 2
 * from the series erf(x) = 2/√π · e^{-x²} · Σ (2x²)ⁿ x / (1·3·…·(2n+1)) (all terms positive,
 * so no cancellation; within 2 ulp); erfc from 0.5 up from its continued fraction, evaluated
 * with the modified Lentz method (Numerical Recipes §5.2, §6.2), which keeps full relative
 * precision in the tail where 1 − erf has no digits left (within about 10 ulp).
 */
public final class Erf {
    private Erf() {}

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;
    /** erf uses the series below this (to 2 ulp), and 1 − erfc above. */
    private static final double ERF_SWITCH = 2.0;
    /** erfc uses 1 − erf below this, the continued fraction above (to about 10 ulp). */
    private static final double ERFC_SWITCH = 0.5;

    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        double r = ax < ERF_SWITCH ? series(ax) : 1 - continuedFraction(ax);
        return x < 0 ? -r : r;
    }

    public static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x < ERFC_SWITCH) return 1 - erf(x);
        return continuedFraction(x);
    }

    private static double series(double x) {
        double x2 = x * x;
        double term = x, sum = x;
        for (int n = 1; n < 200; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return TWO_OVER_SQRT_PI * expMinusSquare(x) * sum;
    }

    /** erfc(x) for x ≥ 0.5 (a few thousand terms at 0.5, a few dozen from 3 on): e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))). */
    private static double continuedFraction(double x) {
        if (x > 27) return 0; // below the smallest double
        final double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int n = 1; n < 20000; n++) {
            double an = n * 0.5;
            d = x + an * d;
            if (d == 0) d = tiny;
            c = x + an / c;
            if (c == 0) c = tiny;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return ONE_OVER_SQRT_PI * expMinusSquare(x) / f;
    }

    /**
     * e^{-x²} without the rounding error of x·x being magnified by exp: x = hi + lo with hi
     * holding the leading bits, so hi² is exact and e^{-x²} = e^{-hi²}·e^{-(x-hi)(x+hi)} (Cody).
     */
    private static double expMinusSquare(double x) {
        double hi = Math.floor(x * 4096) / 4096;
        return Math.exp(-hi * hi) * Math.exp(-(x - hi) * (x + hi));
    }
}
