package org.nnspec.nn;

import java.math.BigInteger;

/** One dimension of a shape: an exact size, or a symbolic name such as {@code N}. */
public sealed interface Dim permits Dim.Known, Dim.Symbolic {
    record Known(BigInteger value) implements Dim {
        @Override public String toString() { return value.toString(); }
    }

    record Symbolic(String name) implements Dim {
        @Override public String toString() { return name; }
    }

    static Dim of(long n) { return new Known(BigInteger.valueOf(n)); }
    static Dim of(BigInteger n) { return new Known(n); }
    static Dim symbolic(String name) { return new Symbolic(name); }
}
