package org.nnspec.nn;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.NnspecException;
import org.nnspec.diag.Span;

/**
 * Builds a {@link Network} while the interpreter walks a {@code network} body: the input
 * shape, then layers in forward order, with nested scopes (blocks, repeats), residual and
 * concat composites, and tied weights. Shape errors go to the {@link Diagnostics} with the
 * span of the layer or composite; checking goes on with the best known shape, and stops
 * quietly for the layers after a shape that cannot be known.
 */
public final class NetworkBuilder {
    private enum Kind { ROOT, SCOPE, RESIDUAL, MERGE, EXPERTS }

    /** One open level: the network itself, a scope, a residual, a merge (concat, add, multiply) or experts. */
    private final class Frame {
        final Kind kind;
        final String prefix;
        final boolean ownsNames;
        /** The names of this frame's children, and how many there are (the next one's index). */
        final java.util.Set<String> names = new java.util.HashSet<>();
        int children;
        final NetworkLayer.Scope scope;
        final Shape input;
        /** The tensor numbers (see {@link Network#tensors}) of the input, the residual body's output and the branches' outputs. */
        final int inputTensor = currentTensor;
        int bodyOutputTensor = -1;
        final List<Integer> branchTensors = new ArrayList<>();
        final Span span;
        Shape bodyOutput;
        boolean inShortcut;
        /** A merge's rule: the branch outputs to its output, null when they do not join (reported). */
        java.util.function.Function<List<Shape>, Shape> join;
        final List<Shape> branchOutputs = new ArrayList<>();
        boolean broken;
        /** A multiply merge, whose backward reads its factors. */
        boolean multiply;
        /** Experts: how many copies of the body there are, and how many run for each token. */
        BigInteger copies, active;
        /** The innermost frame, this one or an enclosing one, that owns names and that has a scope. */
        final Frame naming;
        final NetworkLayer.Scope innermostScope;

        Frame(Kind kind, String prefix, boolean ownsNames, NetworkLayer.Scope scope, Shape input, Span span, Frame enclosing) {
            this.kind = kind;
            this.prefix = prefix;
            this.ownsNames = ownsNames;
            this.scope = scope;
            this.input = input;
            this.span = span;
            this.naming = ownsNames ? this : enclosing.naming;
            this.innermostScope = scope != null ? scope : enclosing == null ? null : enclosing.innermostScope;
            this.copies = enclosing == null ? BigInteger.ONE : enclosing.copies;
            this.active = enclosing == null ? BigInteger.ONE : enclosing.active;
        }
    }

    private final String name;
    private final Span span;
    private final Diagnostics diags;
    private final Deque<Frame> frames = new ArrayDeque<>();
    private final List<NetworkLayer> layers = new ArrayList<>();
    /**
     * Layers by full name, for tie= only: made at the first tie, then kept up to date, as most
     * networks have none and would otherwise hash every layer's name for nothing.
     */
    private Map<String, NetworkLayer> byName;
    /** Where the first layer with an opinion reads its batch: first (TRUE), elsewhere (FALSE), or null. */
    private Boolean batchFirst;
    /** The counts are for the whole input: a numeric first dimension that is not the batch. */
    private boolean wholeInput;
    /** The layers whose own arguments or shapes were in error, with the line of the error. */
    private final Map<NetworkLayer, Integer> failed = new java.util.IdentityHashMap<>();
    private Shape input;
    private Dim batch;
    /** The shape flowing into the next layer; null when an error left it unknown. */
    private Shape current;
    /** The last layer's output and its activation count. */
    private Shape lastOutput;
    private BigInteger lastActivations;
    /** Every tensor that flows between layers (section 13's saved activations), by number; 0 is the input. */
    private final List<Shape> tensors = new ArrayList<>();
    /** The number of the tensor flowing into the next layer; -1 when unknown. */
    private int currentTensor = -1;
    /** Tensors a merge's backward reads (both factors of a multiply). */
    private final List<Network.MergeRead> mergeReads = new ArrayList<>();
    /** How many times each tensor exists per sample: the active experts of the scope it was made in. */
    private final List<BigInteger> tensorActive = new ArrayList<>();

    public NetworkBuilder(String name, Span span, Diagnostics diags) {
        this.name = name;
        this.span = span == null ? Span.NONE : span;
        this.diags = diags;
        frames.push(new Frame(Kind.ROOT, "", true, null, null, this.span, null));
    }

    /**
     * The network's input shape. A symbolic first dimension is the batch: MACs and activation
     * counts are per sample (that symbol counts once); other symbolic dims make them unknown.
     */
    public void input(Shape shape, Span where) {
        if (input != null) {
            diags.error(where, "network " + name + " already has an input " + input, "a network has one input statement, before its layers");
            return;
        }
        if (!layers.isEmpty()) {
            diags.error(where, "the input of network " + name + " must come before its layers", "move `input " + shape + "` to the top");
        }
        for (Dim d : shape.dims()) {
            if (d instanceof Dim.Known k && k.value().signum() < 0) {
                diags.error(where, "the input shape " + shape + " has a negative size " + k.value(), "sizes are 0 or more");
                return;
            }
        }
        input = shape;
        batch = shape.rank() > 0 ? shape.get(0) : null;
        current = shape;
        currentTensor = tensor(shape);
    }

    /**
     * An input statement whose shape was refused (already reported): the layers after it are
     * still checked for what does not depend on their input shape.
     */
    public void unknownInput() {
        if (input == null) input = new Shape(List.of());
        current = null;
        currentTensor = -1;
    }

    /** A new tensor of shape {@code s}: its number, or -1 for an unknown shape. */
    private int tensor(Shape s) {
        if (s == null) return -1;
        tensors.add(s);
        tensorActive.add(frames.peek().active);
        return tensors.size() - 1;
    }

    /** The shape the next layer will receive (null when unknown after an error). */
    public Shape currentShape() { return current; }

    /**
     * Adds a leaf layer; {@code nameOrNull} null gives it its index among its siblings
     * ({@link #nextIndexName}). The keyword {@code tie} (a String: the name of an earlier
     * layer, resolved from the innermost scope outwards, or a full dotted name) shares that
     * layer's weight. Returns the layer's output shape, or null when it cannot be known.
     */
    public Shape layer(String nameOrNull, LayerCall call) {
        if (input == null && layers.isEmpty()) {
            diags.error(call.span(), "network " + name + " has no input before its first layer", "start the body with `input (N, ...)`");
            input = new Shape(List.of());
        }
        Frame names = namingFrame();
        String local = nameOrNull != null ? nameOrNull : nextIndexName();
        claim(names, local, call.span());
        String full = names.prefix + local;
        Arg tie = call.keywords().get("tie");
        LayerCall bare = call;
        if (tie != null) {
            Map<String, Arg> keywords = new LinkedHashMap<>(call.keywords());
            keywords.remove("tie");
            bare = new LayerCall(call.type(), call.span(), call.positional(), keywords);
        }
        Shape in = current;
        int errorsBefore = diags.errorCount();
        LayerContext ctx = null;
        LayerType type = null;
        try {
            type = LayerCatalog.get(call.type());
            BoundArgs args = type.signature().bind(bare);
            // after an error the input may be unknown: the rule still checks its arguments, and a
            // layer whose output does not depend on its input (Parameter) is still built
            ctx = new LayerContext(type, args, in, call.span(), diags, batch);
            type.rule().apply(ctx);
        } catch (LayerContext.UnknownInput quiet) {
            ctx = null; // the error that made it unknown was reported where it happened
        } catch (NnspecException e) {
            diags.report(e.at(call.span()).toDiagnostic());
            ctx = null;
        }
        if (ctx == null || ctx.output == null) {
            unbuilt(full, call.type(), in, call.span(), diags.errorCount() > errorsBefore);
            return null;
        }
        BigInteger params = BigInteger.ZERO;
        for (LayerContext.ParamTensor t : ctx.params) params = params.add(t.size());
        String formula = ctx.formula;
        String tiedTo = null;
        List<LayerContext.ParamTensor> own = ctx.params;
        if (tie != null) {
            LayerContext.ParamTensor shared = tie(full, tie, ctx.params, call.span());
            if (shared != null) {
                tiedTo = resolve(tie.value().toString()).name();
                params = params.subtract(shared.size());
                own = new ArrayList<>(ctx.params);
                own.remove(shared);
                List<String> terms = new ArrayList<>();
                for (LayerContext.ParamTensor t : own) terms.add(Formula.product(t.shape().toArray()));
                formula = Formula.sum(terms.toArray(new String[0]));
            }
        }
        // for the whole input (LayerContext.count counts a symbolic batch once; build() makes a
        // numeric batch's counts per sample); an activation or normalisation passes its input's
        // Shape object on, whose count the layer before it has made
        if (batchFirst == null) batchFirst = ctx.batchFirst();
        BigInteger activations = ctx.output == lastOutput ? lastActivations : ctx.count(ctx.output);
        lastOutput = ctx.output;
        lastActivations = activations;
        int inTensor = currentTensor;
        int outTensor = SavedTensors.isView(type.name()) && inTensor >= 0 ? inTensor : tensor(ctx.output);
        currentTensor = outTensor;
        CostInfo costInfo = new CostInfo(inTensor, outTensor, ctx.cache, ctx.internal);
        // the context is dropped here, so its lists are handed over as views, not copied
        NetworkLayer layer = new NetworkLayer(full, type.name(), ctx.description == null ? type.name() : ctx.description, in, ctx.output,
                params, formula, ctx.dense, ctx.denseFormula, ctx.macs, activations, tiedTo,
                Collections.unmodifiableList(ctx.explanation), Collections.unmodifiableList(ctx.warnings), call.span(), scope(),
                Collections.unmodifiableList(ctx.params), frames.peek().copies, frames.peek().active, costInfo);
        add(layer);
        if (diags.errorCount() > errorsBefore) failed.put(layer, call.span().line());
        current = ctx.output;
        return current;
    }

    /**
     * A layer whose arguments could not be evaluated ({@code Linear(8, undefined_name)}): the
     * error is reported, and the layer gets its row ({@code error at line N}) and its name, so
     * that the layers after it are numbered as written and read an unknown shape. A null
     * {@code error} was reported elsewhere (a name whose own definition failed).
     */
    public void failedLayer(String nameOrNull, String type, Span span, org.nnspec.diag.Diagnostic error) {
        if (error != null) diags.report(error);
        Frame names = namingFrame();
        String local = nameOrNull != null ? nameOrNull : nextIndexName();
        claim(names, local, span);
        unbuilt(names.prefix + local, type, current, span, error != null);
    }

    /** How many levels are open (the network itself is one). */
    public int depth() { return frames.size(); }

    /**
     * A composite (a block use, repeat, concat, experts) failed: the levels it opened, above
     * {@code depth}, are closed; it keeps {@code labelOrNull} (its label or index) among its
     * siblings when it had not claimed it yet; its output, the shape after it, is unknown.
     */
    public void abandonTo(int depth, String labelOrNull) {
        while (frames.size() > depth) {
            Frame f = frames.pop();
            if (f.scope != null) f.scope.output = null;
        }
        Frame names = namingFrame();
        if (labelOrNull != null && !names.names.contains(labelOrNull)) claim(names, labelOrNull, Span.NONE);
        current = null;
        currentTensor = -1;
    }

    private void unbuilt(String full, String type, Shape in, Span span, boolean ownError) {
        current = null;
        currentTensor = -1;
        NetworkLayer unknown = new NetworkLayer(full, type, type + "(…)", in, null, BigInteger.ZERO, "?", null, null,
                null, null, null, List.of(), List.of(), span, scope(), List.of(), frames.peek().copies, frames.peek().active,
                CostInfo.NONE);
        add(unknown);
        if (ownError) failed.put(unknown, span.line());
    }

    /**
     * The layers' counts per sample (docs/language.md section 6): the first dimension of the
     * input is the batch unless the first layer that knows where its batch is (a convolution,
     * a pooling, attention, a recurrent layer, Flatten) reads it otherwise; layers that take any
     * shape (ReLU, LayerNorm) do not decide. A numeric batch divides each count; a layer that
     * mixes the samples, whose count the batch does not divide (after Flatten(start_dim=0)),
     * keeps its whole count.
     */
    private void countPerSample() {
        if (input.rank() < 2 || !(batch instanceof Dim.Known k) || k.value().compareTo(BigInteger.ONE) <= 0) return;
        if (Boolean.FALSE.equals(batchFirst)) {
            wholeInput = true;
            return;
        }
        Map<NetworkLayer, Integer> failedNow = new java.util.IdentityHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            NetworkLayer l = layers.get(i), per = l.perSample(k.value());
            layers.set(i, per);
            if (failed.containsKey(l)) failedNow.put(per, failed.get(l));
        }
        failed.clear();
        failed.putAll(failedNow);
    }

    private void add(NetworkLayer layer) {
        layers.add(layer);
        if (byName != null) byName.putIfAbsent(layer.name(), layer);
    }

    /** Opens a named group (a block instance, a repeat iteration): its layers are named {@code name.layer}. */
    public void beginScope(String scopeName, String description, Span where) {
        beginScope(scopeName, description, null, where);
    }

    /** {@link #beginScope(String, String, Span)} described by {@code describedBy} when it is first shown (a block's call). */
    public void beginScopeDescribedBy(String scopeName, java.util.function.Supplier<String> describedBy, Span where) {
        beginScope(scopeName, null, describedBy, where);
    }

    private void beginScope(String scopeName, String description, java.util.function.Supplier<String> describedBy, Span where) {
        Frame names = namingFrame();
        claim(names, scopeName, where);
        String full = names.prefix + scopeName;
        frames.push(new Frame(Kind.SCOPE, full + ".", true,
                new NetworkLayer.Scope(scope(), full, description, describedBy), current, where, frames.peek()));
    }

    public void endScope() {
        Frame f = pop(Kind.SCOPE);
        f.scope.output = current;
    }

    /** Opens {@code residual { body } [shortcut { ... }]}; a non-null name prefixes its layers. */
    public void beginResidual(String nameOrNull, Span where) {
        frames.push(composite(Kind.RESIDUAL, nameOrNull, "residual", where));
    }

    /** The body is done; the shortcut's layers follow, starting again from the residual's input. */
    public void beginShortcut(Span where) {
        Frame f = top(Kind.RESIDUAL);
        if (f.inShortcut) throw new IllegalStateException("second shortcut");
        f.bodyOutput = current;
        f.bodyOutputTensor = currentTensor;
        f.inShortcut = true;
        current = f.input;
        currentTensor = f.inputTensor;
    }

    /** Output = body + shortcut (the identity when absent or empty); the shapes must match exactly. */
    public Shape endResidual(Span where) {
        Frame f = pop(Kind.RESIDUAL);
        Shape body = f.inShortcut ? f.bodyOutput : current;
        Shape shortcut = f.inShortcut ? current : f.input;
        if (body != null && shortcut != null && !body.equals(shortcut)) {
            boolean identity = shortcut == f.input;
            diags.error(where, "residual adds its body's output " + body + " to " + (identity ? "its input " : "its shortcut's output ") + shortcut
                            + ", but the shapes differ",
                    identity ? "add `shortcut { ... }` with layers that turn " + f.input + " into " + body
                            + " (e.g. a 1×1 Conv2d with the body's stride)"
                            : "make the shortcut produce " + body);
        }
        current = body;
        currentTensor = tensor(body); // the sum is a new tensor
        if (f.scope != null) f.scope.output = current;
        return current;
    }

    /** Opens {@code concat(dim=d) { branch { ... } ... }}; a non-null name prefixes its layers. */
    public void beginConcat(String nameOrNull, int dim, Span where) {
        beginMerge(nameOrNull, "concat(dim=" + dim + ")", false, outputs -> Concat.join(outputs, dim, where, diags), where);
    }

    /**
     * Opens {@code add { branch ... }} ({@code multiply} false) or {@code multiply { branch ... }}:
     * the branches' outputs broadcast as PyTorch's elementwise operations do.
     */
    public void beginElementwise(String nameOrNull, boolean multiply, Span where) {
        String op = multiply ? "multiply" : "add";
        beginMerge(nameOrNull, op, multiply, outputs -> Elementwise.join(outputs, op, where, diags), where);
    }

    private void beginMerge(String nameOrNull, String description, boolean multiply,
                            java.util.function.Function<List<Shape>, Shape> join, Span where) {
        Frame f = composite(Kind.MERGE, nameOrNull, description, where);
        f.join = join;
        f.multiply = multiply;
        frames.push(f);
    }

    /**
     * Each branch starts from the merge's input; an empty branch is the identity. A named branch
     * ({@code branch1: branch { … }}) prefixes its layers with its name.
     */
    public void beginBranch(String nameOrNull, Span where) {
        Frame f = top(Kind.MERGE);
        current = f.input;
        currentTensor = f.inputTensor;
        if (nameOrNull != null) beginScope(nameOrNull, "branch", where);
    }

    public void endBranch() {
        if (frames.peek().kind == Kind.SCOPE) endScope(); // a named branch's
        Frame f = top(Kind.MERGE);
        if (current == null) f.broken = true;
        f.branchOutputs.add(current);
        f.branchTensors.add(currentTensor);
        current = f.input;
        currentTensor = f.inputTensor;
    }

    /** Joins the branch outputs by the merge's rule (concat along dim, or broadcasting). */
    public Shape endMerge(Span where) {
        Frame f = pop(Kind.MERGE);
        current = f.broken ? null : f.join.apply(f.branchOutputs);
        if (f.multiply) {
            // the product's backward reads each factor
            for (int t : f.branchTensors) if (t >= 0) mergeReads.add(new Network.MergeRead(t, layers.size() - 1));
        }
        currentTensor = tensor(current);
        if (f.scope != null) f.scope.output = current;
        return current;
    }

    /**
     * Opens {@code experts(count=, active=) { one expert }}: the router {@code gate:
     * Linear(d, count, bias=False)} on the input's last dimension is added as a layer, then the
     * body, which starts again from the input, is one expert of {@code count}, of which
     * {@code active} run for each token (docs/language.md section 6.1). The walker adds the
     * expert as the child {@code 0} of the {@code experts} scope opened here, whose layers are
     * marked with their copies.
     */
    public void beginExperts(String nameOrNull, BigInteger count, BigInteger active, Span where) {
        Frame f = composite(Kind.EXPERTS, nameOrNull, "experts(count=" + count + ", active=" + active + ")", where);
        frames.push(f);
        Shape in = current;
        if (in != null && (in.rank() == 0 || !(in.get(in.rank() - 1) instanceof Dim.Known))) {
            diags.error(where, "experts routes each vector of its input's last dimension, but its input " + in + " has "
                            + (in.rank() == 0 ? "no dimensions" : "a symbolic last dimension"),
                    "give the last dimension of the input a size");
            current = in = null;
        }
        if (in != null) {
            BigInteger d = ((Dim.Known) in.get(in.rank() - 1)).value();
            layer("gate", new LayerCall("Linear", where, List.of(new Arg(d, where), new Arg(count, where)),
                    java.util.Map.of("bias", new Arg(Boolean.FALSE, where))));
        }
        current = in;
        currentTensor = in == null ? -1 : f.inputTensor;
        beginScope("experts", count + " experts, " + active + " active for each token", where);
        Frame experts = frames.peek();
        experts.copies = f.copies.multiply(count);
        experts.active = f.active.multiply(active);
    }

    /**
     * The experts' output is one expert's. Each vector of the input's last dimension is routed
     * on its own, so an expert keeps the other dimensions (Mixtral's maps (N, T, d) to
     * (N, T, d)); one that changes them has no meaning as a mixture and is an error.
     */
    public Shape endExperts(Span where) {
        endScope();
        Frame f = pop(Kind.EXPERTS);
        Shape in = f.input, out = current;
        if (in != null && out != null && !leadingDims(in).equals(leadingDims(out))) {
            diags.error(where, "experts route each vector of the input's last dimension, so an expert keeps the other dimensions, "
                            + "but this one turns " + in + " into " + out,
                    "change only the last dimension inside experts (Linear, activations, norms over it)");
            current = null;
        }
        if (f.scope != null) f.scope.output = current;
        return current;
    }

    /** Every dimension but the last. */
    private static List<Dim> leadingDims(Shape s) {
        return s.rank() == 0 ? List.of() : s.dims().subList(0, s.rank() - 1);
    }

    public Network build() {
        if (frames.size() != 1) throw new IllegalStateException("unclosed " + frames.peek().kind + " in network " + name);
        if (input == null) {
            diags.error(span, "network " + name + " has no input", "start the body with `input (N, ...)`");
            input = new Shape(List.of());
        }
        countPerSample();
        return new Network(name, input, layers, current, diags.hasErrors(), failed, wholeInput, tensors, tensorActive, mergeReads);
    }

    private Frame composite(Kind kind, String nameOrNull, String description, Span where) {
        Frame names = namingFrame();
        if (nameOrNull == null) return new Frame(kind, names.prefix, false, null, current, where, frames.peek());
        claim(names, nameOrNull, where);
        return new Frame(kind, names.prefix + nameOrNull + ".", true,
                new NetworkLayer.Scope(scope(), names.prefix + nameOrNull, description), current, where, frames.peek());
    }

    private Frame namingFrame() { return frames.peek().naming; }

    private NetworkLayer.Scope scope() { return frames.peek().innermostScope; }

    private Frame top(Kind kind) {
        Frame f = frames.peek();
        if (f == null || f.kind != kind) throw new IllegalStateException("expected an open " + kind + ", found " + (f == null ? "none" : f.kind));
        return f;
    }

    private Frame pop(Kind kind) {
        top(kind);
        return frames.pop();
    }

    /**
     * The name of the next child of the current scope when it is not given one: its index
     * among its siblings, named or not ({@code 0}, {@code 1}, …), as nn.Sequential names its
     * children, so that summary names are state_dict prefixes ({@code features.0},
     * {@code layer1.0.conv1}). A layer inside an unnamed residual, merge or branch is a child
     * of the scope around it, as PyTorch's functional {@code x + f(x)} adds no module.
     */
    public String nextIndexName() {
        Frame names = namingFrame();
        int i = names.children;
        while (names.names.contains(String.valueOf(i))) i++;
        return String.valueOf(i);
    }

    /** Registers a child of {@code names} (a layer, block, composite or branch); a name taken twice is an error at {@code where}. */
    private void claim(Frame names, String local, Span where) {
        names.children++;
        if (!names.names.add(local)) {
            diags.error(where, "network " + name + " already has a layer or block named " + names.prefix + local, "give this one another name");
        }
    }

    /** The earlier layer {@code target} names, innermost scope first, then as a full dotted name. */
    private NetworkLayer resolve(String target) {
        if (byName == null) {
            byName = new HashMap<>();
            for (NetworkLayer l : layers) byName.putIfAbsent(l.name(), l);
        }
        for (Frame f : frames) {
            if (!f.ownsNames) continue;
            NetworkLayer l = byName.get(f.prefix + target);
            if (l != null) return l;
        }
        return null;
    }

    private LayerContext.ParamTensor tie(String self, Arg tie, List<LayerContext.ParamTensor> own, Span callSpan) {
        Span where = tie.span().isNone() ? callSpan : tie.span();
        if (!(tie.value() instanceof String target)) {
            diags.error(where, "tie= names the layer whose weight this one shares, got " + Signature.show(tie.value()), "write e.g. tie=wte");
            return null;
        }
        NetworkLayer other = resolve(target);
        if (other == null) {
            diags.error(where, "there is no layer named " + target + " before " + self + " to tie to", "tie to a layer defined earlier in the network");
            return null;
        }
        LayerContext.ParamTensor mine = weight(own), theirs = weight(other.tensors());
        if (mine == null || theirs == null) {
            diags.error(where, "cannot tie " + self + " to " + other.name() + ": " + (mine == null ? self : other.name()) + " has no weight", null);
            return null;
        }
        if (!mine.shape().equals(theirs.shape())) {
            diags.error(where, "cannot tie " + self + "'s weight " + ShapeLayers.tuple(mine.shape()) + " to " + other.name() + "'s weight "
                    + ShapeLayers.tuple(theirs.shape()) + ": the shapes differ", "tied layers need weights of the same shape");
            return null;
        }
        return mine;
    }

    private static LayerContext.ParamTensor weight(List<LayerContext.ParamTensor> tensors) {
        for (LayerContext.ParamTensor t : tensors) if (t.name().equals("weight")) return t;
        return null;
    }
}
