package org.nnspec.nn;

import org.nnspec.diag.Span;

/**
 * One argument of a layer call as the interpreter hands it over: {@code value} is a
 * {@link java.math.BigInteger}, {@link Double}, {@link Boolean}, {@link String}, a
 * {@code List<Object>} (a tuple of such values) or {@code null} (Python's None); {@code span}
 * is where the argument is written (or {@link Span#NONE}).
 */
public record Arg(Object value, Span span) {
    public Arg {
        if (span == null) span = Span.NONE;
    }

    public static Arg of(Object value) { return new Arg(value, Span.NONE); }
}
