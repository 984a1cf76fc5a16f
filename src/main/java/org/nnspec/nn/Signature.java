package org.nnspec.nn;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.nnspec.diag.NnspecException;
import org.nnspec.diag.Span;

/**
 * A layer's parameters in PyTorch's order, and the binding of a {@link LayerCall}'s arguments
 * to them: positional then keyword, each checked against its {@link Param.Kind}. Binding
 * errors are {@link NnspecException}s placed at the offending argument (or at the call).
 */
public final class Signature {
    private final String layer;
    private final List<Param> params;
    /** Each parameter's position in {@link #params}. */
    private final Map<String, Integer> index = new HashMap<>();
    /** Each parameter's default in normal form, by position: a bound call starts from a copy. */
    private final Object[] defaults;
    /** The parameters by position and the positions of the required ones, for binding. */
    private final Param[] byPosition;
    private final int[] required;
    private final boolean acceptsAnything;
    /** Whether the one parameter collects all positional arguments, as {@code *size} does in Python. */
    private final boolean variadic;

    public Signature(String layer, List<Param> params, boolean acceptsAnything) {
        this(layer, params, acceptsAnything, false);
    }

    /**
     * {@code Parameter(*size)}: the one parameter takes every positional argument as one
     * tuple ({@code Parameter(1, 1, 768)}), or a single tuple ({@code Parameter((1, 1, 768))}).
     */
    public static Signature variadic(String layer, Param sizes) {
        return new Signature(layer, List.of(sizes), false, true);
    }

    private Signature(String layer, List<Param> params, boolean acceptsAnything, boolean variadic) {
        this.variadic = variadic;
        this.layer = layer;
        this.params = List.copyOf(params);
        this.acceptsAnything = acceptsAnything;
        this.defaults = new Object[params.size()];
        this.byPosition = this.params.toArray(new Param[0]);
        int[] req = new int[byPosition.length];
        int r = 0;
        for (int i = 0; i < byPosition.length; i++) {
            Param p = byPosition[i];
            index.put(p.name(), i);
            defaults[i] = defaultFor(p);
            if (p.required()) req[r++] = i;
        }
        this.required = java.util.Arrays.copyOf(req, r);
    }

    /** The position of the parameter called {@code name}, or −1. */
    int indexOf(String name) {
        Integer i = index.get(name);
        return i == null ? -1 : i;
    }

    public List<Param> params() { return params; }

    /**
     * The parameter an argument fills: {@code keyword} when it has one, else the parameter at
     * {@code position} (null past the last).
     */
    public String parameterName(String keyword, int position) {
        if (keyword != null) return keyword;
        return position < byPosition.length ? byPosition[position].name() : null;
    }

    /** Whether an argument may be a symbolic dimension's name ({@code Expand(N, -1, -1)}). */
    public boolean takesNames() {
        for (Param p : byPosition) if (p.kind() == Param.Kind.SIZES_OR_NAMES) return true;
        return false;
    }

    /** {@code Conv2d(in_channels, out_channels, kernel_size, stride=1, ...)}. */
    public String display() {
        if (acceptsAnything) return layer + "(*args, **kwargs)";
        if (variadic) return layer + "(*" + params.get(0).name() + ")";
        return layer + params.stream().map(Param::display).collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * Binds the call's arguments by position then by name; parameters not given keep their
     * defaults. Values and spans are arrays by parameter position, starting from a copy of
     * the defaults.
     */
    public BoundArgs bind(LayerCall call) {
        Object[] values = defaults.clone();
        Span[] spans = new Span[byPosition.length];
        if (acceptsAnything) return new BoundArgs(this, call.span(), values, spans);
        List<Arg> pos = call.positional();
        if (variadic && pos.size() > 1) {
            List<Object> items = new ArrayList<>(pos.size());
            for (Arg a : pos) {
                if (a.value() instanceof List<?>) throw bad(a, layer + " takes sizes one by one or as one tuple, not tuples among sizes", null);
                items.add(a.value());
            }
            Span first = pos.get(0).span(), last = pos.get(pos.size() - 1).span();
            pos = List.of(new Arg(items, first.isNone() || last.isNone() ? call.span() : first.to(last)));
        }
        int given = pos.size();
        if (given > byPosition.length) {
            throw new NnspecException(pos.get(byPosition.length).span(),
                    layer + " takes at most " + byPosition.length + " argument" + (byPosition.length == 1 ? "" : "s")
                            + ", but " + given + " were given", "the signature is " + display());
        }
        for (int i = 0; i < given; i++) {
            Arg arg = pos.get(i);
            values[i] = convert(byPosition[i], arg);
            spans[i] = arg.span();
        }
        if (!call.keywords().isEmpty()) { // most calls have none; an entry set and its iterator are four objects
            for (Map.Entry<String, Arg> kw : call.keywords().entrySet()) {
                int i = indexOf(kw.getKey());
                Span where = kw.getValue().span();
                if (i < 0) {
                    String near = closest(kw.getKey());
                    throw new NnspecException(where, layer + " has no argument named " + kw.getKey(),
                            (near != null ? "did you mean " + near + "? " : "") + "the signature is " + display());
                }
                Param p = byPosition[i];
                if (spans[i] != null) {
                    throw new NnspecException(where, layer + " got " + p.name() + " twice (by position and by name)",
                            "give " + p.name() + " once; the signature is " + display());
                }
                values[i] = convert(p, kw.getValue());
                spans[i] = where;
            }
        }
        for (int i : required) {
            if (spans[i] == null) {
                throw new NnspecException(call.span(), layer + " is missing its argument " + byPosition[i].name(),
                        "the signature is " + display());
            }
        }
        return new BoundArgs(this, call.span(), values, spans);
    }

    private static Object defaultFor(Param p) {
        Object d = p.defaultValue();
        if (d == null) return null;
        if ((p.kind() == Param.Kind.INTS || p.kind() == Param.Kind.PADDING) && d instanceof BigInteger b) {
            return java.util.Collections.nCopies(Math.max(1, p.arity()), b);
        }
        return d;
    }

    private Object convert(Param p, Arg arg) {
        Object v = arg.value();
        switch (p.kind()) {
            case ANY:
                return v;
            case BOOL:
                if (v instanceof Boolean) return v;
                throw bad(arg, what(p) + " must be true or false, got " + show(v), null);
            case REAL:
                if (v == null && p.defaultValue() == null) return null;
                if (v instanceof BigInteger b) return b.doubleValue();
                if (v instanceof Double) return v;
                throw bad(arg, what(p) + " must be a number, got " + show(v), null);
            case OPT_REAL:
                if (v == null) return null;
                if (v instanceof BigInteger b) return b.doubleValue();
                if (v instanceof Double) return v;
                throw bad(arg, what(p) + " must be a number or None, got " + show(v), null);
            case CHOICE:
                if (v instanceof String s && p.choices().contains(s)) return s;
                throw bad(arg, what(p) + " must be one of " + p.choices().stream().map(c -> "\"" + c + "\"")
                        .collect(Collectors.joining(", ")) + ", got " + show(v), null);
            case INT:
                return integer(p, arg, v);
            case OPT_INT:
                return v == null ? null : integer(p, arg, v);
            case PADDING:
                if (v instanceof String s) {
                    if (s.equals("same") || s.equals("valid")) return s;
                    throw bad(arg, what(p) + " must be an integer, a tuple, \"same\" or \"valid\", got " + show(v), null);
                }
                return ints(p, arg, v, false);
            case INTS:
                if (v == null && !p.required() && p.defaultValue() == null) return null;
                return ints(p, arg, v, false);
            case SIZES_OR_NAMES: {
                List<?> items = v instanceof List<?> l ? l : java.util.Collections.singletonList(v);
                if (items.isEmpty()) throw bad(arg, what(p) + " must not be an empty tuple", null);
                List<Object> out = new ArrayList<>(items.size());
                for (Object o : items) {
                    // Expand((N, -1, -1)): inside a tuple an unbound name arrives as its text
                    if (o instanceof String name && name.matches("[\\p{L}_][\\p{L}\\p{N}_]*")) o = Dim.symbolic(name);
                    out.add(o instanceof Dim.Symbolic d ? d : integer(p, arg, o));
                }
                return out;
            }
            case OPT_INTS:
                // None inside the tuple keeps that size; PyTorch refuses a bare None (TypeError)
                if (v == null) {
                    throw bad(arg, what(p) + " must be " + expected(p.arity()) + " (None inside a tuple keeps that size), got None", null);
                }
                return ints(p, arg, v, true);
            default:
                throw new IllegalStateException(p.kind().toString());
        }
    }

    private List<BigInteger> ints(Param p, Arg arg, Object v, boolean noneAllowed) {
        int n = p.arity();
        if (v instanceof List<?> list) {
            if (n != 0 && list.size() != n) {
                throw bad(arg, what(p) + " must be " + expected(n) + ", got a tuple of " + list.size(), null);
            }
            if (n == 0 && list.isEmpty()) throw bad(arg, what(p) + " must not be an empty tuple", null);
            List<BigInteger> out = new ArrayList<>(list.size());
            for (Object o : list) out.add(o == null && noneAllowed ? null : integer(p, arg, o));
            return out;
        }
        if (v == null && !noneAllowed) throw bad(arg, what(p) + " must be " + expected(n) + ", got None", null);
        BigInteger one = v == null ? null : integer(p, arg, v);
        return java.util.Collections.nCopies(Math.max(1, n), one); // as the defaults are: one object, read only
    }

    private BigInteger integer(Param p, Arg arg, Object v) {
        BigInteger b;
        if (v instanceof BigInteger bi) {
            b = bi;
        } else if (v instanceof Double d && Double.isFinite(d) && d == Math.rint(d)) {
            b = new BigDecimal(d).toBigIntegerExact();
        } else if (v instanceof Double d) {
            throw bad(arg, what(p) + " must be an integer, got " + show(v),
                    Double.isFinite(d) ? "write " + (long) Math.floor(d) + " or " + (long) Math.ceil(d) : null);
        } else {
            throw bad(arg, what(p) + " must be an integer, got " + show(v), null);
        }
        if (p.min() != null && b.compareTo(p.min()) < 0) {
            throw bad(arg, what(p) + " must be at least " + p.min() + ", got " + b
                    + (b.signum() == 0 && p.min().equals(BigInteger.ONE) ? " (PyTorch would build an empty layer, with no weights"
                            + " to count; nnspec describes layers that compute something)" : ""), null);
        }
        if (!Dim.withinMax(b)) throw bad(arg, Dim.tooLarge(b, what(p)), null); // the message only when refused
        return b;
    }

    // The texts below are built only on the error path.

    /** {@code Conv2d's stride}, the subject of a binding error. */
    private String what(Param p) {
        return layer + "'s " + p.name();
    }

    private static String expected(int arity) {
        return arity == 0 ? "an integer or a tuple of integers"
                : arity == 1 ? "an integer" : "an integer or a tuple of " + arity + " integers";
    }

    private static NnspecException bad(Arg arg, String message, String help) {
        return new NnspecException(arg.span(), message, help);
    }

    static String show(Object v) {
        if (v == null) return "None";
        if (v instanceof String s) return "the string \"" + s + "\"";
        if (v instanceof Boolean b) return b ? "true" : "false";
        if (v instanceof Double d) return org.nnspec.render.Numbers.real(d, 6);
        if (v instanceof List<?> l) return l.stream().map(Signature::show).collect(Collectors.joining(", ", "(", l.size() == 1 ? ",)" : ")"));
        return String.valueOf(v);
    }

    /** The parameter name nearest to a misspelt one (edit distance at most 3), or null. */
    private String closest(String wrong) {
        String best = null;
        int bestDist = 4;
        for (Param p : params) {
            int d = editDistance(wrong, p.name());
            if (d < bestDist) {
                bestDist = d;
                best = p.name();
            }
        }
        return best;
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
