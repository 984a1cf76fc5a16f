package org.nnspec.eval;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.nnspec.diag.NnspecException;
import org.nnspec.diag.Span;

/**
 * A built-in's arguments after binding positional and keyword arguments to its parameters.
 * Conversion errors name the argument and point at it.
 */
public final class Args {
    private final Builtin builtin;
    private final Value[] values;
    private final Span[] spans;
    private final Span callSpan;
    /** Keyword arguments beyond the parameters, for a built-in that takes them; empty otherwise. */
    private java.util.Map<String, Given> extras = java.util.Map.of();
    /** Where {@link #warn} goes: the interpreter's diagnostics (nowhere when null). */
    private Interpreter warnings;

    private Args(Builtin builtin, Value[] values, Span[] spans, Span callSpan) {
        this.builtin = builtin;
        this.values = values;
        this.spans = spans;
        this.callSpan = callSpan;
    }

    /** Sends the built-in's warnings (at the call) to {@code interpreter}'s diagnostics; returns this. */
    Args warningsTo(Interpreter interpreter) {
        warnings = interpreter;
        return this;
    }

    /** The interpreter the call runs in, or null (a call evaluated outside one). */
    Interpreter interpreter() { return warnings; }

    /** A warning at the call: the result is still returned. */
    public void warn(String message, String help) {
        if (warnings != null) warnings.report(org.nnspec.diag.Diagnostic.warning(callSpan, message, help));
    }

    /** An argument as evaluated: {@code name} null for a positional one. */
    public record Given(String name, Value value, Span span, Span nameSpan) {}

    private static int indexOf(List<Builtin.Param> params, String name) {
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).name().equals(name)) return i;
        }
        return -1;
    }

    static Args bind(Builtin b, List<Given> given, Span callSpan) {
        List<Builtin.Param> params = b.params();
        Value[] values = new Value[params.size()];
        Span[] spans = new Span[params.size()];
        int position = 0;
        boolean keywordSeen = false;
        java.util.Map<String, Given> extras = null;
        for (Given g : given) {
            int k;
            if (g.name() == null) {
                if (keywordSeen) {
                    throw new NnspecException(g.span(), "a positional argument cannot follow a keyword argument",
                            "write it before the keyword arguments, or name it");
                }
                if (position >= params.size()) {
                    throw new NnspecException(g.span(), b.name() + " takes at most " + params.size() + " argument"
                            + (params.size() == 1 ? "" : "s") + ", but more were given", "write " + b.signature());
                }
                k = position++;
            } else {
                keywordSeen = true;
                k = indexOf(params, g.name());
                if (k < 0 && b.definition().takesExtraKeywords()) {
                    if (extras == null) extras = new java.util.LinkedHashMap<>();
                    if (extras.put(g.name(), g) != null) throw new NnspecException(g.span(), "'" + g.name() + "' is given twice", null);
                    continue;
                }
                if (k < 0) {
                    throw new NnspecException(g.nameSpan() == null ? g.span() : g.nameSpan(),
                            b.name() + " has no parameter '" + g.name() + "'", "write " + b.signature());
                }
                if (values[k] != null) {
                    throw new NnspecException(g.span(), "'" + g.name() + "' is given twice", null);
                }
            }
            values[k] = g.value();
            spans[k] = g.span();
        }
        for (int k = 0; k < params.size(); k++) {
            if (values[k] == null) {
                Builtin.Param p = params.get(k);
                if (p.defaultValue() == null) {
                    throw new NnspecException(callSpan, b.name() + " needs its argument '" + p.name() + "'",
                            "write " + b.signature());
                }
                values[k] = p.defaultValue();
            }
        }
        Args args = new Args(b, values, spans, callSpan);
        if (extras != null) args.extras = extras;
        return args;
    }

    /** Keyword arguments beyond the built-in's parameters, in the order given. */
    public java.util.Map<String, Given> extras() { return extras; }

    /** A one-parameter built-in's one positional argument, bound as {@link #bind} would bind it. */
    static Args single(Builtin b, Value value, Span span, Span callSpan) {
        return new Args(b, new Value[] {value}, new Span[] {span}, callSpan);
    }

    private int slot(String name) {
        int k = indexOf(builtin.params(), name);
        if (k < 0) throw new IllegalArgumentException(builtin.name() + " has no parameter " + name);
        return k;
    }

    public Value get(String name) { return values[slot(name)]; }

    /** The same arguments with every value passed through {@code f}. */
    Args mapValues(java.util.function.UnaryOperator<Value> f) {
        Value[] mapped = new Value[values.length];
        for (int k = 0; k < values.length; k++) mapped[k] = f.apply(values[k]);
        Args args = new Args(builtin, mapped, spans, callSpan).warningsTo(warnings);
        args.extras = extras;
        return args;
    }

    public boolean has(String name) {
        Value v = get(name);
        return v != null && v != Builtin.NONE;
    }

    public Span span(String name) {
        Span s = spans[slot(name)];
        return s == null ? callSpan : s;
    }

    public Span callSpan() { return callSpan; }

    private String label(String name) { return "'" + name + "' of " + builtin.name(); }

    private <T> T convert(String name, java.util.function.Supplier<T> f) {
        try {
            return f.get();
        } catch (NnspecException e) {
            throw e.at(span(name));
        }
    }

    public double real(String name) {
        Value v = get(name);
        if (v instanceof Value.RealV r) return r.value();
        return convert(name, () -> Coercions.toDouble(v, label(name)));
    }

    public int integer(String name) {
        Value v = get(name);
        if (v instanceof Value.IntV i && i.value().bitLength() < 31) return i.value().intValue();
        return convert(name, () -> Coercions.toInt(v, label(name)));
    }

    public BigInteger bigInteger(String name) {
        Value v = get(name);
        if (v instanceof Value.IntV i) return i.value();
        return convert(name, () -> Coercions.toBigInteger(v, label(name)));
    }

    public boolean bool(String name) { return convert(name, () -> Coercions.toBool(get(name), label(name))); }

    public DMatrixRMaj matrix(String name) {
        Value v = get(name);
        if (v instanceof Value.MatV m) return m.m();
        return convert(name, () -> Coercions.toMatrix(v, label(name)));
    }

    public String string(String name) {
        Value v = get(name);
        if (v instanceof Value.StrV s) return s.value();
        throw new NnspecException(span(name), label(name) + " must be a string, not " + Coercions.article(v), null);
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
        throw new NnspecException(span(name), label(name) + " must be a list of strings, not " + Coercions.article(v), null);
    }
}
