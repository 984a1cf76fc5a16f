package org.nnspec.nn;

import java.math.BigInteger;
import java.util.List;

/**
 * One parameter of a layer's signature, in PyTorch's name, order and default. The kind says
 * which argument values it accepts; binding turns the argument into the kind's normal form
 * (see {@link Signature#bind}).
 */
public record Param(String name, Kind kind, int arity, boolean required, Object defaultValue,
                    BigInteger min, List<String> choices) {

    /** What a parameter accepts and what its bound value is. */
    public enum Kind {
        /** an integer → BigInteger */
        INT,
        /** an integer or None → BigInteger or null */
        OPT_INT,
        /** an integer or a tuple of {@code arity} integers (any length when arity is 0) → List&lt;BigInteger&gt; */
        INTS,
        /** like INTS, or the strings "same"/"valid" → List&lt;BigInteger&gt; or String */
        PADDING,
        /** an integer, or a tuple of integers and Nones → List&lt;BigInteger or null&gt; */
        OPT_INTS,
        /** a bool → Boolean */
        BOOL,
        /** a number, or None when the default is None → Double or null */
        REAL,
        /** a number or None → Double or null */
        OPT_REAL,
        /** one of {@code choices} → String */
        CHOICE,
        /**
         * sizes as Tensor.expand takes them: integers (−1 keeps a size) or symbolic names (N) →
         * List of BigInteger or {@link Dim.Symbolic}
         */
        SIZES_OR_NAMES,
        /** accepted and ignored (device, dtype) */
        ANY
    }

    private static final BigInteger ONE = BigInteger.ONE;

    public static Param positiveInt(String name) { return new Param(name, Kind.INT, 1, true, null, ONE, List.of()); }
    public static Param positiveInt(String name, long dflt) { return new Param(name, Kind.INT, 1, false, BigInteger.valueOf(dflt), ONE, List.of()); }
    public static Param nonNegativeInt(String name, long dflt) { return new Param(name, Kind.INT, 1, false, BigInteger.valueOf(dflt), BigInteger.ZERO, List.of()); }
    public static Param anyInt(String name) { return new Param(name, Kind.INT, 1, true, null, null, List.of()); }
    public static Param anyInt(String name, long dflt) { return new Param(name, Kind.INT, 1, false, BigInteger.valueOf(dflt), null, List.of()); }
    public static Param optionalInt(String name) { return new Param(name, Kind.OPT_INT, 1, false, null, null, List.of()); }
    public static Param optionalPositiveInt(String name) { return new Param(name, Kind.OPT_INT, 1, false, null, ONE, List.of()); }

    /** A size per spatial dim, {@code arity} of them, each at least {@code min}; required when {@code dflt} is null. */
    public static Param sizes(String name, int arity, Long dflt, long min) {
        return new Param(name, Kind.INTS, arity, dflt == null, dflt == null ? null : BigInteger.valueOf(dflt), BigInteger.valueOf(min), List.of());
    }

    /** Like {@link #sizes} but None by default (pooling stride: None means the kernel size). */
    public static Param optionalSizes(String name, int arity, long min) {
        return new Param(name, Kind.INTS, arity, false, null, BigInteger.valueOf(min), List.of());
    }

    /** Sizes per side that may be negative (constant padding crops with them); required. */
    public static Param signedSizes(String name, int arity) { return new Param(name, Kind.INTS, arity, true, null, null, List.of()); }
    public static Param tupleOfAnyLength(String name, BigInteger min) { return new Param(name, Kind.INTS, 0, true, null, min, List.of()); }
    public static Param padding(String name, int arity, boolean allowSame) {
        return new Param(name, allowSame ? Kind.PADDING : Kind.INTS, arity, false, BigInteger.ZERO, BigInteger.ZERO, List.of());
    }
    public static Param optionalSizesWithNone(String name, int arity) { return new Param(name, Kind.OPT_INTS, arity, true, null, ONE, List.of()); }
    public static Param bool(String name, boolean dflt) { return new Param(name, Kind.BOOL, 1, false, dflt, null, List.of()); }
    public static Param real(String name, double dflt) { return new Param(name, Kind.REAL, 1, false, dflt, null, List.of()); }
    /** A number that may also be None (BatchNorm's momentum). */
    public static Param optionalRealDefault(String name, double dflt) { return new Param(name, Kind.OPT_REAL, 1, false, dflt, null, List.of()); }
    public static Param requiredReal(String name) { return new Param(name, Kind.REAL, 1, true, null, null, List.of()); }
    public static Param optionalReal(String name) { return new Param(name, Kind.REAL, 1, false, null, null, List.of()); }
    public static Param choice(String name, String dflt, String... choices) { return new Param(name, Kind.CHOICE, 1, false, dflt, null, List.of(choices)); }
    /** Tensor.expand's sizes: integers from −1 up, or names of symbolic dimensions. */
    public static Param sizesOrNames(String name) { return new Param(name, Kind.SIZES_OR_NAMES, 0, true, null, BigInteger.ONE.negate(), List.of()); }
    public static Param ignored(String name) { return new Param(name, Kind.ANY, 1, false, null, null, List.of()); }

    /** {@code name} or {@code name=default} in Python notation, as in a signature line. */
    public String display() {
        if (required) return name;
        return name + "=" + python(defaultValue);
    }

    static String python(Object v) {
        if (v == null) return "None";
        if (v instanceof Boolean b) return b ? "True" : "False";
        if (v instanceof String s) return "\"" + s + "\"";
        if (v instanceof Double d) return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.format(java.util.Locale.ROOT, "%.1f", d) : org.nnspec.render.Numbers.real(d, 6);
        return v.toString();
    }
}
