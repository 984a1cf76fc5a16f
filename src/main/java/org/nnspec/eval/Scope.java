package org.nnspec.eval;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Name bindings. The file has one scope; a network or block body gets a child whose
 * parameters and local names shadow the file's; a sequence rule is evaluated in a child that
 * binds only its index variable (kept in two fields: no map is made for it, since a long
 * recurrence makes one such scope per step). {@code for} and {@code if} open none.
 */
public final class Scope {
    private final Scope parent;
    private Map<String, Value> values;
    private String onlyName;
    private Value onlyValue;

    public Scope(Scope parent) {
        this.parent = parent;
    }

    /** A child scope binding one name. */
    static Scope single(Scope parent, String name, Value value) {
        Scope s = new Scope(parent);
        s.onlyName = name;
        s.onlyValue = value;
        return s;
    }

    public Value lookup(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.onlyName != null && s.onlyName.equals(name)) return s.onlyValue;
            if (s.values != null) {
                Value v = s.values.get(name);
                if (v != null) return v;
            }
        }
        return null;
    }

    public void define(String name, Value v) {
        if (onlyName != null && onlyName.equals(name)) {
            onlyValue = v;
            return;
        }
        if (values == null) values = new HashMap<>();
        values.put(name, v);
    }

    public Set<String> localNames() { return locals().keySet(); }

    public Map<String, Value> locals() {
        Map<String, Value> all = new HashMap<>();
        if (values != null) all.putAll(values);
        if (onlyName != null) all.put(onlyName, onlyValue);
        return all;
    }

    public Scope parent() { return parent; }

    public void clear() {
        if (values != null) values.clear();
        onlyName = null;
        onlyValue = null;
    }
}
