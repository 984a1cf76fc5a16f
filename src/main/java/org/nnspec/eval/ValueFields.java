package org.nnspec.eval;

import org.nnspec.diag.Span;

/** Fields of values: {@code r.weights} of an attention result, {@code Net.params} of a network. */
final class ValueFields {
    private ValueFields() {}

    static Value get(Value target, String name, Span span) {
        return Networks.field(target, name);
    }

    static String help(Value target) {
        if (target instanceof Value.MatV) return "a matrix has the field .T (its transpose)";
        return Networks.fieldHelp(target);
    }
}
