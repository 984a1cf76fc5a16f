package org.nnspec.ast;

/**
 * Limits of the language that hold wherever a value comes from, a literal in the source or a
 * computation (docs/language.md, "Limits"): the parser checks literals against them and the
 * interpreter checks results.
 */
public final class Limits {
    /**
     * An exact integer has at most this many decimal digits; beyond it, a real is the tool
     * (Java's BigInteger would take seconds to raise such a number to a power or to print it).
     */
    public static final int MAX_EXACT_DIGITS = 100_000;

    /** The same limit in bits (100,000 · log2(10), rounded up), for checks on results. */
    public static final long MAX_EXACT_BITS = 332_193L;

    /**
     * A matrix has at most this many entries, checked before it is allocated: every
     * constructor, broadcasting, {@code @}, and attention's score matrix.
     */
    public static final long MAX_MATRIX_ENTRIES = 50_000_000L;

    private Limits() {}
}
