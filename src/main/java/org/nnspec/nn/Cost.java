package org.nnspec.nn;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nnspec.diag.NnspecException;
import org.nnspec.render.Numbers;

/**
 * The memory and compute of running or training a built network (docs/language.md section
 * 13): weights, gradients, optimizer state, activations, key/value cache and FLOPs, each with
 * the formula that gives it, for the whole batch. The network's counts are per sample (or for
 * its whole input); this multiplies them by the batch.
 */
public final class Cost {
    /** The number formats of section 13, with their bytes per element as a fraction. */
    public enum DType {
        FP32("fp32", 4, 1), BF16("bf16", 2, 1), FP16("fp16", 2, 1), FP8("fp8", 1, 1), INT8("int8", 1, 1), INT4("int4", 1, 2);

        public final String label;
        final BigInteger num, den;

        DType(String label, int num, int den) {
            this.label = label;
            this.num = BigInteger.valueOf(num);
            this.den = BigInteger.valueOf(den);
        }

        /** The dtype named {@code s} (fp32, bf16, fp16, fp8, int8, int4; also float32, float16, bfloat16), or null. */
        public static DType of(String s) {
            String k = s.toLowerCase(Locale.ROOT);
            switch (k) {
                case "float32": case "float": return FP32;
                case "bfloat16": return BF16;
                case "float16": case "half": return FP16;
                default:
                    for (DType d : values()) if (d.label.equals(k)) return d;
                    return null;
            }
        }

        /** {@code n} elements in this format, rounded up to whole bytes. */
        public BigInteger bytes(BigInteger n) {
            BigInteger[] qr = n.multiply(num).divideAndRemainder(den);
            return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
        }

        /** Its size as a formula factor: {@code 2 B}, {@code ½ B}. */
        public String unit() { return den.equals(BigInteger.ONE) ? num + " B" : "½ B"; }

        /**
         * The format activations are held in when the weights are in this one: itself, but bf16
         * for int8 and int4, since weight-only quantisation dequantises and computes in 16 bits.
         */
        public DType activations() { return this == INT8 || this == INT4 ? BF16 : this; }

        /** Whether training in it is mixed precision (an fp32 master copy in the optimizer). */
        public boolean mixed() { return this == BF16 || this == FP16; }

        public static String names() { return "fp32, bf16, fp16, fp8, int8 or int4"; }
    }

    /**
     * What was asked: the batch, the context (null when none applies), the formats, training and
     * its optimizer; {@code whole}: the network's counts are for its whole input, batch
     * included (a sequence-first or unbatched input), so they are not multiplied by it.
     */
    public record Settings(BigInteger batch, BigInteger context, DType dtype, DType kvDtype, boolean training,
                           String optimizer, boolean momentum, boolean layers, boolean whole) {
        public Settings(BigInteger batch, BigInteger context, DType dtype, DType kvDtype, boolean training,
                        String optimizer, boolean momentum, boolean layers) {
            this(batch, context, dtype, kvDtype, training, optimizer, momentum, layers, false);
        }

        /** The format activations are held in ({@link DType#activations}). */
        public DType activationDtype() { return dtype.activations(); }

        /** What the network's counts are multiplied by: the batch, or 1 when they are for the whole input. */
        BigInteger multiplier() { return whole ? BigInteger.ONE : batch; }
    }

    /** One row of the per-layer table: a layer's weights, its activations (saved or output) and forward FLOPs. */
    public record LayerRow(NetworkLayer layer, BigInteger weightsBytes, BigInteger activationBytes, BigInteger forwardFlops) {}

    private final Network net;
    private final String call;
    private final Settings s;
    private final BigInteger weights, gradients, optimizer, activations, kvCache, total, forward, backward;
    /** FLOPs per token: an integer when it divides, else the exact quotient as a real; null without a context. */
    private final Number perToken;
    private final Map<String, String> formulas = new LinkedHashMap<>();
    /** The lines whose formula is the whole text (a zero that needs no arithmetic: "0 B (inference)"). */
    private final java.util.Set<String> placeholders = new java.util.HashSet<>();
    private final List<String> notes = new ArrayList<>();
    private final List<LayerRow> rows = new ArrayList<>();

    private Cost(Network net, String call, Settings s) {
        this.net = net;
        this.call = call;
        this.s = s;
        BigInteger params = net.totalParams();
        BigInteger batch = s.multiplier();
        String perWhat = s.whole() ? " elements for the whole input (batch " + Numbers.grouped(s.batch()) + ") · "
                : " elements per sample · " + Numbers.grouped(batch) + " · ";
        String p = Numbers.grouped(params) + " params";
        weights = s.dtype().bytes(params);
        formulas.put("weights", p + " · " + s.dtype().unit());
        if (s.training()) {
            DType grad = s.dtype().mixed() ? s.dtype() : DType.FP32;
            gradients = grad.bytes(params);
            formulas.put("gradients", p + " · " + grad.unit() + " (" + grad.label + ")");
            int per;
            String why;
            boolean adam = s.optimizer().equals("adamw") || s.optimizer().equals("adam");
            String name = s.optimizer().equals("adamw") ? "AdamW" : adam ? "Adam" : "SGD";
            if (s.dtype().mixed()) {
                per = adam ? 12 : s.momentum() ? 8 : 4;
                why = "fp32 master weights 4" + (adam ? " + " + name + "'s two moments 4 + 4" : s.momentum() ? " + SGD momentum 4" : "");
            } else {
                per = adam ? 8 : s.momentum() ? 4 : 0;
                why = adam ? name + "'s two moments 4 + 4" : s.momentum() ? "SGD momentum 4" : "SGD without momentum keeps nothing";
            }
            optimizer = params.multiply(BigInteger.valueOf(per));
            formulas.put("optimizer", p + " · " + per + " B (" + why + ")");
        } else {
            gradients = BigInteger.ZERO;
            optimizer = BigInteger.ZERO;
            placeholder("gradients", "0 B (inference)");
            placeholder("optimizer", "0 B (inference)");
        }
        BigInteger[] perLayerActivations = new BigInteger[net.layers().size()];
        BigInteger elements = s.training() ? saved(perLayerActivations) : largestPair(perLayerActivations);
        DType act = s.activationDtype();
        activations = act.bytes(elements.multiply(batch));
        formulas.put("activations", formulas.remove("activations") + Numbers.grouped(elements) + perWhat + act.unit()
                + (act == s.dtype() ? "" : " (" + act.label + ")"));
        if (s.training()) placeholder("KV cache", "0 B (training keeps no cache)");
        kvCache = s.training() ? BigInteger.ZERO : kvCache();
        total = weights.add(gradients).add(optimizer).add(activations).add(kvCache);
        formulas.put("total", Numbers.grouped(weights) + " + " + Numbers.grouped(gradients) + " + " + Numbers.grouped(optimizer)
                + " + " + Numbers.grouped(activations) + " + " + Numbers.grouped(kvCache) + " B");
        BigInteger macs = need(net.totalMacs(), this, "MACs");
        forward = BigInteger.TWO.multiply(macs).multiply(batch);
        formulas.put("forward FLOPs", "2 · " + Numbers.grouped(macs) + " MACs" + (s.whole() ? " for the whole input" : " per sample · " + Numbers.grouped(batch)));
        backward = s.training() ? BigInteger.TWO.multiply(forward) : BigInteger.ZERO;
        if (s.training()) formulas.put("backward FLOPs", "2 · " + Numbers.grouped(forward));
        else placeholder("backward FLOPs", "0 (inference)");
        if (s.context() != null && s.context().signum() > 0) {
            BigInteger tokens = s.batch().multiply(s.context());
            BigInteger[] qr = forward.divideAndRemainder(tokens);
            perToken = qr[1].signum() == 0 ? qr[0] : (Number) (new java.math.BigDecimal(forward).divide(new java.math.BigDecimal(tokens),
                    java.math.MathContext.DECIMAL64).doubleValue());
            formulas.put("FLOPs per token", Numbers.grouped(forward) + " / (" + Numbers.grouped(s.batch()) + " · " + Numbers.grouped(s.context()) + ")");
        } else {
            perToken = null;
            formulas.put("FLOPs per token", "no context (the network has no sequence dimension)");
        }
        int i = 0;
        for (NetworkLayer l : net.layers()) {
            BigInteger lm = l.macs() == null ? BigInteger.ZERO : l.macs().multiply(l.active());
            BigInteger la = perLayerActivations[i] == null ? BigInteger.ZERO : act.bytes(perLayerActivations[i].multiply(batch));
            rows.add(new LayerRow(l, s.dtype().bytes(l.params().multiply(l.copies())), la, BigInteger.TWO.multiply(lm).multiply(batch)));
            i++;
        }
    }

    /**
     * The cost of {@code net} as {@code s} asks; {@code call} is the source text of the call.
     * A count that a symbolic size leaves unknown is an error (no span: the caller places it).
     */
    public static Cost of(Network net, String call, Settings s) { return new Cost(net, call, s); }

    private void placeholder(String name, String text) {
        formulas.put(name, text);
        placeholders.add(name);
    }

    // ---- activations

    /** Elements of a tensor per sample (the batch once, as the network counts), or an error naming its symbolic size. */
    private BigInteger perSample(Shape shape) {
        Dim batchDim = net.input().rank() > 0 ? net.input().get(0) : null;
        BigInteger n = BigInteger.ONE;
        boolean skipBatch = !net.countsWholeInput() && batchDim != null;
        boolean batchSeen = false;
        for (Dim d : shape.dims()) {
            if (skipBatch && !batchSeen && d.equals(batchDim) && batchDim instanceof Dim.Symbolic) {
                batchSeen = true;
                continue;
            }
            if (d instanceof Dim.Known k) n = n.multiply(k.value());
            else throw symbolic(d);
        }
        if (skipBatch && batchDim instanceof Dim.Known b && b.value().compareTo(BigInteger.ONE) > 0) {
            BigInteger[] qr = n.divideAndRemainder(b.value());
            if (qr[1].signum() == 0) n = qr[0];
        }
        return n;
    }

    private NnspecException symbolic(Object d) {
        return new NnspecException("the size " + d + " in " + net.name() + " is symbolic, and the cost needs a number",
                "give it by its name, as in cost(" + net.name() + ", " + d + "=128)");
    }

    private static BigInteger need(BigInteger n, Cost c, String what) {
        if (n == null) {
            throw new NnspecException("the " + what + " of " + c.net.name() + " depend on a symbolic size of its input " + c.net.input(),
                    "give that dimension a size by its name, as in cost(" + c.net.name() + ", T=128)");
        }
        return n;
    }

    /** Elements per sample of tensor {@code t}, once per active expert of the scope that made it. */
    private BigInteger tensorElements(int t) {
        return perSample(net.tensors().get(t)).multiply(net.tensorActive().get(t));
    }

    /**
     * Inference: the largest input and output of any one layer, both in memory while it runs
     * (a merge's output is the input of the layer after it; a view's output is its input's
     * memory, so it adds nothing); the network's input alone when that is larger.
     */
    private BigInteger largestPair(BigInteger[] perLayer) {
        List<NetworkLayer> layers = net.layers();
        BigInteger best = perSample(net.input());
        String bestNames = "the input alone (" + Numbers.grouped(best) + ")";
        int bestAt = -1;
        for (int i = 0; i < layers.size(); i++) {
            NetworkLayer l = layers.get(i);
            CostInfo c = l.costInfo();
            BigInteger out = need(l.activations(), this, "activations").multiply(l.active());
            perLayer[i] = out;
            BigInteger in = c.inputTensor() >= 0 ? tensorElements(c.inputTensor()) : BigInteger.ZERO;
            boolean view = c.outputTensor() >= 0 && c.outputTensor() == c.inputTensor();
            BigInteger pair = view ? in : in.add(out);
            if (pair.compareTo(best) > 0) {
                best = pair;
                bestNames = view ? l.name() + "'s input (" + Numbers.grouped(in) + "), its output a view of it"
                        : l.name() + "'s input (" + Numbers.grouped(in) + ") and output (" + Numbers.grouped(out) + ")";
                bestAt = i;
            }
        }
        formulas.put("activations", "the largest input and output of one layer, " + bestNames + ": ");
        if (bestAt >= 0) notes.add("inference keeps the largest input and output of one layer: " + bestNames);
        return best;
    }

    /**
     * Training: every tensor some layer's backward reads, once, plus what layers keep inside
     * them (masks, max pooling's indices, attention's inner tensors). A tensor a merge reads is
     * shown in the per-layer column at the layer that made it; one no layer made (the network's
     * input, another merge's output) at the first layer that takes it as its input, else at the
     * merge's last layer; so the column adds up to the total.
     */
    private BigInteger saved(BigInteger[] perLayer) {
        List<NetworkLayer> layers = net.layers();
        List<Shape> tensors = net.tensors();
        int[] producer = new int[tensors.size()], firstReader = new int[tensors.size()];
        java.util.Arrays.fill(producer, -1);
        java.util.Arrays.fill(firstReader, -1);
        for (int i = 0; i < layers.size(); i++) {
            CostInfo c = layers.get(i).costInfo();
            int t = c.outputTensor();
            if (t >= 0 && t != c.inputTensor() && producer[t] < 0) producer[t] = i;
            if (c.inputTensor() >= 0 && firstReader[c.inputTensor()] < 0) firstReader[c.inputTensor()] = i;
        }
        BitSet counted = new BitSet(tensors.size());
        BigInteger sum = BigInteger.ZERO;
        int tensorsKept = 0;
        for (int i = 0; i < layers.size(); i++) {
            NetworkLayer l = layers.get(i);
            CostInfo c = l.costInfo();
            BigInteger mine = BigInteger.ZERO;
            SavedTensors.Reads r = SavedTensors.reads(l.type());
            List<Integer> read = new ArrayList<>(2);
            if (r == SavedTensors.Reads.INPUT || r == SavedTensors.Reads.BOTH || r == SavedTensors.Reads.INPUT_AND_INDICES) {
                read.add(c.inputTensor());
            }
            if (r == SavedTensors.Reads.OUTPUT || r == SavedTensors.Reads.BOTH) read.add(c.outputTensor());
            for (int t : read) {
                if (t < 0 || counted.get(t)) continue;
                counted.set(t);
                tensorsKept++;
                mine = mine.add(tensorElements(t));
            }
            // a dropout's mask and a max pooling's indices are tensors of their own, output-sized
            if (r == SavedTensors.Reads.MASK || r == SavedTensors.Reads.INPUT_AND_INDICES) {
                mine = mine.add(need(l.activations(), this, "activations").multiply(l.active()));
            }
            mine = mine.add(need(c.internal(), this, "saved activations").multiply(l.active()));
            perLayer[i] = mine;
            sum = sum.add(mine);
        }
        for (Network.MergeRead m : net.mergeReads()) {
            int t = m.tensor();
            if (counted.get(t)) continue;
            counted.set(t);
            tensorsKept++;
            BigInteger n = tensorElements(t);
            sum = sum.add(n);
            // a merge has no row: the tensor it keeps is shown at the layer that made it, or else
            // at the first layer that reads it, or else at the merge's last layer
            int at = producer[t] >= 0 ? producer[t] : firstReader[t] >= 0 ? firstReader[t] : m.lastLayer();
            if (at < 0 && !layers.isEmpty()) at = 0;
            if (at >= 0) perLayer[at] = perLayer[at].add(n);
        }
        formulas.put("activations", "what backward reads (" + tensorsKept + " tensors and the layers' inner tensors): ");
        return sum;
    }

    // ---- key/value cache

    private BigInteger kvCache() {
        // groups of attention layers with the same heads, head size, length and sequences per sample
        Map<List<BigInteger>, BigInteger> groups = new LinkedHashMap<>();
        java.util.Set<List<BigInteger>> severalModules = new java.util.HashSet<>();
        for (NetworkLayer l : net.layers()) {
            CostInfo.KvCache c = l.costInfo().cache();
            if (c == null) continue;
            if (c.length() == null || c.sequences() == null) {
                // PyTorch's attention modules that read (T, N, E) unless batch_first=True say so in their signature
                boolean seqFirstKind = LayerCatalog.find(l.type()).map(t -> t.signature().indexOf("batch_first") >= 0).orElse(false);
                if (s.context() != null) {
                    // the context was bound, yet the layer's sequence is still symbolic: it reads another dimension as it
                    throw new NnspecException("the key/value cache of " + l.name() + " depends on a symbolic sequence length: "
                            + l.name() + " takes a dimension of its input " + l.input() + " other than the one context= set as its sequence",
                            seqFirstKind ? "PyTorch's " + l.type() + " reads (T, N, E) unless batch_first=true: for an input (N, T, E) write "
                                    + l.type() + "(…, batch_first=true)"
                                    : "give that dimension its size by its name");
                }
                throw new NnspecException("the key/value cache of " + l.name() + " depends on a symbolic sequence length",
                        "give the context, as in cost(" + net.name() + ", context=4096)");
            }
            List<BigInteger> key = List.of(c.kvHeads(), c.headDim(), c.length(), c.sequences());
            groups.merge(key, c.modules().multiply(l.active()), BigInteger::add);
            // a TransformerDecoderLayer caches 2 attention modules, a Transformer 2 per decoder layer: counted as modules
            if (!c.modules().equals(BigInteger.ONE)) severalModules.add(key);
        }
        if (groups.isEmpty()) {
            placeholder("KV cache", "0 B (no attention layers)");
            return BigInteger.ZERO;
        }
        BigInteger elements = BigInteger.ZERO;
        List<String> terms = new ArrayList<>();
        for (Map.Entry<List<BigInteger>, BigInteger> g : groups.entrySet()) {
            List<BigInteger> k = g.getKey();
            BigInteger seqs = k.get(3).multiply(s.multiplier());
            elements = elements.add(BigInteger.TWO.multiply(g.getValue()).multiply(k.get(0)).multiply(k.get(1)).multiply(k.get(2)).multiply(seqs));
            String unit = severalModules.contains(k) ? " attention module" : " layer";
            terms.add("2 · " + g.getValue() + unit + (g.getValue().equals(BigInteger.ONE) ? "" : "s") + " · " + k.get(0) + " kv_heads · " + k.get(1) + " · " + k.get(2) + " · " + seqs);
        }
        formulas.put("KV cache", (terms.size() == 1 ? terms.get(0) : "(" + String.join(" + ", terms) + ")") + " · " + s.kvDtype().unit()
                + (s.kvDtype() == s.dtype() ? "" : " (" + s.kvDtype().label + ")"));
        return s.kvDtype().bytes(elements);
    }

    // ---- fields

    public BigInteger weightsBytes() { return weights; }
    public BigInteger gradientBytes() { return gradients; }
    public BigInteger optimizerBytes() { return optimizer; }
    public BigInteger activationBytes() { return activations; }
    public BigInteger kvCacheBytes() { return kvCache; }
    public BigInteger totalBytes() { return total; }
    public BigInteger forwardFlops() { return forward; }
    public BigInteger backwardFlops() { return backward; }
    /** An integer, a double when it does not divide, or null when no context applies. */
    public Number flopsPerToken() { return perToken; }
    public Network network() { return net; }
    public Settings settings() { return s; }
    public List<LayerRow> layerRows() { return rows; }

    /** The field names, in the order of the table and the JSON. */
    public static final List<String> FIELDS = List.of("weights_bytes", "gradient_bytes", "optimizer_bytes", "activation_bytes",
            "kv_cache_bytes", "total_bytes", "forward_flops", "backward_flops", "flops_per_token");

    /** The field {@code name}: a BigInteger, a Double, or null (flops_per_token without a context). */
    public Object field(String name) {
        switch (name) {
            case "weights_bytes": return weights;
            case "gradient_bytes": return gradients;
            case "optimizer_bytes": return optimizer;
            case "activation_bytes": return activations;
            case "kv_cache_bytes": return kvCache;
            case "total_bytes": return total;
            case "forward_flops": return forward;
            case "backward_flops": return backward;
            case "flops_per_token": return perToken;
            default: throw new IllegalArgumentException(name);
        }
    }

    // ---- text

    /** {@code 536,870,912 B (512 MiB)}: exact bytes with binary units beside them. */
    static String bytes(BigInteger n) {
        return withUnit(Numbers.grouped(n) + " B", n, 1024, "KiB", "MiB", "GiB", "TiB", "PiB", "EiB");
    }

    /** {@code 62.92 TFLOP} beside an exact count of FLOPs. */
    static String flops(BigInteger n) {
        return withUnit(Numbers.grouped(n), n, 1000, "kFLOP", "MFLOP", "GFLOP", "TFLOP", "PFLOP", "EFLOP", "ZFLOP");
    }

    /** {@code exact} with {@code n} in the largest of {@code units} (steps of {@code base}) beside it, from one step up. */
    private static String withUnit(String exact, BigInteger n, int base, String... units) {
        if (n.compareTo(BigInteger.valueOf(base)) < 0) return exact;
        java.math.BigDecimal v = new java.math.BigDecimal(n);
        java.math.BigDecimal k = java.math.BigDecimal.valueOf(base);
        int u = -1;
        while (u < units.length - 1 && v.compareTo(k) >= 0) {
            v = v.divide(k);
            u++;
        }
        return exact + " (" + human(v) + " " + units[u] + ")";
    }

    /** At most two decimals, trailing zeros trimmed. */
    private static String human(java.math.BigDecimal v) {
        java.math.BigDecimal r = v.setScale(2, java.math.RoundingMode.HALF_EVEN).stripTrailingZeros();
        return r.scale() < 0 ? r.setScale(0).toPlainString() : r.toPlainString();
    }

    private String perTokenText(int precision) {
        if (perToken == null) return "none";
        if (perToken instanceof BigInteger b) return flops(b);
        return Numbers.real(perToken.doubleValue(), precision);
    }

    /** The heading: what was asked. */
    private String heading() {
        StringBuilder sb = new StringBuilder(call).append(": ").append(s.training() ? "training" : "inference").append(" of ")
                .append(net.name()).append(", batch ").append(Numbers.grouped(s.batch()));
        if (s.context() != null) sb.append(", context ").append(Numbers.grouped(s.context()));
        sb.append(", ").append(s.dtype().label);
        if (s.training()) {
            sb.append(s.dtype().mixed() ? " mixed precision" : "").append(", ").append(s.optimizer())
                    .append(s.optimizer().equals("sgd") && !s.momentum() ? " without momentum" : "");
        } else {
            if (s.activationDtype() != s.dtype()) sb.append(", activations ").append(s.activationDtype().label);
            if (s.kvDtype() != s.dtype()) sb.append(", KV cache ").append(s.kvDtype().label);
        }
        return sb.toString();
    }

    /** The table of section 13: each line its formula and value. */
    public String text(boolean explain) { return text(explain, 6); }

    /** {@link #text(boolean)} with a FLOPs per token that does not divide shown to {@code precision} significant digits (--precision). */
    public String text(boolean explain, int precision) {
        StringBuilder sb = new StringBuilder(heading()).append('\n');
        line(sb, "weights", weights, true);
        line(sb, "gradients", gradients, true);
        line(sb, "optimizer", optimizer, true);
        line(sb, "activations", activations, true);
        line(sb, "KV cache", kvCache, true);
        line(sb, "total", total, true);
        line(sb, "forward FLOPs", forward, false);
        line(sb, "backward FLOPs", backward, false);
        sb.append("  FLOPs per token = ").append(formulas.get("FLOPs per token"));
        if (perToken != null) sb.append(" = ").append(perTokenText(precision));
        sb.append('\n');
        if (s.layers() || explain) sb.append(layerTable());
        if (explain) {
            for (String n : notes) sb.append("  ").append(n).append('\n');
            sb.append(conventions());
        }
        return sb.toString().stripTrailing();
    }

    private void line(StringBuilder sb, String name, BigInteger value, boolean isBytes) {
        String f = formulas.get(name);
        String v = isBytes ? bytes(value) : flops(value);
        sb.append("  ").append(name).append(" = ");
        if (placeholders.contains(name)) {
            sb.append(f).append('\n');
            return;
        }
        sb.append(f).append(" = ").append(v).append('\n');
    }

    private String conventions() {
        StringBuilder sb = new StringBuilder("  conventions (docs/language.md section 13): ");
        if (s.training()) {
            sb.append("activations are the tensors each layer's backward reads (its input for weights and norms, its output for "
                    + "ReLU, Sigmoid, Tanh and Softmax, its input and the indices for max pooling, a mask for dropout, Q, K, V and the "
                    + "weights inside attention, both factors for multiply), each counted once, once per active expert; "
                    + "backward FLOPs = 2 × forward");
        } else {
            sb.append("activations are the largest input and output of any one layer (a merge's output is the input of the "
                    + "layer after it; a view adds nothing); the KV cache holds keys and values of every attention layer for the context");
        }
        return sb.append('\n').toString();
    }

    /** Per layer: weights, activations (saved for backward, or the output in inference) and forward FLOPs, in bytes of dtype. */
    public String layerTable() {
        String actHeader = s.training() ? "saved activations" : "output";
        List<String[]> table = new ArrayList<>();
        table.add(new String[]{"#", "name", "layer", "weights", actHeader, "forward FLOPs"});
        int i = 0;
        for (LayerRow r : rows) {
            i++;
            table.add(new String[]{String.valueOf(i), r.layer().name(), r.layer().description() + SummaryTable.copiesNote(r.layer()),
                    Numbers.grouped(r.weightsBytes()) + " B", Numbers.grouped(r.activationBytes()) + " B", Numbers.grouped(r.forwardFlops())});
        }
        int[] w = new int[6];
        for (String[] row : table) for (int c = 0; c < 6; c++) w[c] = Math.max(w[c], row[c].codePointCount(0, row[c].length()));
        StringBuilder sb = new StringBuilder();
        for (String[] row : table) {
            StringBuilder line = new StringBuilder("  ");
            for (int c = 0; c < 6; c++) {
                int pad = w[c] - row[c].codePointCount(0, row[c].length());
                if (c == 0 || c >= 3) line.append(" ".repeat(pad)).append(row[c]);
                else line.append(row[c]).append(" ".repeat(pad));
                line.append("  ");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    // ---- JSON

    /** {@code {"kind":"cost",…}} with the fields of section 13; the per-layer rows with {@code layers=true}. */
    public void writeJson(JsonGenerator g, String explanation) throws IOException {
        g.writeStartObject();
        g.writeStringField("kind", "cost");
        g.writeStringField("label", call);
        g.writeStringField("network", net.name());
        g.writeStringField("mode", s.training() ? "training" : "inference");
        g.writeNumberField("batch", s.batch());
        g.writeFieldName("context");
        if (s.context() == null) g.writeNull();
        else g.writeNumber(s.context());
        g.writeStringField("dtype", s.dtype().label);
        g.writeStringField("kv_dtype", s.kvDtype().label);
        g.writeStringField("optimizer", s.training() ? s.optimizer() : null);
        g.writeNumberField("params", net.totalParams());
        for (String f : FIELDS) {
            Object v = field(f);
            g.writeFieldName(f);
            if (v == null) g.writeNull();
            else if (v instanceof BigInteger b) g.writeNumber(b);
            else g.writeNumber(((Number) v).doubleValue());
        }
        g.writeObjectFieldStart("formulas");
        for (Map.Entry<String, String> e : formulas.entrySet()) {
            g.writeStringField(e.getKey().toLowerCase(Locale.ROOT).replace(' ', '_'), e.getValue());
        }
        g.writeEndObject();
        if (s.layers()) {
            g.writeArrayFieldStart("layers");
            for (LayerRow r : rows) {
                g.writeStartObject();
                g.writeStringField("name", r.layer().name());
                g.writeStringField("type", r.layer().type());
                g.writeNumberField("weights_bytes", r.weightsBytes());
                g.writeNumberField("activation_bytes", r.activationBytes());
                g.writeNumberField("forward_flops", r.forwardFlops());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (explanation != null) g.writeStringField("explanation", explanation);
        g.writeEndObject();
    }
}
