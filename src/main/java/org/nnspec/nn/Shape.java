package org.nnspec.nn;

import java.util.List;
import java.util.stream.Collectors;

/** A tensor shape, e.g. {@code (N, 3, 64, 64)}; printed as a tuple. */
public record Shape(List<Dim> dims) {
    public Shape {
        dims = List.copyOf(dims);
    }

    public int rank() { return dims.size(); }
    public Dim get(int i) { return dims.get(i); }

    @Override public String toString() {
        if (dims.size() == 1) return "(" + dims.get(0) + ",)";
        return dims.stream().map(Dim::toString).collect(Collectors.joining(", ", "(", ")"));
    }
}
