package org.nnspec.eval;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nnspec.ast.Expr;
import org.nnspec.ast.Stmt;
import org.nnspec.diag.NnspecException;
import org.nnspec.diag.Span;
import org.nnspec.eval.NetworkValues.BlockDefV;
import org.nnspec.eval.NetworkValues.NetworkDefV;
import org.nnspec.eval.Value.BoolV;
import org.nnspec.eval.Value.IntV;
import org.nnspec.eval.Value.ListV;
import org.nnspec.eval.Value.RealV;
import org.nnspec.eval.Value.ShapeV;
import org.nnspec.eval.Value.StrV;
import org.nnspec.nn.Arg;
import org.nnspec.nn.Dim;
import org.nnspec.nn.Shape;
import org.nnspec.nn.LayerCall;
import org.nnspec.nn.LayerCatalog;
import org.nnspec.nn.NetworkBuilder;

/**
 * Walks the body of a network or block, driving a {@link NetworkBuilder}: {@code input},
 * layers (named or not), block uses, {@code residual}, {@code concat}, {@code repeat}, and
 * {@code for}, {@code if} and local bindings, which open no new scope. A mistake in one
 * statement is reported and the walk goes on, so independent mistakes are all reported.
 */
final class NetworkWalker {
    /** Blocks expanded inside each other deeper than this are refused. */
    static final int MAX_BLOCK_DEPTH = 100;

    /**
     * Layers (leaf layers and block uses) one network may build: repeats multiply, and
     * repeat 8 { repeat 46341 { … } } spent half a minute building and reporting 370,000 layers.
     */
    static final int MAX_LAYERS = 100_000;

    private final Interpreter interpreter;
    private final NetworkBuilder builder;
    private int layersUsed;
    private final List<String> blockStack = new ArrayList<>();

    private final org.nnspec.diag.Diagnostics diags;

    NetworkWalker(Interpreter interpreter, NetworkBuilder builder, org.nnspec.diag.Diagnostics diags) {
        this.interpreter = interpreter;
        this.builder = builder;
        this.diags = diags;
    }

    /** What the other statements of a body mean: a network's or block's, or a concat's. */
    @FunctionalInterface
    private interface Meaning {
        void run(Stmt s, Scope scope);
    }

    void walk(List<Stmt> body, Scope scope) {
        walk(body, scope, this::statement);
    }

    /** A body's statements in order, each error reported at its statement and the walk going on. */
    private void walk(List<Stmt> body, Scope scope, Meaning meaning) {
        for (Stmt s : body) {
            try {
                if (!controlFlow(s, scope, meaning)) meaning.run(s, scope);
            } catch (Poisoned.Used quiet) {
                // reported where the poisoned name was defined
            } catch (NnspecException e) {
                if (e instanceof TooManyLayers || e instanceof Interrupted) throw e;
                diags.report(e.at(s.span()).toDiagnostic());
            }
        }
    }

    /**
     * Local names, {@code for} and {@code if}, the same in a network's body and a concat's: true
     * when {@code s} was one of them. The bodies of for and if keep the meaning of theirs.
     */
    private boolean controlFlow(Stmt s, Scope scope, Meaning meaning) {
        if (s instanceof Stmt.Assign a) {
            scope.define(a.name(), interpreter.evaluator().eval(a.value(), scope));
        } else if (s instanceof Stmt.For f) {
            Value iterable = interpreter.evaluator().eval(f.iterable(), scope);
            for (Value item : Interpreter.iterationItems(iterable, f.iterable().span())) {
                scope.define(f.variable(), item);
                walk(f.body(), scope, meaning);
            }
        } else if (s instanceof Stmt.If i) {
            boolean cond = Coercions.toBool(interpreter.evaluator().eval(i.condition(), scope), "the condition of 'if'");
            walk(cond ? i.then() : i.otherwise(), scope, meaning);
        } else {
            return false;
        }
        return true;
    }

    private void statement(Stmt s, Scope scope) {
        if (s instanceof Stmt.Input in) {
            try {
                builder.input(inputShape(in, scope), s.span());
            } catch (NnspecException e) {
                builder.unknownInput();
                throw e;
            }
        } else if (s instanceof Stmt.Layer l) {
            use(l.name(), l.call(), scope, s.span());
        } else if (s instanceof Stmt.ExprStmt e) {
            use(null, e.expr(), scope, s.span());
        } else if (s instanceof Stmt.Repeat r) {
            composite(r.name(), () -> repeat(r, scope));
        } else if (s instanceof Stmt.Residual r) {
            builder.beginResidual(r.name(), r.span());
            walk(r.body(), scope);
            if (r.shortcut() != null) {
                builder.beginShortcut(r.shortcutSpan());
                walk(r.shortcut(), scope);
            }
            builder.endResidual(r.span());
        } else if (s instanceof Stmt.Concat c) {
            composite(c.name(), () -> concat(c, scope));
        } else if (s instanceof Stmt.Merge m) {
            builder.beginElementwise(m.name(), m.multiply(), m.span());
            walk(m.body(), scope, (b, sc) -> branch(b, sc, m.multiply() ? "multiply" : "add"));
            builder.endMerge(m.span());
        } else if (s instanceof Stmt.Experts x) {
            composite(x.name(), () -> experts(x, scope));
        } else if (s instanceof Stmt.Print || s instanceof Stmt.Explain) {
            interpreter.execute(s, scope);
        } else if (s instanceof Stmt.Branch) {
            throw new NnspecException(s.span(), "'branch' belongs directly inside concat(dim=…) { … }, add { … } or multiply { … }", null);
        } else {
            throw new NnspecException(s.span(), "this statement cannot appear inside a network or block",
                    "networks hold input, layers, blocks, residual, concat, add, multiply, experts, repeat, for, if and local names");
        }
    }

    private void repeat(Stmt.Repeat r, Scope scope) {
        BigInteger n = Coercions.toBigInteger(interpreter.evaluator().eval(r.count(), scope), "the count of repeat", r.count().span());
        if (n.signum() < 0) throw new NnspecException(r.count().span(), "repeat needs a count of 0 or more, not " + n, null);
        if (n.compareTo(BigInteger.valueOf(1_000_000)) > 0) {
            throw new NnspecException(r.count().span(), "repeat " + n + " is too many (at most 1,000,000)", null);
        }
        // Each iteration is a child named by its index among its siblings (0, 1, 2, …); a lone
        // unnamed block inside takes that level over, so a stage reads layer1.0.conv1. A
        // labelled repeat (layers: repeat 12 { … }) is a scope of its own, as an nn.ModuleList
        // is: its iterations are layers.0, layers.1, ….
        if (r.name() != null) builder.beginScope(r.name(), "repeat " + n, r.span());
        for (int i = 0; i < n.intValue(); i++) {
            child(builder.nextIndexName(), r.body(), scope, "repeat " + (i + 1) + " of " + n, r.span());
        }
        if (r.name() != null) builder.endScope();
    }

    /**
     * A child named by its index (a repeat's iteration, an expert) holding {@code body}: a lone
     * unlabelled layer or block use takes the index itself, as nn.Sequential(*[Linear(…)] * 2)
     * names its children 0 and 1 and a stage reads layer1.0.conv1; anything else is a scope
     * of that name.
     */
    private void child(String index, List<Stmt> body, Scope scope, String description, Span span) {
        if (body.size() == 1 && body.get(0) instanceof Stmt.ExprStmt e && e.expr() instanceof Expr.Call c
                && c.callee() instanceof Expr.Name callee
                && (LayerCatalog.has(callee.name()) || scope.lookup(callee.name()) instanceof BlockDefV)) {
            use(index, c, scope, body.get(0).span());
            return;
        }
        builder.beginScope(index, description, span);
        walk(body, scope);
        builder.endScope();
    }

    /**
     * Runs a composite statement (a repeat, concat, experts or block use). When it fails
     * before or while building, the levels it opened are closed, it keeps its label or index
     * among its siblings, and its output is unknown, so the layers after it say so instead of
     * reading a stale shape. Too many layers, or a stop, abandons the whole network.
     */
    private void composite(String label, Runnable run) {
        int depth = builder.depth();
        try {
            run.run();
        } catch (TooManyLayers | Interrupted abandon) {
            throw abandon;
        } catch (NnspecException | Poisoned.Used failed) {
            builder.abandonTo(depth, label);
            throw failed;
        }
    }

    private void concat(Stmt.Concat c, Scope scope) {
        int dim = 1;
        for (Expr.Argument a : c.args()) {
            if (a.name() != null && !a.name().equals("dim")) {
                throw new NnspecException(a.span(), "concat has one parameter, dim", "write concat(dim=1)");
            }
            Value v = interpreter.evaluator().eval(a.value(), scope);
            dim = Coercions.toInt(v, "dim of concat", a.span());
        }
        builder.beginConcat(c.name(), dim, c.span());
        walk(c.body(), scope, (b, sc) -> branch(b, sc, "concat"));
        builder.endMerge(c.span());
    }

    /**
     * A statement of a merge's body (concat, add, multiply): a {@code branch { … }}, named or
     * not; {@code for} and {@code if} around branches generate them (docs/language.md section 6),
     * and local names may stand between.
     */
    private void branch(Stmt s, Scope scope, String merge) {
        if (!(s instanceof Stmt.Branch b)) {
            throw new NnspecException(s.span(), merge + " holds branches: branch { … } branch { … }",
                    "for and if may generate branches: for k in [1, 3] { branch { … } }");
        }
        builder.beginBranch(b.name(), b.span());
        walk(b.body(), scope);
        builder.endBranch();
    }

    /** {@code experts(count=, active=) { one expert }} (docs/language.md section 6.1). */
    private void experts(Stmt.Experts x, Scope scope) {
        BigInteger count = null, active = null;
        Span activeSpan = x.span();
        for (int i = 0; i < x.args().size(); i++) {
            Expr.Argument a = x.args().get(i);
            String name = a.name() != null ? a.name() : i == 0 ? "count" : i == 1 ? "active" : null;
            if (name == null || !(name.equals("count") || name.equals("active"))) {
                throw new NnspecException(a.span(), "experts has two parameters, count and active", "write experts(count=8, active=2)");
            }
            if ((name.equals("count") ? count : active) != null) {
                throw new NnspecException(a.span(), "experts got " + name + " twice", "write experts(count=8, active=2)");
            }
            BigInteger v = Coercions.toBigInteger(interpreter.evaluator().eval(a.value(), scope), name + " of experts", a.value().span());
            if (v.signum() <= 0 || v.compareTo(BigInteger.valueOf(1_000_000)) > 0) {
                throw new NnspecException(a.value().span(), "experts' " + name + " must be between 1 and 1,000,000, got " + v,
                        name.equals("count") ? "count is how many experts there are, as Mixtral's 8" : "active is how many experts run for each token, as Mixtral's 2");
            }
            if (name.equals("count")) {
                count = v;
            } else {
                active = v;
                activeSpan = a.span();
            }
        }
        if (count == null || active == null) {
            throw new NnspecException(x.span(), "experts needs " + (count == null ? "count" : "active") + ": how many experts there are"
                    + " and how many run for each token", "write experts(count=8, active=2)");
        }
        if (active.compareTo(count) > 0) {
            throw new NnspecException(activeSpan, "experts(count=" + count + ", active=" + active + ") would run more experts per token than there are",
                    "active is at most count: experts(count=" + count + ", active=" + count.min(BigInteger.TWO) + ")");
        }
        builder.beginExperts(x.name(), count, active, x.span());
        child("0", x.body(), scope, "expert 0 of " + count + ", standing for all " + count, x.span());
        builder.endExperts(x.span());
    }

    /**
     * The layer {@code tie=} names, as written: a name ({@code wte}), an index ({@code 0}), a
     * dotted path ({@code transformer.wte}, {@code features.0}) or a string.
     */
    private static String tieTarget(Expr e) {
        if (e instanceof Expr.Name n) return n.name();
        if (e instanceof Expr.IntLit i) return i.value().toString();
        if (e instanceof Expr.StrLit str) return str.value();
        if (e instanceof Expr.Field f) return tieTarget(f.target()) + "." + f.name();
        throw new NnspecException(e.span(), "tie= names another layer, as in tie=wte, tie=0 or tie=transformer.wte",
                "a path with an index in it is written as a string: tie=\"features.0\"");
    }

    /** Ends the whole walk, not just the statement: every later layer would repeat it. */
    static final class TooManyLayers extends NnspecException {
        TooManyLayers(Span span) {
            super(span, "this network has more than " + org.nnspec.render.Numbers.grouped(MAX_LAYERS) + " layers",
                    "use fewer or smaller repeats");
        }
    }

    /** A statement that uses a layer or a block, optionally named. */
    private void use(String name, Expr e, Scope scope, Span span) {
        if (++layersUsed > MAX_LAYERS) throw new TooManyLayers(span);
        interpreter.checkStop();
        if (e instanceof Expr.Call c && c.callee() instanceof Expr.Name callee && scope.lookup(callee.name()) instanceof BlockDefV b) {
            String index = name == null ? builder.nextIndexName() : name;
            composite(index, () -> useBlock(index, c, b, scope, span));
            return;
        }
        // a layer: a mistake in it is its row's error (error at line N), so the layers after it
        // keep their indices and read an unknown shape
        String type = e instanceof Expr.Call c && c.callee() instanceof Expr.Name callee ? callee.name()
                : e instanceof Expr.Name n ? n.name() : "?";
        LayerCall call;
        try {
            call = leafCall(e, scope);
        } catch (Interrupted stop) {
            throw stop;
        } catch (NnspecException bad) {
            builder.failedLayer(name, type, e.span(), bad.at(e.span()).toDiagnostic());
            return;
        } catch (Poisoned.Used quiet) {
            builder.failedLayer(name, type, e.span(), null); // reported where the poisoned name was defined
            return;
        }
        builder.layer(name, call);
    }

    /** The call of a catalog layer that {@code e} writes, or the error that says why it is not one. */
    private LayerCall leafCall(Expr e, Scope scope) {
        if (e instanceof Expr.Name n && (LayerCatalog.has(n.name()) || scope.lookup(n.name()) instanceof BlockDefV)) {
            throw new NnspecException(e.span(), n.name() + " needs parentheses", "write " + n.name() + "()");
        }
        if (!(e instanceof Expr.Call c) || !(c.callee() instanceof Expr.Name callee)) {
            throw new NnspecException(e.span(), "a network holds layers such as Conv2d(3, 16, 3); this is not a layer",
                    "to see a value, evaluate it outside the network");
        }
        String type = callee.name();
        if (scope.lookup(type) instanceof NetworkDefV) {
            throw new NnspecException(callee.span(), type + " is a network; to reuse part of it, define a block",
                    "block " + type + "Block(…) { … }");
        }
        if (!LayerCatalog.has(type)) {
            LayerCatalog.get(type); // throws "unknown layer" with a suggestion
        }
        return layerCall(type, c, scope);
    }

    private void useBlock(String name, Expr.Call c, BlockDefV b, Scope scope, Span span) {
        String blockName = b.def().name();
        if (blockStack.contains(blockName)) {
            List<String> cycle = new ArrayList<>(blockStack.subList(blockStack.indexOf(blockName), blockStack.size()));
            cycle.add(blockName);
            throw new NnspecException(c.span(), "block " + blockName + " uses itself: " + String.join(" → ", cycle),
                    "a block cannot contain itself, directly or through other blocks");
        }
        if (blockStack.size() >= MAX_BLOCK_DEPTH) {
            throw new NnspecException(c.span(), "blocks are nested more than " + MAX_BLOCK_DEPTH + " deep", null);
        }
        Scope local = new Scope(b.closure());
        List<Args.Given> given = interpreter.evaluator().arguments(c.args(), scope);
        Networks.bindParameters(interpreter, blockName, b.def().params(), given, local, c.span());
        builder.beginScopeDescribedBy(name, () -> blockName + described(given), span);
        blockStack.add(blockName);
        try {
            walk(b.def().body(), local);
        } finally {
            blockStack.remove(blockStack.size() - 1);
        }
        // not in the finally: the exceptions that escape a walk (too many layers, a stop)
        // abandon the whole network, and its open levels with it
        builder.endScope();
    }

    /** A block use's arguments as their values, {@code (24, 116, stride=2)}, for --depth's rows. */
    private String described(List<Args.Given> given) {
        StringBuilder sb = new StringBuilder("(");
        for (Args.Given g : given) {
            if (sb.length() > 1) sb.append(", ");
            if (g.name() != null) sb.append(g.name()).append('=');
            sb.append(ValueText.inline(g.value(), interpreter.precision()));
        }
        return sb.append(')').toString();
    }

    private LayerCall layerCall(String type, Expr.Call c, Scope scope) {
        if (c.args().isEmpty()) return new LayerCall(type, c.span(), List.of(), Map.of()); // ReLU()
        List<Arg> positional = new ArrayList<>();
        Map<String, Arg> keywords = null; // made at the first keyword: most calls have none
        // Expand(N, -1, -1): a name that is not bound is that symbolic dimension
        boolean takesNames = LayerCatalog.get(type).signature().takesNames();
        for (Expr.Argument a : c.args()) {
            Object value;
            if ("tie".equals(a.name())) {
                value = tieTarget(a.value());
            } else if (a.value() instanceof Expr.Name n && n.name().equals("None") && scope.lookup("None") == null) {
                value = null;
            } else if (takesNames && a.value() instanceof Expr.Name n && scope.lookup(n.name()) == null) {
                value = Dim.symbolic(n.name());
            } else {
                value = argument(interpreter.evaluator().eval(a.value(), scope), a.value().span(), takesNames);
            }
            Arg arg = new Arg(value, a.span());
            if (a.name() == null) {
                if (keywords != null) {
                    throw new NnspecException(a.span(), "a positional argument cannot follow a keyword argument", null);
                }
                positional.add(arg);
            } else {
                if (keywords == null) keywords = new LinkedHashMap<>();
                if (keywords.containsKey(a.name())) throw new NnspecException(a.span(), "'" + a.name() + "' is given twice", null);
                keywords.put(a.name(), arg);
            }
        }
        return new LayerCall(type, c.span(), positional, keywords == null ? Map.of() : keywords);
    }

    private Shape inputShape(Stmt.Input in, Scope scope) {
        Value v = interpreter.evaluator().eval(in.shape(), scope);
        if (!(v instanceof ShapeV shape)) {
            throw new NnspecException(in.shape().span(), "input needs a shape such as (N, 3, 64, 64), not "
                    + Coercions.article(v), null);
        }
        for (Dim d : shape.shape().dims()) {
            String tooLarge = d instanceof Dim.Known k ? Dim.tooLarge(k.value(), "a dimension of the input") : null;
            if (tooLarge != null) throw new NnspecException(in.shape().span(), tooLarge, null);
        }
        return shape.shape();
    }

    private static final Dim NONE = Dim.symbolic("None");

    /**
     * A value as the layer catalog takes it; a value it cannot take is an error at
     * {@code span}.
     */
    private static Object argument(Value v, Span span, boolean takesNames) {
        if (TracedOperations.isTraced(v)) v = TracedOperations.plain(v); // under grad: a size has no derivative
        if (v instanceof IntV i) return i.value();
        if (v instanceof RealV r) return r.value();
        if (v instanceof BoolV b) return b.value();
        if (v instanceof StrV s) return s.value();
        if (v instanceof ShapeV s) {
            // a tuple with unbound names in it evaluates to a shape; None there is PyTorch's
            // None, as in AdaptiveAvgPool2d((7, None)), any other name a mistake
            List<Object> items = new ArrayList<>();
            for (Dim d : s.shape().dims()) {
                if (d instanceof Dim.Known k) items.add(k.value());
                else if (d.equals(NONE)) items.add(null);
                else if (takesNames) items.add(d);
                else throw new NnspecException(span, "'" + d + "' is not defined", "a layer argument's tuple holds numbers (or None)");
            }
            return items;
        }
        if (v instanceof ListV l) {
            List<Object> items = new ArrayList<>();
            for (Value item : l.items()) items.add(argument(item, span, takesNames));
            return items;
        }
        if (v instanceof Value.MatV m && (m.m().numRows == 1)) {
            List<Object> items = new ArrayList<>();
            for (int j = 0; j < m.m().numCols; j++) items.add(m.m().data[j]);
            return items;
        }
        throw new NnspecException(span, "a layer argument is a number, true/false, a string or a tuple, not "
                + Coercions.article(v), null);
    }
}
