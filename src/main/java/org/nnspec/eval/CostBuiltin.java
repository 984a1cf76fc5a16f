package org.nnspec.eval;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nnspec.ast.Expr;
import org.nnspec.ast.Stmt;
import org.nnspec.diag.NnspecException;
import org.nnspec.diag.Span;
import org.nnspec.eval.Builtin.Param;
import org.nnspec.eval.NetworkValues.CostV;
import org.nnspec.eval.NetworkValues.NetworkV;
import org.nnspec.nn.Cost;
import org.nnspec.nn.Dim;
import org.nnspec.nn.Network;
import org.nnspec.nn.NetworkLayer;
import org.nnspec.nn.Shape;
import org.nnspec.render.Numbers;

/**
 * {@code cost(Net, batch=, context=, dtype=, kv_dtype=, training=, optimizer=, momentum=,
 * layers=, **sizes)} (docs/language.md section 13): binds the network's symbolic sizes, builds
 * it again with them, and counts its memory and FLOPs with {@link Cost}.
 */
final class CostBuiltin {
    private CostBuiltin() {}

    private enum Function implements Builtin.Definition {
        COST("cost", "memory (weights, gradients, optimizer, activations, KV cache) and FLOPs of running or training a network; "
                + "batch= (1), context=, dtype= (\"fp32\"; \"bf16\", \"int4\", …), kv_dtype=, training= (false), optimizer= (\"adamw\" when training), "
                + "momentum=, layers= (false), other sizes by name",
                Builtins.p("net"), Builtins.opt("batch"), Builtins.opt("context"), new Param("dtype", new Value.StrV("fp32")),
                Builtins.opt("kv_dtype"), new Param("training", Value.BoolV.FALSE), Builtins.opt("optimizer"),
                Builtins.opt("momentum"), new Param("layers", Value.BoolV.FALSE)) {
            public Value value(Args a) { return cost(a); }
            @Override public boolean takesExtraKeywords() { return true; }
        },
        SUMMARY("summary", "a network's summary with its bytes in dtype (fp32, bf16, fp16, fp8, int8 or int4); by default the run's --dtype",
                Builtins.p("net"), Builtins.opt("dtype")) {
            public Value value(Args a) {
                Value v = a.get("net");
                if (!(v instanceof NetworkV nv)) {
                    throw new NnspecException(a.span("net"), "summary needs a network, not " + Coercions.article(v), null);
                }
                // without dtype=, the run's --dtype (null: the output's own setting)
                return new NetworkV(nv.network(), nv.def(), nv.given(), a.has("dtype") ? dtype(a, "dtype", "summary") : nv.dtype());
            }
        };

        final Builtin builtin;

        Function(String name, String doc, Param... params) {
            builtin = new Builtin(name, List.of(params), doc, this);
        }
    }

    static void register() {
        for (Function f : Function.values()) Builtins.register(f.builtin);
    }

    private static final Set<String> OPTIMIZERS = Set.of("adamw", "adam", "sgd");

    /**
     * The arguments of a call of cost: as any call's, except that a network named by its
     * definition ({@code cost(Img, H=224)}) is passed unbuilt, since built with its sizes
     * symbolic it may not build at all (a Conv2d needs its input's height).
     */
    static List<Args.Given> arguments(Interpreter interpreter, Expr.Call c, Scope scope) {
        List<Args.Given> given = new java.util.ArrayList<>(c.args().size());
        for (int i = 0; i < c.args().size(); i++) {
            Expr.Argument arg = c.args().get(i);
            boolean isNet = arg.name() == null ? i == 0 : arg.name().equals("net");
            if (isNet && arg.value() instanceof Expr.Name n && scope.lookup(n.name()) instanceof NetworkValues.NetworkDefV d) {
                given.add(new Args.Given(arg.name(), d, arg.span(), arg.nameSpan()));
            } else {
                given.add(new Args.Given(arg.name(), interpreter.evaluator().eval(arg.value(), scope), arg.span(), arg.nameSpan()));
            }
        }
        return given;
    }

    private static Value cost(Args a) {
        Value v = a.get("net");
        if (v instanceof NetworkValues.NetworkDefV d && needsArguments(d.def)) {
            // network parameters are given by their own name (section 13): cost(Q, d=4) builds Q(d=4)
            List<Args.Given> byName = new java.util.ArrayList<>();
            for (Stmt.Param p : d.def.params()) {
                Args.Given g = a.extras().get(p.name());
                if (g == null && p.name().equals("T") && a.has("context")) g = new Args.Given("T", a.get("context"), a.span("context"), null);
                if (g != null) byName.add(new Args.Given(p.name(), g.value(), g.span(), g.nameSpan()));
                else if (p.defaultValue() == null) {
                    throw new NnspecException(a.callSpan(), d.def.name() + " needs its argument '" + p.name() + "'",
                            "give it by its name, as in cost(" + d.def.name() + ", " + p.name() + "=…)");
                }
            }
            v = Networks.build(a.interpreter(), d, byName, a.span("net"));
        } else if (v instanceof NetworkValues.NetworkDefV d) {
            NetworkV quiet = Networks.quietBuild(a.interpreter(), d, a.span("net"));
            // a network that builds is taken as a bare name gives it (its warnings reported once)
            v = quiet == null || !quiet.network().incomplete() ? Networks.resolve(a.interpreter(), d, a.span("net")) : quiet;
        }
        if (!(v instanceof NetworkV nv)) {
            throw new NnspecException(a.span("net"), "cost needs a network, not " + Coercions.article(v),
                    "define one with `network Net { input (N, …); … }` and write cost(Net, batch=…)");
        }
        Network first = nv.network();
        String name = first.name();
        if (first.incomplete() && a.extras().isEmpty() && !a.has("context") && !symbolicBeyondBatch(first.input())) {
            // broken whatever is bound: its own errors, reported once, before any check of the arguments
            if (nv.def() != null && !(a.get("net") instanceof NetworkV)) Networks.resolve(a.interpreter(), nv.def(), a.span("net"));
            throw new Poisoned.Used();
        }
        Cost.DType dtype = dtype(a, "dtype");
        Cost.DType kvDtype = a.has("kv_dtype") ? dtype(a, "kv_dtype")
                : dtype == Cost.DType.INT8 || dtype == Cost.DType.INT4 ? Cost.DType.BF16 : dtype;
        boolean training = a.bool("training");
        String optimizer = null;
        if (a.has("optimizer")) {
            optimizer = a.string("optimizer").toLowerCase(Locale.ROOT);
            if (!OPTIMIZERS.contains(optimizer)) {
                throw new NnspecException(a.span("optimizer"), "cost knows the optimizers \"adamw\", \"adam\" and \"sgd\", not \""
                        + a.string("optimizer") + "\"", "use optimizer=\"adamw\" (16 bytes per parameter in bf16 mixed precision) or \"sgd\"");
            }
            if (!training) {
                throw new NnspecException(a.span("optimizer"), "optimizer= applies to training, and this cost is of inference",
                        "add training=true");
            }
        }
        if (training && optimizer == null) optimizer = "adamw";
        boolean momentum = true;
        if (a.has("momentum")) {
            if (!"sgd".equals(optimizer)) {
                throw new NnspecException(a.span("momentum"), "momentum= applies to optimizer=\"sgd\"",
                        training ? "add optimizer=\"sgd\", or leave momentum out" : "add training=true, optimizer=\"sgd\"");
            }
            double m = a.real("momentum");
            if (!(m >= 0 && m < 1)) {
                throw new NnspecException(a.span("momentum"), "momentum must be at least 0 and below 1, got " + ValueText.inline(a.get("momentum"), 6),
                        "SGD's usual momentum is 0.9; momentum=0 keeps no state");
            }
            momentum = m != 0;
        }
        if (training && !(dtype == Cost.DType.FP32 || dtype.mixed())) {
            throw new NnspecException(a.span("dtype"), "training in " + dtype.label + " has no convention in nnspec: it trains in fp32, "
                    + "or in bf16 or fp16 mixed precision", "use dtype=\"bf16\" (weights and gradients 2 B, an fp32 master copy in the optimizer)");
        }
        BigInteger batchGiven = a.has("batch") ? positive(a, "batch") : null;
        BigInteger contextGiven = a.has("context") ? positive(a, "context") : null;
        Span batchSpan = a.has("batch") ? a.span("batch") : null;

        Shape in = first.input();
        Stmt.NetworkDef def = nv.def() == null ? null : nv.def().def;
        Set<String> params = new java.util.HashSet<>();
        if (def != null) for (Stmt.Param p : def.params()) params.add(p.name());
        List<Expr> written = inputDims(def);
        // the sequence dimension: written T (first in a sequence-first input, (T, N, E)), a
        // parameter T, or the second of a token or embedding input written as a name
        int seqIndex = -1;
        String seqName = null;
        for (int i = 0; i < written.size() && i < in.rank(); i++) {
            if (written.get(i) instanceof Expr.Name n && n.name().equals("T")) {
                seqName = "T";
                seqIndex = i;
                break;
            }
        }
        if (seqName == null && params.contains("T")) seqName = "T";
        if (seqName == null && (in.rank() == 2 || in.rank() == 3) && written.size() == in.rank() && written.get(1) instanceof Expr.Name n
                && (params.contains(n.name()) || in.get(1) instanceof Dim.Symbolic) && sequenceModel(first)) {
            seqName = n.name();
            seqIndex = 1;
        }
        // the batch: the first dimension, or the second of a sequence-first (T, N, E), none in (T, E)
        boolean sequenceFirst = seqIndex == 0;
        int batchIndex = sequenceFirst ? (in.rank() >= 3 ? 1 : -1) : (in.rank() > 0 ? 0 : -1);
        Dim batchDim = batchIndex >= 0 ? in.get(batchIndex) : null;
        Map<String, Args.Given> extras = new LinkedHashMap<>(a.extras());
        // the batch's own name (N=8) is the batch
        if (batchDim instanceof Dim.Symbolic b && extras.containsKey(b.name())) {
            Args.Given g = extras.remove(b.name());
            if (batchGiven != null) throw new NnspecException(g.span(), "the batch " + b.name() + " is given twice, as batch= and " + b.name() + "=", null);
            batchGiven = positive(g, b.name());
            batchSpan = g.span();
        }
        BigInteger batch;
        if (batchDim instanceof Dim.Symbolic) {
            batch = batchGiven == null ? BigInteger.ONE : batchGiven;
        } else if (batchDim == null || batchIndex == 0 && first.countsWholeInput()) {
            if (batchGiven != null && !batchGiven.equals(BigInteger.ONE)) {
                throw new NnspecException(batchSpan, batchDim == null
                        ? name + "'s input " + in + " has no batch dimension, so batch= cannot set one"
                        : name + "'s counts are for its whole input " + in + ": its first layer does not read " + batchDim
                                + " as a batch, so batch= cannot multiply them",
                        "leave out batch=, or write the input with a batch, as in input (N, …)");
            }
            batch = BigInteger.ONE;
        } else {
            BigInteger fixed = ((Dim.Known) batchDim).value();
            if (batchGiven != null && !batchGiven.equals(fixed)) {
                throw new NnspecException(batchSpan, name + "'s input " + in + " fixes its batch at " + fixed + ", so batch=" + batchGiven
                        + " cannot bind it", "write the input with a symbolic batch, as in input (N, …), to choose it with batch=");
            }
            batch = fixed;
        }
        // a sequence-first input is counted whole (section 6): its batch is bound like its other sizes
        boolean whole = sequenceFirst || first.countsWholeInput();

        Map<String, Value> bindParams = new LinkedHashMap<>(), bindSizes = new LinkedHashMap<>();
        Set<String> symbols = new java.util.LinkedHashSet<>();
        for (Dim d : in.dims()) if (d instanceof Dim.Symbolic s && !d.equals(batchDim)) symbols.add(s.name());
        if (sequenceFirst && batchDim instanceof Dim.Symbolic b) bind(b.name(), Value.IntV.of(batch), params, bindParams, bindSizes);
        if (contextGiven != null) {
            BigInteger fixedLength = attentionLength(first);
            if (seqName == null && fixedLength != null) {
                // BERT's input (N, 512): its attention's sequence is fixed where the input is written
                throw new NnspecException(a.span("context"), name + "'s input " + in + " fixes its sequence length at "
                        + Numbers.grouped(fixedLength) + ", so context=" + contextGiven + " cannot set it",
                        "leave out context= (its context is " + Numbers.grouped(fixedLength) + "), or write the input with a symbolic"
                                + " sequence, as in input (N, T), to choose it with context=");
            }
            if (seqName == null) {
                throw new NnspecException(a.span("context"), name + " has no sequence dimension for context= to set: its input is " + in,
                        symbols.isEmpty() ? "leave out context=" : "leave out context=, and bind its symbolic sizes by their names ("
                        + String.join(", ", symbols) + ")");
            }
            if (extras.containsKey(seqName)) {
                throw new NnspecException(extras.get(seqName).span(), "the sequence length " + seqName + " is given twice, as context= and "
                        + seqName + "=", null);
            }
            if (params.contains(seqName) && usedBeyondInput(def, seqName)) {
                // GPT-2's n_ctx also sizes its position embedding: setting it would change the model
                throw new NnspecException(a.span("context"), "context= would set " + name + "'s parameter " + seqName
                        + ", which sizes its layers as well as its input " + in + ", so the model itself would change",
                        "give the sequence length its own symbolic name in the input, as in input (N, T), or set the parameter"
                                + " deliberately with " + seqName + "=");
            }
            bind(seqName, Value.IntV.of(contextGiven), params, bindParams, bindSizes);
        }
        for (Args.Given g : extras.values()) {
            if (!params.contains(g.name()) && !symbols.contains(g.name())) {
                throw new NnspecException(g.nameSpan() == null ? g.span() : g.nameSpan(), "cost has no argument '" + g.name() + "', and "
                        + name + " has no parameter or symbolic size of that name (its input is " + in + ")",
                        "write " + Builtins.get("cost").signature() + (symbols.isEmpty() ? "" : "; its symbolic sizes: " + String.join(", ", symbols)));
            }
            bind(g.name(), Value.IntV.of(positive(g, g.name())), params, bindParams, bindSizes);
        }
        for (String s : symbols) {
            if (bindSizes.containsKey(s)) continue;
            if (s.equals(seqName)) {
                throw new NnspecException(a.callSpan(), "the sequence length " + s + " is symbolic; give context=",
                        "as in cost(" + name + ", context=4096)");
            }
            throw new NnspecException(a.callSpan(), "the size " + s + " of " + name + "'s input " + in + " is symbolic; give " + s + "=",
                    "as in cost(" + name + ", " + s + "=224)");
        }

        Network net = first;
        if (bindParams.isEmpty() && bindSizes.isEmpty() && first.incomplete()) {
            // built quietly: report its errors as its name would
            if (nv.def() != null && !(a.get("net") instanceof NetworkV)) Networks.resolve(a.interpreter(), nv.def(), a.span("net"));
            throw new Poisoned.Used();
        }
        if (!bindParams.isEmpty() || !bindSizes.isEmpty()) {
            if (nv.def() == null) throw new NnspecException(a.callSpan(), "cost cannot build " + name + " again with other sizes", null);
            net = Networks.rebuild(a.interpreter(), nv, bindParams, bindSizes, a.callSpan());
        }
        BigInteger context = contextGiven;
        if (context == null && seqName != null && seqIndex >= 0 && seqIndex < net.input().rank()
                && net.input().get(seqIndex) instanceof Dim.Known k) {
            context = k.value();
        }
        // a fixed sequence (BERT's input (N, 512), ViT's 197 patches): its attention's length is the context
        if (context == null) context = attentionLength(net);
        Cost.Settings settings = new Cost.Settings(batch, context, dtype, kvDtype, training, optimizer, momentum, a.bool("layers"),
                whole || net.countsWholeInput());
        try {
            return new CostV(Cost.of(net, a.callSpan().text().replaceAll("[ \\t]*\\R\\s*", " "), settings));
        } catch (NnspecException e) {
            throw e.at(a.callSpan());
        }
    }

    /** Whether a dimension of the input after the first is symbolic (so binding it may mend the network). */
    private static boolean symbolicBeyondBatch(Shape in) {
        for (int i = 1; i < in.rank(); i++) if (in.get(i) instanceof Dim.Symbolic) return true;
        return false;
    }

    /**
     * The sequence length of the network's attention layers (their key/value cache's) when
     * they all agree on a known one; null without attention or when they differ.
     */
    private static BigInteger attentionLength(Network net) {
        BigInteger length = null;
        for (NetworkLayer l : net.layers()) {
            var c = l.costInfo().cache();
            if (c == null) continue;
            if (c.length() == null || length != null && !length.equals(c.length())) return null;
            length = c.length();
        }
        return length;
    }

    /** Whether some parameter of the network has no default. */
    private static boolean needsArguments(Stmt.NetworkDef def) {
        for (Stmt.Param p : def.params()) if (p.defaultValue() == null) return true;
        return false;
    }

    /** Whether the network reads sequences: it has an attention, recurrent or embedding layer. */
    private static boolean sequenceModel(Network net) {
        for (NetworkLayer l : net.layers()) {
            if (l.costInfo().cache() != null) return true; // every attention layer has a cache
            switch (l.type()) {
                case "Embedding", "RNN", "LSTM", "GRU" -> { return true; }
                default -> { }
            }
        }
        return false;
    }

    private static void bind(String n, Value v, Set<String> params, Map<String, Value> bindParams, Map<String, Value> bindSizes) {
        if (params.contains(n)) bindParams.put(n, v);
        else bindSizes.put(n, v);
    }

    /** Whether {@code name} is read anywhere in the network's body but its input statement. */
    private static boolean usedBeyondInput(Stmt.NetworkDef def, String name) {
        List<Stmt> rest = new java.util.ArrayList<>();
        for (Stmt s : def.body()) if (!(s instanceof Stmt.Input)) rest.add(s);
        for (Expr e : Stmt.expressions(rest)) if (Expr.names(e).contains(name)) return true;
        return false;
    }

    /** The expressions of the network's input statement, one per dimension, or an empty list. */
    private static List<Expr> inputDims(Stmt.NetworkDef def) {
        if (def == null) return List.of();
        for (Stmt s : def.body()) {
            if (s instanceof Stmt.Input i && i.shape() instanceof Expr.Tuple t) return t.items();
        }
        return List.of();
    }

    private static Cost.DType dtype(Args a, String arg) { return dtype(a, arg, "cost"); }

    private static Cost.DType dtype(Args a, String arg, String function) {
        String s = a.string(arg);
        Cost.DType d = Cost.DType.of(s);
        if (d == null) {
            throw new NnspecException(a.span(arg), "unknown " + arg + " \"" + s + "\": " + function + " knows " + Cost.DType.names(),
                    "use " + arg + "=\"bf16\" (2 bytes), \"fp32\" (4), \"int8\" (1) or \"int4\" (½)");
        }
        return d;
    }

    /** The hint of a size that is not positive. */
    private static String hint(String arg) {
        return switch (arg) {
            case "batch" -> "batch= is the number of samples run at once, as in batch=8; leave it out for 1";
            case "context" -> "context= is the sequence length in tokens, as in context=4096";
            default -> "a size is a whole number of at least 1, as in " + arg + "=224";
        };
    }

    private static BigInteger positive(Args a, String arg) {
        return positive(a.bigInteger(arg), a.span(arg), arg);
    }

    private static BigInteger positive(Args.Given g, String arg) {
        if (!(g.value() instanceof Value.IntV i)) {
            throw new NnspecException(g.span(), arg + " must be an integer size, not " + Coercions.article(g.value()), null);
        }
        return positive(i.value(), g.span(), arg);
    }

    /** {@code n} as a size: at least 1 and at most 10^100, else an error at {@code span}. */
    private static BigInteger positive(BigInteger n, Span span, String arg) {
        if (n.signum() <= 0) throw new NnspecException(span, arg + " must be at least 1, got " + n, hint(arg));
        String tooLarge = Dim.tooLarge(n, arg);
        if (tooLarge != null) throw new NnspecException(span, tooLarge, null);
        return n;
    }
}
