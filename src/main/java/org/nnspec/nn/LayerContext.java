package org.nnspec.nn;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.nnspec.diag.Diagnostic;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.NnspecException;
import org.nnspec.diag.Span;

/**
 * What a layer rule sees and writes: the bound arguments and the input shape in; the output
 * shape, parameter tensors with their formula, MACs, dense equivalent, description and the
 * worked arithmetic out. A rule reports a mistake it can recover from with {@link #error}
 * (checking goes on with the declared sizes) and throws {@link NnspecException} when the
 * output cannot be known.
 */
public final class LayerContext {
    /** A learnable tensor of a layer (weights and biases; buffers are not parameters). */
    public record ParamTensor(String name, List<BigInteger> shape) {
        public BigInteger size() {
            if (shape.isEmpty()) return BigInteger.ONE; // a scalar parameter
            BigInteger n = shape.get(0); // not ONE times it: a bias is one multiplication fewer, a weight one of four
            for (int i = 1, rank = shape.size(); i < rank; i++) n = n.multiply(shape.get(i));
            return n;
        }
    }

    private final LayerType type;
    private final BoundArgs args;
    private final Shape input;
    private final Span span;
    private final Diagnostics diags;
    private final Dim batch;
    /** Where this layer reads its batch: first (TRUE), elsewhere or nowhere (FALSE), or no opinion (null). */
    private Boolean batchFirst;

    Shape output;
    final List<ParamTensor> params = new ArrayList<>();
    String formula = "0";
    BigInteger macs = BigInteger.ZERO;
    BigInteger dense;
    String denseFormula;
    String description;
    final List<java.util.function.Supplier<String>> explanation = new ArrayList<>();
    final List<Diagnostic> warnings = new ArrayList<>();
    CostInfo.KvCache cache;
    BigInteger internal = BigInteger.ZERO;

    LayerContext(LayerType type, BoundArgs args, Shape input, Span span, Diagnostics diags, Dim batch) {
        this.type = type;
        this.args = args;
        this.input = input;
        this.span = span;
        this.diags = diags;
        this.batch = batch;
    }

    public String layer() { return type.name(); }
    public BoundArgs args() { return args; }
    /** The input shape; when an earlier error left it unknown, {@link UnknownInput} ends the rule quietly. */
    public Shape input() {
        if (input == null) throw UnknownInput.INSTANCE;
        return input;
    }

    /** A rule asked for its input, which an earlier error left unknown: the layer's output is unknown too. */
    static final class UnknownInput extends RuntimeException {
        static final UnknownInput INSTANCE = new UnknownInput();

        private UnknownInput() {
            super("the input is unknown after an error", null, false, false);
        }
    }

    public void output(Shape s) { output = s; }
    public void param(String name, BigInteger... shape) { params.add(new ParamTensor(name, List.of(shape))); }
    public void formula(String f) { formula = f; }
    /** MACs of the whole input tensor (the batch dimension counts once); null when unknown. */
    public void macs(BigInteger m) { macs = m; }
    public void dense(BigInteger inFeatures, BigInteger outFeatures) {
        if (inFeatures == null || outFeatures == null) return;
        dense = inFeatures.multiply(outFeatures).add(outFeatures);
        denseFormula = Formula.sum(Formula.product(inFeatures, outFeatures), org.nnspec.render.Numbers.plain(outFeatures));
    }
    public void describe(String d) { description = d; }
    /** An attention layer's key/value cache (docs/language.md section 13). */
    public void cache(CostInfo.KvCache c) { cache = c; }
    /** Elements that this layer's backward keeps inside it, beyond its input and output (the batch once; null when symbolic). */
    public void internal(BigInteger elements) { internal = elements; }
    public void explain(String line) { explanation.add(() -> line); }
    /** A line of {@code explain} made only if it is shown. */
    public void explain(java.util.function.Supplier<String> line) { explanation.add(line); }
    public void warn(String message, String help) { warnings.add(Diagnostic.warning(span, message, help)); }

    /** A mistake the rule can continue past (the output is still known). */
    public void error(String message, String help) { diags.error(span, message, help); }

    /** A mistake after which the output is unknown. */
    public NnspecException fail(String message, String help) { return new NnspecException(span, message, help); }

    /** Dimension {@code axis} (negative counts from the end) as a number, or a clear error. */
    public BigInteger known(int axis, String what) {
        int i = axis < 0 ? input().rank() + axis : axis;
        Dim d = input().get(i);
        if (d instanceof Dim.Known k) return k.value();
        throw fail(layer() + " needs the " + what + " of its input to be known, but the input " + input()
                + " has " + d + " there", "give " + d + " a size in the input shape");
    }

    /** The number of elements of {@code dims}, the batch dimension counted once; null if symbolic. */
    public BigInteger count(List<Dim> dims) {
        // in longs while the product fits, in BigIntegers beyond
        long small = 1;
        BigInteger n = null;
        for (int i = 0, size = dims.size(); i < size; i++) {
            Dim d = dims.get(i);
            if (d instanceof Dim.Known k) {
                BigInteger v = k.value();
                if (n == null && v.bitLength() < 31 && small < (1L << 32)) small *= v.longValue();
                else n = (n == null ? BigInteger.valueOf(small) : n).multiply(v);
            } else if (!d.equals(batch)) {
                return null;
            }
        }
        return n == null ? BigInteger.valueOf(small) : n;
    }

    public BigInteger count(Shape s) { return count(s.dims()); }

    /** Input rank must be one of {@code ranks}; {@code layouts} names them for the message. */
    public void requireRank(String layouts, int... ranks) {
        for (int r : ranks) if (input().rank() == r) return;
        throw fail(layer() + " expects a " + layouts + " input, but its input " + input() + " is " + input().rank() + "-D",
                "check the layer before it (a Flatten or Unflatten may be missing or misplaced)");
    }

    /** Normalises a possibly negative dimension index against {@code rank}, or fails. */
    public int axis(BigInteger dim, int rank, String argName) {
        long i = dim.bitLength() > 31 ? Long.MAX_VALUE : dim.longValue() < 0 ? dim.longValue() + rank : dim.longValue();
        if (i < 0 || i >= rank) {
            throw fail(layer() + "'s " + argName + "=" + dim + " is out of range for the " + rank + "-D input " + input(),
                    "use a dimension between " + (-rank) + " and " + (rank - 1));
        }
        return (int) i;
    }

    Dim batch() { return batch; }

    /**
     * Says that this layer's input has no batch in its first dimension: an unbatched input
     * ({@code (C, H, W)} to Conv2d) or a sequence-first one ({@code (L, N, E)}). When the first
     * layer says so, a network's counts are for its whole input, not per sample.
     */
    public void batchNotFirst() { batchFirst = false; }

    /** Says that this layer reads its input's first dimension as the batch ({@code (N, C, H, W)} to Conv2d). */
    public void batchIsFirst() { batchFirst = true; }

    /** This layer's opinion of where its batch is, or null when it takes any shape. */
    Boolean batchFirst() { return batchFirst; }
}
