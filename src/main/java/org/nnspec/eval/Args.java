package org.nnspec.eval;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.nnspec.diag.NnspecException;
import org.nnspec.diag.Span;

/**
 * A built-in's arguments after binding positional and keyword arguments to its parameters.
 * Conversion errors name the argument and point at it.
 */
public final class Args {
    private final Builtin builtin;
    private final Map<String, Value> values;
    private final Map<String, Span> spans;
    private final Span callSpan;

    private Args(Builtin builtin, Map<String, Value> values, Map<String, Span> spans, Span callSpan) {
        this.builtin = builtin;
        this.values = values;
        this.spans = spans;
        this.callSpan = callSpan;
    }

    /** An argument as evaluated: {@code name} null for a positional one. */
    public record Given(String name, Value value, Span span, Span nameSpan) {}

    static Args bind(Builtin b, List<Given> given, Span callSpan) {
        Map<String, Value> values = new HashMap<>();
        Map<String, Span> spans = new HashMap<>();
        List<Builtin.Param> params = b.params();
        int position = 0;
        boolean keywordSeen = false;
        for (Given g : given) {
            if (g.name() == null) {
                if (keywordSeen) {
                    throw new NnspecException(g.span(), "a positional argument cannot follow a keyword argument",
                            "write it before the keyword arguments, or name it");
                }
                if (position >= params.size()) {
                    throw new NnspecException(g.span(), b.name() + " takes at most " + params.size() + " argument"
                            + (params.size() == 1 ? "" : "s") + ", but more were given", "write " + b.signature());
                }
                Builtin.Param p = params.get(position++);
                values.put(p.name(), g.value());
                spans.put(p.name(), g.span());
            } else {
                keywordSeen = true;
                Builtin.Param p = params.stream().filter(q -> q.name().equals(g.name())).findFirst().orElse(null);
                if (p == null) {
                    throw new NnspecException(g.nameSpan() == null ? g.span() : g.nameSpan(),
                            b.name() + " has no parameter '" + g.name() + "'", "write " + b.signature());
                }
                if (values.containsKey(p.name())) {
                    throw new NnspecException(g.span(), "'" + g.name() + "' is given twice", null);
                }
                values.put(p.name(), g.value());
                spans.put(p.name(), g.span());
            }
        }
        for (Builtin.Param p : params) {
            if (!values.containsKey(p.name())) {
                if (p.defaultValue() == null) {
                    throw new NnspecException(callSpan, b.name() + " needs its argument '" + p.name() + "'",
                            "write " + b.signature());
                }
                values.put(p.name(), p.defaultValue());
            }
        }
        return new Args(b, values, spans, callSpan);
    }

    public Value get(String name) { return values.get(name); }

    /** The same arguments with every value passed through {@code f}. */
    Args mapValues(java.util.function.UnaryOperator<Value> f) {
        Map<String, Value> mapped = new HashMap<>();
        values.forEach((k, v) -> mapped.put(k, f.apply(v)));
        return new Args(builtin, mapped, spans, callSpan);
    }

    public boolean has(String name) {
        Value v = values.get(name);
        return v != null && v != Builtin.NONE;
    }

    public Span span(String name) { return spans.getOrDefault(name, callSpan); }
    public Span callSpan() { return callSpan; }

    private String label(String name) { return "'" + name + "' of " + builtin.name(); }

    private <T> T convert(String name, java.util.function.Supplier<T> f) {
        try {
            return f.get();
        } catch (NnspecException e) {
            throw e.at(span(name));
        }
    }

    public double real(String name) { return convert(name, () -> Convert.toDouble(get(name), label(name))); }
    public int integer(String name) { return convert(name, () -> Convert.toInt(get(name), label(name))); }
    public BigInteger bigInteger(String name) { return convert(name, () -> Convert.toBigInteger(get(name), label(name))); }
    public boolean bool(String name) { return convert(name, () -> Convert.toBool(get(name), label(name))); }
    public DMatrixRMaj matrix(String name) { return convert(name, () -> Convert.toMatrix(get(name), label(name))); }

    public String string(String name) {
        Value v = get(name);
        if (v instanceof Value.StrV s) return s.value();
        throw new NnspecException(span(name), label(name) + " must be a string, not " + Convert.article(v), null);
    }

    public List<String> strings(String name) {
        Value v = get(name);
        if (v instanceof Value.ListV l) {
            List<String> out = new ArrayList<>();
            for (Value item : l.items()) {
                if (!(item instanceof Value.StrV s)) {
                    throw new NnspecException(span(name), label(name) + " must be a list of strings", null);
                }
                out.add(s.value());
            }
            return out;
        }
        throw new NnspecException(span(name), label(name) + " must be a list of strings, not " + Convert.article(v), null);
    }
}
