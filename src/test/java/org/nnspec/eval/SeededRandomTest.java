package org.nnspec.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** SeededRandom gives java.util.Random's numbers, bit for bit, so rand and randn did not change. */
class SeededRandomTest {
    private static final long[] SEEDS = {0, 1, -1, 2, 42, 123456789, Long.MAX_VALUE, Long.MIN_VALUE, 0x5DEECE66DL};

    @Test void gaussiansAreRandomsGaussians() {
        for (long seed : SEEDS) {
            Random expected = new Random(seed);
            double[] want = new double[10_001]; // odd: the last one leaves a cached second gaussian
            for (int i = 0; i < want.length; i++) want[i] = expected.nextGaussian();
            double[] got = new double[want.length];
            new SeededRandom(seed).fill(got, got.length, true);
            assertArrayEquals(want, got, "seed " + seed);
        }
    }

    @Test void doublesAreRandomsDoubles() {
        for (long seed : SEEDS) {
            Random expected = new Random(seed);
            double[] want = new double[10_000];
            for (int i = 0; i < want.length; i++) want[i] = expected.nextDouble();
            double[] got = new double[want.length];
            new SeededRandom(seed).fill(got, got.length, false);
            assertArrayEquals(want, got, "seed " + seed);
        }
    }

    @Test void interleavedAsRandomInterleavesThem() {
        // nextGaussian makes two at a time and keeps the second for the next call
        Random expected = new Random(7);
        SeededRandom got = new SeededRandom(7);
        for (int i = 0; i < 5000; i++) {
            boolean gaussian = (i * 7 % 3) != 0;
            assertEquals(gaussian ? expected.nextGaussian() : expected.nextDouble(),
                    gaussian ? got.nextGaussian() : got.nextDouble(), "call " + i);
        }
    }

    @Test void fillsOnlyTheFirstN() {
        double[] out = {9, 9, 9};
        new SeededRandom(3).fill(out, 2, false);
        Random expected = new Random(3);
        assertEquals(expected.nextDouble(), out[0]);
        assertEquals(expected.nextDouble(), out[1]);
        assertEquals(9, out[2]);
    }
}
