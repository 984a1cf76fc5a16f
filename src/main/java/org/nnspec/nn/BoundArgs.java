package org.nnspec.nn;

import java.math.BigInteger;
import java.util.List;
import org.nnspec.diag.Span;

/**
 * A layer call's arguments bound to its signature, in normal form, with their spans: by
 * parameter position, looked up by name through the {@link Signature}.
 */
public final class BoundArgs {
    private final Signature signature;
    private final Span callSpan;
    private final Object[] values;
    /** Where each argument is written; null for a parameter that took its default. */
    private final Span[] spans;

    BoundArgs(Signature signature, Span callSpan, Object[] values, Span[] spans) {
        this.signature = signature;
        this.callSpan = callSpan;
        this.values = values;
        this.spans = spans;
    }

    /** Whether the call wrote this argument (rather than taking its default). */
    public boolean given(String name) {
        int i = signature.indexOf(name);
        return i >= 0 && spans[i] != null;
    }

    /** Where the argument is written; the call's span when it took its default. */
    public Span span(String name) {
        int i = signature.indexOf(name);
        Span s = i < 0 ? null : spans[i];
        return s == null || s.isNone() ? callSpan : s;
    }

    public Object raw(String name) {
        int i = signature.indexOf(name);
        return i < 0 ? null : values[i];
    }

    public BigInteger integer(String name) { return (BigInteger) raw(name); }
    public long smallInt(String name) { return integer(name).longValueExact(); }
    public boolean bool(String name) { return (Boolean) raw(name); }
    public Double real(String name) { return (Double) raw(name); }
    public String string(String name) { return (String) raw(name); }

    @SuppressWarnings("unchecked")
    public List<BigInteger> ints(String name) { return (List<BigInteger>) raw(name); }
}
