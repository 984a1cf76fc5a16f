package org.nnspec.autodiff;

import java.util.Optional;
import java.util.Set;
import org.nnspec.diag.NnspecException;

/**
 * The differentiable built-ins by their language names, for the interpreter's call table:
 * the one-argument functions of {@link Elementwise}, and {@code sum mean max min norm
 * softmax} ({@code max(a, b)} and {@code min(a, b)} elementwise; {@code softmax(M, dim)}).
 */
public final class Builtins {
    private Builtins() {}

    private static final Set<String> REDUCTIONS = Set.of("sum", "mean", "max", "min", "norm", "softmax");

    /** Whether {@code name} is a differentiable built-in handled here. */
    public static boolean has(String name) {
        return REDUCTIONS.contains(name) || Elementwise.byName(name).isPresent();
    }

    /**
     * Calls built-in {@code name} on positional arguments; {@code softmax} takes its dim as an
     * optional second argument, a scalar node holding an integer (default -1). Empty when the
     * name is not one of these built-ins.
     */
    public static Optional<Node> call(String name, Node... args) {
        Optional<Elementwise> f = Elementwise.byName(name);
        if (f.isPresent()) {
            arity(name, args, 1, 1);
            return Optional.of(f.get().apply(args[0]));
        }
        switch (name) {
            case "sum": arity(name, args, 1, 1); return Optional.of(Reductions.sum(args[0]));
            case "mean": arity(name, args, 1, 1); return Optional.of(Reductions.mean(args[0]));
            case "norm": arity(name, args, 1, 1); return Optional.of(Reductions.norm(args[0]));
            case "max":
                arity(name, args, 1, 2);
                return Optional.of(args.length == 1 ? Reductions.max(args[0]) : Reductions.maximum(args[0], args[1]));
            case "min":
                arity(name, args, 1, 2);
                return Optional.of(args.length == 1 ? Reductions.min(args[0]) : Reductions.minimum(args[0], args[1]));
            case "softmax":
                arity(name, args, 1, 2);
                return Optional.of(Reductions.softmax(args[0], args.length == 1 ? -1 : dim(args[1])));
            default: return Optional.empty();
        }
    }

    private static int dim(Node d) {
        if (!d.isScalar() || d.scalar() != Math.rint(d.scalar()) || Math.abs(d.scalar()) > 2) {
            throw new NnspecException("softmax dim must be -2, -1, 0 or 1", "dim=-1 normalises each row");
        }
        return (int) d.scalar();
    }

    private static void arity(String name, Node[] args, int min, int max) {
        if (args.length < min || args.length > max) {
            String expected = min == max ? min + " argument" + (min == 1 ? "" : "s") : min + " or " + max + " arguments";
            throw new NnspecException(name + " takes " + expected + ", but got " + args.length, null);
        }
    }
}
