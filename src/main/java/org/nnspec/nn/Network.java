package org.nnspec.nn;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.nnspec.diag.Diagnostic;

/**
 * A built network: its input and its leaf layers in forward order, with exact totals. Renders
 * the summary of docs/language.md section 6 as text ({@link #summaryText}, optionally folding scopes
 * below a depth) and as the JSON of section 9 ({@link #writeJson}), and the worked arithmetic
 * of {@code explain} ({@link #explainText}, {@link #explainWarnings}).
 */
public final class Network {
    static final BigInteger FLOAT32_BYTES = BigInteger.valueOf(4);

    private final String name;
    private final Shape input;
    private final List<NetworkLayer> layers;
    private final Shape output;
    private final BigInteger totalParams;
    private final BigInteger totalMacs;
    private final BigInteger denseMacs;
    private final boolean hasExperts;
    private final BigInteger activations;
    private final boolean incomplete;
    private final java.util.Map<NetworkLayer, Integer> failed;
    private final boolean wholeInput;
    private final List<Shape> tensors;
    private final List<BigInteger> tensorActive;
    private final List<MergeRead> mergeReads;

    /**
     * A tensor a merge's backward reads (a factor of a multiply), and the merge's last layer in
     * listed order (-1 when the merge holds no layer), where cost shows it when no layer made it
     * and none takes it as its input.
     */
    public record MergeRead(int tensor, int lastLayer) {}

    Network(String name, Shape input, List<NetworkLayer> layers, Shape output, boolean incomplete,
            java.util.Map<NetworkLayer, Integer> failed, boolean wholeInput, List<Shape> tensors, List<BigInteger> tensorActive,
            List<MergeRead> mergeReads) {
        this.tensors = List.copyOf(tensors);
        this.tensorActive = List.copyOf(tensorActive);
        this.mergeReads = List.copyOf(mergeReads);
        this.wholeInput = wholeInput;
        this.name = name;
        this.incomplete = incomplete;
        this.failed = failed;
        this.input = input;
        this.layers = List.copyOf(layers);
        this.output = output;
        // an expert's row counts once per copy in the parameters and the dense MACs, and once per
        // active copy in what runs (MACs and activations)
        BigInteger p = BigInteger.ZERO, m = BigInteger.ZERO, dm = BigInteger.ZERO, a = BigInteger.ZERO;
        boolean experts = false;
        for (NetworkLayer l : layers) {
            if (failed.containsKey(l)) continue; // only what was built counts
            experts |= l.copied();
            p = p.add(l.params().multiply(l.copies()));
            m = m == null || l.macs() == null ? null : m.add(l.macs().multiply(l.active()));
            dm = dm == null || l.macs() == null ? null : dm.add(l.macs().multiply(l.copies()));
            a = a == null || l.activations() == null ? null : a.add(l.activations().multiply(l.active()));
        }
        totalParams = p;
        totalMacs = m;
        denseMacs = dm;
        hasExperts = experts;
        activations = a;
    }

    public String name() { return name; }

    /** The tensors that flow between layers, by number ({@link CostInfo}); 0 is the input. */
    public List<Shape> tensors() { return tensors; }

    /**
     * How many times each tensor exists per sample, by number: the active experts of the
     * {@code experts} it was made in (1 outside any), whether a layer or a merge made it.
     */
    public List<BigInteger> tensorActive() { return tensorActive; }

    /** Tensors that a merge's backward reads (the factors of a multiply). */
    public List<MergeRead> mergeReads() { return mergeReads; }

    /**
     * Whether building it reported an error: its totals count only the layers that were built,
     * so they are shown as incomplete and its fields ({@code Net.params}) have no value.
     */
    public boolean incomplete() { return incomplete; }

    /**
     * Whether MACs and activations count the whole input rather than one sample: its first
     * dimension is a number above 1 that its first layer does not read as the batch.
     */
    public boolean countsWholeInput() { return wholeInput; }

    /** The layers that could not be built (an error, or an unknown input after one). */
    public long unbuiltLayers() { return layers.stream().filter(l -> l.output() == null || failed.containsKey(l)).count(); }

    /** The line of the error in this layer's own call, or null when it has none. */
    public Integer errorLine(NetworkLayer l) { return failed.get(l); }
    public Shape input() { return input; }
    /** The output shape of the last layer (or composite); null when unknown. */
    public Shape output() { return output; }
    public List<NetworkLayer> layers() { return layers; }
    public BigInteger totalParams() { return totalParams; }
    /** All parameters are trainable (buffers such as running statistics are not parameters). */
    public BigInteger trainableParams() { return totalParams; }
    /** MACs per sample; null when a symbolic dimension other than the batch decides it. */
    public BigInteger totalMacs() { return totalMacs; }
    /** MACs per sample if every expert ran on every token (equal to {@link #totalMacs} without experts). */
    public BigInteger denseMacs() { return denseMacs; }

    /** Whether some layers stand for several experts' copies. */
    public boolean hasExperts() { return hasExperts; }

    /** Elements of all layer outputs per sample; null when symbolic. */
    public BigInteger activationElements() { return activations; }
    public BigInteger activationBytes() { return activations == null ? null : activations.multiply(FLOAT32_BYTES); }
    public BigInteger paramBytes() { return totalParams.multiply(FLOAT32_BYTES); }
    /** The bytes of all layer outputs per sample in the format activations take with {@code dtype} (bf16 for int8 and int4; rounded up); null when symbolic. */
    public BigInteger activationBytes(Cost.DType dtype) { return activations == null ? null : dtype.activations().bytes(activations); }
    /** The parameters' bytes in {@code dtype} (rounded up). */
    public BigInteger paramBytes(Cost.DType dtype) { return dtype.bytes(totalParams); }

    /** The layer with this dotted name, or null. */
    public NetworkLayer layer(String dottedName) {
        for (NetworkLayer l : layers) if (l.name().equals(dottedName)) return l;
        return null;
    }

    /** The full summary table, every leaf layer on its own row. */
    public String summaryText() { return summaryText(0); }

    /** The summary table with scopes deeper than {@code depth} folded into one row each (0: no folding). */
    public String summaryText(int depth) { return SummaryTable.render(this, depth, Cost.DType.FP32); }

    /** The summary with its bytes in {@code dtype} (section 13's formats; float32 by default). */
    public String summaryText(int depth, Cost.DType dtype) { return SummaryTable.render(this, depth, dtype); }

    /** Per layer: input → output, the output-size arithmetic with the numbers in place, and the parameter formula. */
    public String explainText() {
        StringBuilder sb = new StringBuilder(name + "  input " + input + "\n");
        for (NetworkLayer l : layers) {
            sb.append(l.name()).append(": ").append(l.description()).append(SummaryTable.copiesNote(l)).append("  ")
                    .append(l.input() == null ? "?" : l.input()).append(" → ").append(l.output() == null ? "?" : l.output()).append('\n');
            for (String line : l.explanation()) sb.append("    ").append(line).append('\n');
            if (l.params().signum() != 0 || l.tiedTo() != null) {
                sb.append("    params = ").append(SummaryTable.paramsCell(l)).append('\n');
            }
            if (l.denseParams() != null) {
                sb.append("    a fully-connected layer from ").append(l.input()).append(" to ").append(l.output())
                        .append(" would need ").append(SummaryTable.denseCell(l)).append('\n');
            }
        }
        sb.append(SummaryTable.totals(this)).append('\n');
        return sb.toString();
    }

    /** Warnings for divisions that are not exact (PyTorch floors them), at each layer's span. */
    public List<Diagnostic> explainWarnings() {
        List<Diagnostic> out = new ArrayList<>();
        for (NetworkLayer l : layers) out.addAll(l.warnings());
        return out;
    }

    /** The summary as one JSON object (docs/language.md section 9); the caller writes the line end. */
    public void writeJson(JsonGenerator g) throws IOException { writeJson(g, Cost.DType.FP32); }

    /** The summary as JSON with its bytes in {@code dtype}; a {@code "dtype"} key says which when it is not fp32. */
    public void writeJson(JsonGenerator g, Cost.DType dtype) throws IOException {
        g.writeStartObject();
        g.writeStringField("kind", "summary");
        g.writeStringField("name", name);
        g.writeFieldName("input");
        writeShape(g, input);
        g.writeArrayFieldStart("layers");
        for (NetworkLayer l : layers) {
            Integer error = failed.get(l);
            g.writeStartObject();
            g.writeStringField("name", l.name());
            g.writeStringField("type", l.type());
            g.writeFieldName("output_shape");
            writeShape(g, error == null ? l.output() : null);
            g.writeFieldName("params");
            writeNumber(g, error == null && l.output() != null ? l.params() : null);
            g.writeStringField("params_formula", error == null ? l.paramsFormula() + l.tieNote() : "?"); // as the text table
            g.writeFieldName("dense_params");
            writeNumber(g, error == null ? l.denseParams() : null);
            g.writeFieldName("macs");
            writeNumber(g, error == null ? l.macs() : null);
            if (error != null) g.writeNumberField("error_line", error);
            if (l.copied()) {
                g.writeNumberField("copies", l.copies());
                g.writeNumberField("active", l.active());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        // a network with errors has no totals (they would be wrong): null, with "complete": false
        g.writeBooleanField("complete", !incomplete);
        g.writeStringField("counts", wholeInput ? "whole_input" : "per_sample");
        g.writeFieldName("total_params");
        writeNumber(g, incomplete ? null : totalParams);
        g.writeFieldName("trainable_params");
        writeNumber(g, incomplete ? null : trainableParams());
        g.writeFieldName("total_macs");
        writeNumber(g, incomplete ? null : totalMacs);
        g.writeFieldName("dense_macs");
        writeNumber(g, incomplete ? null : denseMacs);
        g.writeFieldName("activation_bytes");
        writeNumber(g, incomplete ? null : activationBytes(dtype));
        g.writeFieldName("param_bytes");
        writeNumber(g, incomplete ? null : paramBytes(dtype));
        if (dtype != Cost.DType.FP32) g.writeStringField("dtype", dtype.label);
        g.writeEndObject();
    }

    /** A shape as a JSON array, symbolic dims as strings; null for an unknown shape. */
    public static void writeShape(JsonGenerator g, Shape s) throws IOException {
        if (s == null) {
            g.writeNull();
            return;
        }
        g.writeStartArray();
        for (Dim d : s.dims()) {
            if (d instanceof Dim.Known k) g.writeNumber(k.value());
            else g.writeString(d.toString());
        }
        g.writeEndArray();
    }

    private static void writeNumber(JsonGenerator g, BigInteger n) throws IOException {
        if (n == null) g.writeNull();
        else g.writeNumber(n);
    }

    @Override public String toString() { return summaryText(); }
}
