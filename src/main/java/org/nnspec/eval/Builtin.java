package org.nnspec.eval;

import java.util.List;

/**
 * One built-in function: its parameters (PyTorch-style names, defaults), a one-line doc for
 * {@code :help} and completion, and its implementation over bound arguments.
 */
public record Builtin(String name, List<Param> params, String doc, Impl impl) {
    /** A parameter; {@code defaultValue} null means required, {@link #NONE} means optional with no value. */
    public record Param(String name, Value defaultValue) {}

    /** The default of an optional parameter that has no value unless given. */
    public static final Value NONE = Value.Nothing.INSTANCE;

    @FunctionalInterface
    public interface Impl {
        Value call(Args args);
    }

    public String signature() {
        StringBuilder sb = new StringBuilder(name).append('(');
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            if (i > 0) sb.append(", ");
            sb.append(p.name());
            if (p.defaultValue() != null && p.defaultValue() != NONE) {
                sb.append('=').append(ValueText.inline(p.defaultValue(), 6));
            } else if (p.defaultValue() == NONE) {
                sb.append("=…");
            }
        }
        return sb.append(')').toString();
    }
}
