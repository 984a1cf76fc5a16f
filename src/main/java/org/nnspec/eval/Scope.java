package org.nnspec.eval;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Name bindings. The file has one scope; a network or block body gets a child whose
 * parameters and local names shadow the file's; a sequence rule is evaluated in a child that
 * binds only its index variable (kept in two fields: no map is made for it, since a long
 * recurrence makes one such scope per step). {@code for} and {@code if} open none. Each name
 * maps to a {@link Binding}, which {@code grad} follows back through assignments.
 */
public final class Scope {
    private final Scope parent;
    private Map<String, Binding> bindings;
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
            if (s.bindings != null) {
                Binding b = s.bindings.get(name);
                if (b != null) return b.value;
            }
        }
        return null;
    }

    /**
     * The binding {@code name} refers to here, or null when it is unbound or is a sequence
     * rule's index variable (which is not a {@link Binding}: {@link #lookup} has its value).
     */
    Binding binding(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.onlyName != null && s.onlyName.equals(name)) return null;
            if (s.bindings != null) {
                Binding b = s.bindings.get(name);
                if (b != null) return b;
            }
        }
        return null;
    }

    /** The scope that binds {@code name} itself (not through a parent), or null. */
    Scope owner(String name) {
        for (Scope s = this; s != null; s = s.parent) {
            if (s.onlyName != null && s.onlyName.equals(name)) return s;
            if (s.bindings != null && s.bindings.containsKey(name)) return s;
        }
        return null;
    }

    /** Binds {@code name} to a value with no history. */
    public void define(String name, Value v) {
        if (onlyName != null && onlyName.equals(name)) {
            onlyValue = v;
            return;
        }
        define(Binding.leaf(name, v));
    }

    /** Binds the binding's name to it; the binding it replaces is marked rebound. */
    void define(Binding b) {
        if (bindings == null) bindings = new HashMap<>();
        Binding old = bindings.put(b.name, b);
        if (old != null) old.rebound();
    }

    public Set<String> localNames() { return locals().keySet(); }

    public Map<String, Value> locals() {
        Map<String, Value> all = new HashMap<>();
        if (bindings != null) bindings.forEach((name, b) -> all.put(name, b.value));
        if (onlyName != null) all.put(onlyName, onlyValue);
        return all;
    }

    public Scope parent() { return parent; }

    public void clear() {
        if (bindings != null) {
            bindings.values().forEach(Binding::rebound);
            bindings.clear();
        }
        onlyName = null;
        onlyValue = null;
    }
}
