package org.nnspec.nn;

import java.math.BigInteger;

/** One dimension of a shape: an exact size, or a symbolic name such as {@code N}. */
public sealed interface Dim permits Dim.Known, Dim.Symbolic {
    /**
     * The largest size a shape or a layer argument may have: 10^100. Counting stays exact far
     * beyond PyTorch's 2^63−1 (a layer with 10^20 channels), but sizes with thousands of digits
     * only make every product and printed table slow.
     */
    BigInteger MAX = BigInteger.TEN.pow(100);

    /** Whether {@code n} is at most {@link #MAX}. */
    static boolean withinMax(BigInteger n) { return n.compareTo(MAX) <= 0; }

    /** Why {@code n} is refused as a size, or null when it is within {@link #MAX}. */
    static String tooLarge(BigInteger n, String what) {
        if (withinMax(n)) return null;
        return what + " is " + (n.bitLength() > 400 ? "a number of " + n.toString().length() + " digits" : n)
                + ", above the largest size nnspec works with (10^100)";
    }

    // equals and hashCode are written out: a record's generated ones are linked through
    // invokedynamic at first use, which every network would pay for these two, its most
    // compared values (bench/README.md, "Simplify (#20)").

    record Known(BigInteger value) implements Dim {
        @Override public String toString() { return org.nnspec.render.Numbers.plain(value); }
        @Override public boolean equals(Object o) { return o instanceof Known k && value.equals(k.value); }
        @Override public int hashCode() { return value.hashCode(); }
    }

    record Symbolic(String name) implements Dim {
        @Override public String toString() { return name; }
        @Override public boolean equals(Object o) { return o instanceof Symbolic s && name.equals(s.name); }
        @Override public int hashCode() { return name.hashCode(); }
    }

    static Dim of(long n) { return new Known(BigInteger.valueOf(n)); }
    static Dim of(BigInteger n) { return new Known(n); }
    static Dim symbolic(String name) { return new Symbolic(name); }
}
