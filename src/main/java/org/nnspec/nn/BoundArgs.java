package org.nnspec.nn;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.nnspec.diag.Span;

/** A layer call's arguments bound to its signature, in normal form, with their spans. */
public final class BoundArgs {
    private final String layer;
    private final Span callSpan;
    private final Map<String, Object> values;
    private final Map<String, Span> spans;

    BoundArgs(String layer, Span callSpan, Map<String, Object> values, Map<String, Span> spans) {
        this.layer = layer;
        this.callSpan = callSpan;
        this.values = values;
        this.spans = spans;
    }

    public String layer() { return layer; }

    /** Whether the call wrote this argument (rather than taking its default). */
    public boolean given(String name) { return spans.containsKey(name); }

    /** Where the argument is written; the call's span when it took its default. */
    public Span span(String name) {
        Span s = spans.get(name);
        return s == null || s.isNone() ? callSpan : s;
    }

    public Object raw(String name) { return values.get(name); }
    public BigInteger integer(String name) { return (BigInteger) values.get(name); }
    public long smallInt(String name) { return ((BigInteger) values.get(name)).longValueExact(); }
    public boolean bool(String name) { return (Boolean) values.get(name); }
    public Double real(String name) { return (Double) values.get(name); }
    public String string(String name) { return (String) values.get(name); }

    @SuppressWarnings("unchecked")
    public List<BigInteger> ints(String name) { return (List<BigInteger>) values.get(name); }
}
