package org.nnspec.nn;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nnspec.diag.Span;

/**
 * A layer call as written in a network body, {@code Conv2d(3, 16, kernel_size=3)}: the layer
 * type, the span of the whole call, positional arguments, and keyword arguments in source order.
 * The argument collections are kept as unmodifiable views, not copied: every caller builds
 * them for the one call and hands them over.
 */
public record LayerCall(String type, Span span, List<Arg> positional, Map<String, Arg> keywords) {
    public LayerCall {
        if (span == null) span = Span.NONE;
        positional = Collections.unmodifiableList(positional);
        // Map.of() when there are none (BatchNorm2d(64), ReLU()): iterating an empty view of a
        // LinkedHashMap still makes three wrapper objects and an iterator
        keywords = keywords.isEmpty() ? Map.of() : Collections.unmodifiableMap(keywords);
    }

    /**
     * A call without source positions, for tests and tools. Arguments alternate: positional
     * values first, then {@code "name=", value} pairs; ints become BigIntegers, arrays of
     * values become tuples.
     */
    public static LayerCall of(String type, Object... args) {
        List<Arg> pos = new ArrayList<>();
        Map<String, Arg> kw = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof String s && s.endsWith("=") && i + 1 < args.length) {
                kw.put(s.substring(0, s.length() - 1), Arg.of(normalise(args[++i])));
            } else {
                pos.add(Arg.of(normalise(a)));
            }
        }
        return new LayerCall(type, Span.NONE, pos, kw);
    }

    private static Object normalise(Object v) {
        if (v instanceof Integer i) return BigInteger.valueOf(i);
        if (v instanceof Long l) return BigInteger.valueOf(l);
        if (v instanceof Object[] arr) {
            List<Object> out = new ArrayList<>();
            for (Object o : arr) out.add(normalise(o));
            return out;
        }
        return v;
    }
}
