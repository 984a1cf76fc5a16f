package org.nnspec.eval;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Name bindings. The file has one scope; a network or block body gets a child whose
 * parameters and local names shadow the file's. {@code for} and {@code if} open none.
 */
public final class Scope {
    private final Scope parent;
    private final Map<String, Value> values = new HashMap<>();

    public Scope(Scope parent) {
        this.parent = parent;
    }

    public Value lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            Value v = s.values.get(name);
            if (v != null) return v;
        }
        return null;
    }

    public void define(String name, Value v) { values.put(name, v); }

    public Set<String> localNames() { return values.keySet(); }

    public Map<String, Value> locals() { return values; }

    public Scope parent() { return parent; }

    public void clear() { values.clear(); }
}
