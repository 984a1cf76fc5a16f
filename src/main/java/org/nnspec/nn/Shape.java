package org.nnspec.nn;

import java.util.List;

/** A tensor shape, e.g. {@code (N, 3, 64, 64)}; printed as a tuple. */
public record Shape(List<Dim> dims) {
    public Shape {
        dims = List.copyOf(dims);
    }

    public int rank() { return dims.size(); }

    // written out: a record's generated equals links through ObjectMethods.bootstrap at first
    // use, 9 ms of a ResNet-50 run (its residuals compare shapes). By index, with the same
    // Dim object taken as equal: residuals compare shapes, mostly while the JVM interprets,
    // where List.equals's iterators are two calls an element.
    @Override public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof Shape s)) return false;
        List<Dim> a = dims, b = s.dims;
        int n = a.size();
        if (n != b.size()) return false;
        for (int i = 0; i < n; i++) {
            Dim x = a.get(i), y = b.get(i);
            if (x != y && !x.equals(y)) return false;
        }
        return true;
    }
    @Override public int hashCode() { return dims.hashCode(); }
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
