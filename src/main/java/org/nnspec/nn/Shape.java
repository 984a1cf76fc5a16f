package org.nnspec.nn;

import java.util.List;

/** A tensor shape, e.g. {@code (N, 3, 64, 64)}; printed as a tuple. */
public record Shape(List<Dim> dims) {
    public Shape {
        dims = List.copyOf(dims);
    }

    public int rank() { return dims.size(); }

    public Dim get(int i) { return dims.get(i); }

    @Override public String toString() {
        if (dims.size() == 1) return "(" + dims.get(0) + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.size(); i++) {
            if (i > 0) sb.append(", ");
            sb.append(dims.get(i));
        }
        return sb.append(')').toString();
    }
}
