package org.nnspec.nn;

import java.util.ArrayList;
import java.util.List;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.Span;

/**
 * The shape rule of {@code add { … }} and {@code multiply { … }}: the branch outputs broadcast
 * as PyTorch's elementwise operations do (docs/language.md section 6.1). Sizes are aligned
 * from the last dimension; a missing dimension counts as 1; equal sizes stay, a 1 stretches to
 * the other size, and anything else is an error naming both shapes and the dimension.
 */
final class Elementwise {
    private Elementwise() {}

    /** The broadcast shape of the outputs, or null (reported) when they do not broadcast. */
    static Shape join(List<Shape> outputs, String op, Span where, Diagnostics diags) {
        if (outputs.isEmpty()) {
            diags.error(where, op + " has no branches", "write " + op + " { branch { } branch { ... } } (an empty branch is the identity)");
            return null;
        }
        Shape result = outputs.get(0);
        for (int b = 1; b < outputs.size(); b++) {
            Shape next = broadcast(result, outputs.get(b), op, b, where, diags);
            if (next == null) return null;
            result = next;
        }
        return result;
    }

    private static Shape broadcast(Shape left, Shape right, String op, int b, Span where, Diagnostics diags) {
        int rank = Math.max(left.rank(), right.rank());
        List<Dim> dims = new ArrayList<>(rank);
        for (int i = 0; i < rank; i++) {
            // i counts from the front of the longer shape; the shorter one is padded with 1s in front
            Dim l = dimAt(left, i - (rank - left.rank())), r = dimAt(right, i - (rank - right.rank()));
            if (l.equals(r) || isOne(r)) {
                dims.add(l);
            } else if (isOne(l)) {
                dims.add(r);
            } else {
                String which = "dimension " + (i - rank) + " (counted from the last)";
                boolean bothKnown = l instanceof Dim.Known && r instanceof Dim.Known;
                diags.error(where, op + " cannot broadcast " + (b == 1 ? "branch 1's output " : "the branches before branch " + (b + 1) + ", ")
                                + left + ", with branch " + (b + 1) + "'s output " + right + ": " + which + " is " + l + " in one and " + r
                                + " in the other",
                        bothKnown ? "sizes aligned from the last dimension must be equal, or 1 to stretch (PyTorch broadcasting)"
                                : "nnspec cannot tell whether " + l + " equals " + r + ": make them the same name or size, or one of them 1");
                return null;
            }
        }
        return new Shape(dims);
    }

    private static Dim dimAt(Shape s, int i) { return i < 0 ? ONE : s.get(i); }

    private static final Dim ONE = Dim.of(1);

    private static boolean isOne(Dim d) { return d.equals(ONE); }
}
