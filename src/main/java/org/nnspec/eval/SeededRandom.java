package org.nnspec.eval;

/**
 * The numbers {@code java.util.Random} gives for a seed, for {@code rand} and {@code randn}:
 * its algorithms are specified in its documentation (the 48-bit linear congruential generator,
 * {@code nextDouble} from 26 + 27 bits, {@code nextGaussian} by the polar method with
 * {@code StrictMath}), so these are the same numbers, bit for bit (SeededRandomTest checks).
 * Without Random's synchronised {@code nextGaussian} and atomic seed updates, a large
 * {@code randn} takes about half the time.
 */
final class SeededRandom {
    private static final long MULTIPLIER = 0x5DEECE66DL, ADDEND = 0xBL, MASK = (1L << 48) - 1;
    private long seed;
    private double nextNextGaussian;
    private boolean haveNextNextGaussian;

    SeededRandom(long seed) {
        this.seed = (seed ^ MULTIPLIER) & MASK;
    }

    private int next(int bits) {
        seed = (seed * MULTIPLIER + ADDEND) & MASK;
        return (int) (seed >>> (48 - bits));
    }

    double nextDouble() {
        return (((long) next(26) << 27) + next(27)) * 0x1.0p-53;
    }

    double nextGaussian() {
        if (haveNextNextGaussian) {
            haveNextNextGaussian = false;
            return nextNextGaussian;
        }
        double v1, v2, s;
        do {
            v1 = 2 * nextDouble() - 1; // between -1 and 1
            v2 = 2 * nextDouble() - 1;
            s = v1 * v1 + v2 * v2;
        } while (s >= 1 || s == 0);
        double multiplier = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        nextNextGaussian = v2 * multiplier;
        haveNextNextGaussian = true;
        return v1 * multiplier;
    }

    /** Fills {@code out[0, n)} with nextGaussian (normal) or nextDouble, in order. */
    void fill(double[] out, int n, boolean normal) {
        if (normal) {
            for (int i = 0; i < n; i++) out[i] = nextGaussian();
        } else {
            for (int i = 0; i < n; i++) out[i] = nextDouble();
        }
    }
}
