package org.nnspec.eval;

import java.nio.file.Path;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.nnspec.attention.Attention;
import org.nnspec.attention.AttentionResult;
import org.nnspec.attention.Heatmap;
import org.nnspec.attention.Mask;
import org.nnspec.diag.NnspecException;
import org.nnspec.eval.Builtin.Param;
import org.nnspec.eval.NetworkValues.AttentionV;

/** The built-ins of LANGUAGE.md section 8: {@code self_attention}, {@code attention}, {@code plot}. */
final class AttentionBuiltins {
    private AttentionBuiltins() {}

    static void register() {
        Builtins.register(new Builtin("self_attention", List.of(new Param("X", null), new Param("W_Q", null),
                new Param("W_K", null), new Param("W_V", null), new Param("tokens", Builtin.NONE),
                new Param("mask", Builtin.NONE), new Param("heads", Value.IntV.of(1)), new Param("scale", Builtin.NONE)),
                "Q = X·W_Q, K = X·W_K, V = X·W_V, then attention; a report with Q K V scores weights output",
                AttentionBuiltins::selfAttention, null));
        Builtins.register(new Builtin("attention", List.of(new Param("Q", null), new Param("K", null),
                new Param("V", null), new Param("mask", Builtin.NONE), new Param("scale", Builtin.NONE)),
                "softmax(Q·Kᵀ·scale)·V, scale 1/√d_k by default; mask=\"causal\" hides the future",
                a -> new Value.MatV(Attention.attention(a.matrix("Q"), a.matrix("K"), a.matrix("V"), mask(a), scale(a))), null));
        Builtins.register(new Builtin("plot", List.of(new Param("value", null), new Param("path", null)),
                "writes an SVG heatmap of a matrix or an attention result to path",
                AttentionBuiltins::plot, null));
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
            svg = Heatmap.of(av.result(), "attention weights");
        } else {
            DMatrixRMaj m = a.matrix("value");
            svg = Heatmap.of(m, null, null, "matrix " + m.numRows + "×" + m.numCols);
        }
        try {
            Heatmap.write(svg, Path.of(path));
        } catch (java.nio.file.InvalidPathException e) {
            throw new NnspecException(a.span("path"), "'" + path + "' is not a valid path", null);
        } catch (NnspecException e) {
            throw e.at(a.span("path"));
        }
        return new Notice("wrote " + path);
    }

    /** A line of information a statement prints instead of a value. */
    record Notice(String text) implements Value {
        @Override public String typeName() { return "notice"; }
    }
}
