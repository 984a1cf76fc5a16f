package org.nnspec.eval;

import java.nio.file.Path;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.nnspec.attention.Attention;
import org.nnspec.attention.AttentionResult;
import org.nnspec.attention.Mask;
import org.nnspec.diag.NnspecException;
import org.nnspec.eval.Builtin.Param;
import org.nnspec.eval.NetworkValues.AttentionV;
import org.nnspec.render.attention.AttentionHeatmap;
import org.nnspec.render.Heatmap;

/** The built-ins of docs/language.md section 8: {@code self_attention}, {@code attention}, {@code plot}. */
final class AttentionBuiltins {
    private AttentionBuiltins() {}

    /** The three built-ins, one constant each, for the reason {@link Builtins} gives; none is differentiable. */
    private enum Function implements Builtin.Definition {
        SELF_ATTENTION("self_attention", "Q = X·W_Q, K = X·W_K, V = X·W_V, then attention; a report with Q K V scores weights output",
                Builtins.p("X"), Builtins.p("W_Q"), Builtins.p("W_K"), Builtins.p("W_V"), Builtins.opt("tokens"),
                Builtins.opt("mask"), Builtins.p("heads", 1), Builtins.opt("scale")) {
            public Value value(Args a) { return selfAttention(a); }
        },
        ATTENTION("attention", "softmax(Q·Kᵀ·scale)·V, scale 1/√d_k by default; mask=\"causal\" hides the future",
                Builtins.p("Q"), Builtins.p("K"), Builtins.p("V"), Builtins.opt("mask"), Builtins.opt("scale")) {
            public Value value(Args a) {
                return new Value.MatV(Attention.attention(a.matrix("Q"), a.matrix("K"), a.matrix("V"), mask(a), scale(a)));
            }
        },
        PLOT("plot", "writes an SVG heatmap of a matrix or an attention result to path", Builtins.p("value"), Builtins.p("path")) {
            public Value value(Args a) { return plot(a); }
        };

        final Builtin builtin;

        Function(String name, String doc, Param... params) {
            builtin = new Builtin(name, List.of(params), doc, this);
        }
    }

    static void register() {
        for (Function f : Function.values()) Builtins.register(f.builtin);
    }

    static Mask mask(Args a) {
        if (!a.has("mask")) return null;
        Value v = a.get("mask");
        if (v instanceof Value.StrV s) {
            try {
                return Mask.named(s.value());
            } catch (NnspecException e) {
                throw e.at(a.span("mask"));
            }
        }
        return Mask.of(a.matrix("mask"));
    }

    static Double scale(Args a) {
        return a.has("scale") ? a.real("scale") : null;
    }

    private static Value selfAttention(Args a) {
        List<String> tokens = a.has("tokens") ? a.strings("tokens") : null;
        AttentionResult r = Attention.selfAttention(a.matrix("X"), a.matrix("W_Q"), a.matrix("W_K"), a.matrix("W_V"),
                tokens, mask(a), a.integer("heads"), scale(a));
        return new AttentionV(r);
    }

    /** The result for {@code explain attention(Q, K, V, …)}, with every intermediate. */
    static AttentionResult explained(Args a) {
        return Attention.attentionResult(a.matrix("Q"), a.matrix("K"), a.matrix("V"), null, null, mask(a), 1, scale(a));
    }

    private static Value plot(Args a) {
        String path = a.string("path");
        Value v = a.get("value");
        String svg;
        if (v instanceof AttentionV av) {
            svg = AttentionHeatmap.of(av.result(), "attention weights");
        } else {
            DMatrixRMaj m = a.matrix("value");
            svg = Heatmap.of(m, null, null, "matrix " + m.numRows + "×" + m.numCols);
        }
        boolean replaced;
        try {
            RunPolicy policy = a.interpreter() == null ? RunPolicy.PLAIN : a.interpreter().policy();
            Path file = plotFile(path, policy);
            // an editor analyses the file at every keystroke: the plot is checked, not written
            if (!policy.writesFiles()) return new Notice("plot " + path + " (not written while the file is analysed)");
            replaced = Heatmap.write(svg, file, !policy.sandbox());
        } catch (java.nio.file.InvalidPathException e) {
            throw new NnspecException(a.span("path"), "'" + path + "' is not a valid path", null);
        } catch (NnspecException e) {
            throw e.at(a.span("path"));
        }
        return new Notice("wrote " + path + (replaced ? " (it replaced the file that was there)" : ""));
    }

    /**
     * Where plot writes (docs/language.md section 14): only an .svg file; in a plain run the path
     * as given (relative to --out if there is one, else to the working directory), in the
     * sandbox inside --out, links resolved.
     */
    private static Path plotFile(String path, RunPolicy policy) {
        if (!path.toLowerCase(java.util.Locale.ROOT).endsWith(".svg")) {
            throw new NnspecException("plot writes only .svg files, and '" + path + "' does not end in .svg",
                    "name the file something.svg");
        }
        if (!policy.sandbox()) return policy.plotDir() == null ? Path.of(path) : policy.plotDir().resolve(path);
        if (policy.plotDir() == null) {
            throw new NnspecException("the sandbox writes plots only inside the folder given by --out, and there is none",
                    "run with --out DIR");
        }
        Path file = policy.plotDir().resolve(path).normalize();
        Path parent = file.getParent();
        boolean inside = file.startsWith(policy.plotDir()) && parent != null;
        if (inside) {
            try {
                inside = parent.toRealPath().startsWith(policy.plotDir().toRealPath());
            } catch (java.io.IOException e) {
                inside = true; // a missing folder: writing says so
            }
        }
        if (!inside) {
            throw new NnspecException("the sandbox writes plots only inside " + policy.plotDir() + ", and '" + path + "' is outside it",
                    "give a path inside --out, such as \"weights.svg\"");
        }
        return file;
    }

    /** A line of information a statement prints instead of a value. */
    record Notice(String text) implements Value {
        @Override public String typeName() { return "notice"; }
    }
}
