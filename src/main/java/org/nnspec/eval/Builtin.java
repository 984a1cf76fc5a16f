package org.nnspec.eval;

import java.util.List;

/**
 * One built-in function, the one place that defines it: its parameters (PyTorch-style names,
 * defaults), a one-line doc for {@code :help} and completion, and its {@link Definition}:
 * its value on plain arguments and what it does while {@code grad} traces one of its
 * arguments, so the derivative comes from the same definition as the value.
 */
public record Builtin(String name, List<Param> params, String doc, Definition definition) {
    /** A parameter; {@code defaultValue} null means required, {@link #NONE} means optional with no value. */
    public record Param(String name, Value defaultValue) {}

    /** The default of an optional parameter that has no value unless given. */
    public static final Value NONE = Value.Nothing.INSTANCE;

    /** What a built-in computes. */
    public interface Definition {
        /** Its value on plain arguments. */
        Value value(Args args);

        /**
         * Its result when an argument is traced: recorded on the autodiff tape; null (the
         * default) when it cannot be differentiated.
         */
        default Value traced(Args args) { return null; }

        /**
         * Whether it takes keyword arguments beyond its parameters ({@code cost(Net, H=224)}
         * binds a network's dimension by its name); they are read with {@link Args#extras}.
         */
        default boolean takesExtraKeywords() { return false; }
    }

    /**
     * The built-in applied to bound arguments: its value, or, when {@code anyTraced} (an
     * argument is traced), its entry on the tape.
     */
    Value call(Args args, boolean anyTraced) {
        if (!anyTraced) return definition.value(args);
        Value v = definition.traced(args);
        if (v == null) throw new org.nnspec.diag.NnspecException(args.callSpan(), name + " cannot be differentiated", null);
        return v;
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
