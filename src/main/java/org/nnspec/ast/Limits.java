package org.nnspec.ast;

/**
 * Limits of the language that hold wherever a value comes from, a literal in the source or a
 * computation (docs/language.md, "Limits"): the parser checks literals against them and the
 * interpreter checks results.
 */
public final class Limits {
    /** An exact integer has at most this many decimal digits; beyond it, a real is the tool. */
    public static final int MAX_EXACT_DIGITS = 100_000;

    private Limits() {}
}
