package org.nnspec.nn;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.Span;

/** The shape rule of {@code concat(dim=d)}: branch outputs agree except along d, where they add. */
final class Concat {
    private Concat() {}

    static Shape join(List<Shape> outputs, int dim, Span where, Diagnostics diags) {
        if (outputs.isEmpty()) {
            diags.error(where, "concat has no branches", "write concat(dim=" + dim + ") { branch { ... } branch { ... } }");
            return null;
        }
        Shape first = outputs.get(0);
        int rank = first.rank();
        int axis = dim < 0 ? dim + rank : dim;
        if (axis < 0 || axis >= rank) {
            diags.error(where, "concat's dim=" + dim + " is out of range for the " + rank + "-D branch output " + first,
                    "use a dimension between " + (-rank) + " and " + (rank - 1));
            return null;
        }
        BigInteger total = BigInteger.ZERO;
        boolean symbolic = false, mismatched = false;
        for (int b = 0; b < outputs.size(); b++) {
            Shape s = outputs.get(b);
            String mismatch = null;
            if (s.rank() != rank) {
                mismatch = "have " + s.rank() + " and " + rank + " dimensions";
            } else {
                for (int i = 0; i < rank && mismatch == null; i++) {
                    if (i != axis && !s.get(i).equals(first.get(i))) mismatch = "differ in dimension " + i + " (" + s.get(i) + " vs " + first.get(i) + ")";
                }
            }
            if (mismatch != null) {
                diags.error(where, "concat(dim=" + dim + ") joins branch 1's output " + first + " and branch " + (b + 1) + "'s output " + s
                        + ", which " + mismatch, "all dimensions except dim " + dim + " must agree");
                mismatched = true; // each branch that disagrees is reported; the output is unknown
                continue;
            }
            if (s.get(axis) instanceof Dim.Known k) total = total.add(k.value());
            else symbolic = true;
        }
        if (mismatched) return null;
        if (symbolic) {
            diags.error(where, "concat(dim=" + dim + ") would add symbolic sizes along dimension " + dim, "give the concatenated dimension a size");
            return null;
        }
        List<Dim> dims = new ArrayList<>(first.dims());
        dims.set(axis, Dim.of(total));
        return new Shape(dims);
    }
}
