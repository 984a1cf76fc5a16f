package org.nnspec.nn;

import java.math.BigInteger;
import java.util.List;
import org.nnspec.diag.Diagnostic;
import org.nnspec.diag.Span;

/**
 * One leaf layer of a built network, in forward order: its dotted name, type, short
 * description, input and output shape (null when an earlier error left it unknown), the
 * parameters it owns (tied weights are counted at the layer they are tied to) with the
 * formula, the dense equivalent for convolutions, MACs per sample (null when a symbolic
 * dimension other than the batch decides it), and the worked arithmetic for {@code explain}.
 * A layer of a mixture of experts stands for {@code copies} layers (its counts are one copy's,
 * as if every token passed through it), of which {@code active} run for each token; other
 * layers have one copy, active.
 */
public record NetworkLayer(String name, String type, String description, Shape input, Shape output,
                           BigInteger params, String paramsFormula, BigInteger denseParams, String denseFormula,
                           BigInteger macs, BigInteger activations, String tiedTo,
                           List<java.util.function.Supplier<String>> explanationLines,
                           List<Diagnostic> warnings, Span span, Scope scope, List<LayerContext.ParamTensor> tensors,
                           BigInteger copies, BigInteger active, CostInfo costInfo) {

    /** This layer with its MACs and activations counted for one of {@code samples} (when they divide). */
    NetworkLayer perSample(BigInteger samples) {
        return new NetworkLayer(name, type, description, input, output, params, paramsFormula, denseParams, denseFormula,
                divided(macs, samples), divided(activations, samples), tiedTo, explanationLines, warnings, span, scope, tensors,
                copies, active, costInfo.perSample(samples));
    }

    /** {@code n} for one of {@code samples} when they divide it, else {@code n} whole (a count that mixes the samples); null stays null. */
    static BigInteger divided(BigInteger n, BigInteger samples) {
        if (n == null) return null;
        BigInteger[] qr = n.divideAndRemainder(samples);
        return qr[1].signum() == 0 ? qr[0] : n;
    }

    /**
     * The worked arithmetic for {@code explain}: made when asked for, since most layers are
     * never explained and the lines are a good part of building a large network.
     */
    public List<String> explanation() {
        List<String> lines = new java.util.ArrayList<>(explanationLines.size());
        for (java.util.function.Supplier<String> line : explanationLines) lines.add(line.get());
        return lines;
    }

    /** The parameters as the summary's cell shows them, {@code 3·3·3·16 + 16 = 448}; {@code ?} when unbuilt. */
    public String paramsText() { return SummaryTable.paramsCell(this); }

    /** {@code " ×8, 2 active"} for an expert's layer, else "" (as the summary writes it). */
    public String copiesText() { return SummaryTable.copiesNote(this); }

    /** Whether this row stands for several copies (an expert's layer). */
    public boolean copied() { return !copies.equals(BigInteger.ONE); }

    /** {@code " (weight tied to wte)"} for a layer that shares an earlier layer's weight, else "". */
    public String tieNote() {
        return tiedTo == null ? "" : " (weight tied to " + tiedTo + ")";
    }

    /**
     * A named group of layers (a block instance, a repeat, a named residual or concat): the
     * unit that {@code --depth} folds into one row. {@code depth} is 1 for a top-level scope.
     */
    public static final class Scope {
        final Scope parent;
        final String name;
        /** The description, or null until it is first asked for when {@code describedBy} makes it. */
        private String description;
        private final java.util.function.Supplier<String> describedBy;
        final int depth;
        Shape output;

        Scope(Scope parent, String name, String description) {
            this(parent, name, description, null);
        }

        /**
         * @param describedBy makes the description (a block's call with its arguments' values,
         *                    {@code DenseLayer(320)}) when it is first shown: most summaries
         *                    fold no scope and never show it
         */
        Scope(Scope parent, String name, String description, java.util.function.Supplier<String> describedBy) {
            this.parent = parent;
            this.name = name;
            this.description = description;
            this.describedBy = describedBy;
            this.depth = parent == null ? 1 : parent.depth + 1;
        }

        public String name() { return name; }

        /** The scope this one is inside, or null for a top-level scope. */
        public Scope parent() { return parent; }

        public String description() {
            if (description == null && describedBy != null) description = describedBy.get();
            return description;
        }
        public Shape output() { return output; }
        public int depth() { return depth; }

        /** This scope's ancestor (or itself) at {@code d}, or null when this scope is shallower. */
        Scope atDepth(int d) {
            Scope s = this;
            if (s.depth < d) return null;
            while (s.depth > d) s = s.parent;
            return s;
        }
    }
}
