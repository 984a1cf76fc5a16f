package org.nnspec.eval;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nnspec.ast.Expr;
import org.nnspec.ast.Stmt;
import org.nnspec.diag.Diagnostic;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.NnspecException;
import org.nnspec.diag.Span;
import org.nnspec.eval.NetworkValues.BlockDefV;
import org.nnspec.eval.NetworkValues.NetworkDefV;
import org.nnspec.eval.NetworkValues.NetworkV;
import org.nnspec.nn.LayerCatalog;
import org.nnspec.nn.Network;
import org.nnspec.nn.NetworkBuilder;

/**
 * Network and block definitions and their values (docs/language.md section 6): defining them,
 * building a network from its definition and arguments (walking its body with
 * {@link NetworkWalker}), and a built network's fields.
 */
final class Networks {
    private Networks() {}

    static void define(Interpreter interpreter, Stmt.NetworkDef n, Scope scope) {
        scope.define(n.name(), new NetworkDefV(n, scope));
        interpreter.changed();
    }

    static void defineBlock(Interpreter interpreter, Stmt.BlockDef b, Scope scope) {
        if (LayerCatalog.has(b.name())) {
            throw new NnspecException(b.nameSpan(), "block " + b.name() + " has the name of a layer",
                    "give the block another name");
        }
        scope.define(b.name(), new BlockDefV(b, scope));
        interpreter.changed();
    }

    /** A bare name: a network definition without arguments is built with its defaults. */
    static Value resolve(Interpreter interpreter, Value v, Span span) {
        if (v instanceof NetworkDefV def) {
            if (def.cachedVersion == interpreter.version() && def.cached != null) {
                if (def.cached instanceof Poisoned) throw new Poisoned.Used();
                return def.cached;
            }
            Value built;
            try {
                built = build(interpreter, def, List.of(), span);
            } catch (NnspecException | Poisoned.Used e) {
                def.cached = new Poisoned(def.def.name());
                def.cachedVersion = interpreter.version();
                throw e;
            }
            def.cached = built;
            def.cachedVersion = interpreter.version();
            return built;
        }
        return v;
    }

    static Value call(Interpreter interpreter, Value bound, Expr.Call c, Scope scope) {
        if (bound instanceof NetworkDefV def) {
            List<Args.Given> given = interpreter.evaluator().arguments(c.args(), scope);
            return build(interpreter, def, given, c.span());
        }
        if (bound instanceof BlockDefV b) {
            throw new NnspecException(c.span(), b.def().name() + " is a block: it is used inside a network, like a layer",
                    "network Net { input (N, …); " + c.span().text() + " }");
        }
        return null;
    }

    /**
     * Definitions being built on this thread. A network whose body names itself (Conv2d(Net, …),
     * input (Net + 1, 16)) would build itself again without end, until the stack overflowed.
     */
    private static final ThreadLocal<java.util.Set<NetworkDefV>> BUILDING =
            ThreadLocal.withInitial(() -> java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>()));

    static Value build(Interpreter interpreter, NetworkDefV def, List<Args.Given> given, Span at) {
        return build(interpreter, def, given, Map.of(), null, at);
    }

    /**
     * Builds {@code nv}'s network again with some of its parameters given ({@code params}) and
     * some of its input's symbolic sizes bound ({@code sizes}, defined as names before its body
     * runs, as a global {@code T = 4096} would): what {@code cost(Net, context=4096)} measures
     * (docs/language.md section 13). Its diagnostics are not reported again: an error is
     * thrown at {@code at}, naming the bindings; warnings were reported when it was first built.
     */
    static Network rebuild(Interpreter interpreter, NetworkV nv, Map<String, Value> params, Map<String, Value> sizes, Span at) {
        NetworkDefV def = nv.def();
        Map<String, Args.Given> byName = new LinkedHashMap<>();
        int position = 0;
        for (Args.Given g : nv.given()) {
            String name = g.name() != null ? g.name() : position < def.def.params().size() ? def.def.params().get(position++).name() : null;
            if (name != null) byName.put(name, new Args.Given(name, g.value(), g.span(), g.nameSpan()));
        }
        params.forEach((name, v) -> byName.put(name, new Args.Given(name, v, at, at)));
        Diagnostics quiet = new Diagnostics();
        Value built = build(interpreter, def, new ArrayList<>(byName.values()), sizes, quiet, at);
        List<String> bound = new ArrayList<>();
        params.forEach((k, v) -> bound.add(k + "=" + ValueText.inline(v, 6)));
        sizes.forEach((k, v) -> bound.add(k + "=" + ValueText.inline(v, 6)));
        for (Diagnostic d : quiet.all()) {
            if (d.severity() == org.nnspec.diag.Severity.ERROR) {
                String message = "with " + String.join(", ", bound) + ", " + def.def.name() + " cannot be built: "
                        + d.message() + " (line " + d.span().line() + ")";
                // reported once: another call that meets the same error stays quiet (section 10)
                if (def.failedVersion != interpreter.version()) {
                    def.failedRebuilds.clear();
                    def.failedVersion = interpreter.version();
                }
                if (!def.failedRebuilds.add(message)) throw new Poisoned.Used();
                throw new NnspecException(at, message, d.help());
            }
        }
        return ((NetworkV) built).network();
    }

    /** {@code def} built with its defaults, its diagnostics reported to {@code diags} (for export). */
    static Value buildReporting(Interpreter interpreter, NetworkDefV def, Diagnostics diags) {
        return build(interpreter, def, List.of(), Map.of(), diags, def.def.nameSpan());
    }

    /**
     * {@code def} built with its defaults, its diagnostics kept quiet: its input and layers
     * even when a symbolic size stops a layer; null when it cannot be built at all.
     */
    static NetworkV quietBuild(Interpreter interpreter, NetworkDefV def, Span at) {
        try {
            return (NetworkV) build(interpreter, def, List.of(), Map.of(), new Diagnostics(), at);
        } catch (NnspecException | Poisoned.Used e) {
            return null;
        }
    }

    private static Value build(Interpreter interpreter, NetworkDefV def, List<Args.Given> given, Map<String, Value> sizes,
                               Diagnostics quiet, Span at) {
        if (!BUILDING.get().add(def)) {
            throw new NnspecException(at, "network " + def.def.name() + " refers to itself while it is being built",
                    "a network cannot use its own value inside its body");
        }
        try {
            return buildOnce(interpreter, def, given, sizes, quiet, at);
        } finally {
            BUILDING.get().remove(def);
        }
    }

    private static Value buildOnce(Interpreter interpreter, NetworkDefV def, List<Args.Given> given, Map<String, Value> sizes,
                                   Diagnostics quiet, Span at) {
        Scope local = new Scope(def.closure);
        bindParameters(interpreter, def.def.name(), def.def.params(), given, local, at);
        sizes.forEach(local::define);
        // The walker's and the builder's diagnostics are collected and reported in source
        // order, so a network's mistakes read top to bottom.
        Diagnostics networkDiags = new Diagnostics();
        NetworkBuilder builder = new NetworkBuilder(def.def.name(), def.def.nameSpan(), networkDiags);
        NetworkWalker walker = new NetworkWalker(interpreter, builder, networkDiags);
        Network network;
        try {
            walker.walk(def.def.body(), local);
            network = builder.build();
        } finally {
            List<Diagnostic> all = new ArrayList<>(networkDiags.all());
            if (all.size() > 1) {
                all.sort(java.util.Comparator.comparingInt((Diagnostic d) -> d.span().line())
                        .thenComparingInt(d -> d.span().column()));
            }
            for (Diagnostic d : once(all)) {
                if (quiet != null) quiet.report(d);
                else interpreter.report(d);
            }
        }
        if (quiet == null) interpreter.built(def.def, network);
        return new NetworkV(network, def, given);
    }

    /**
     * The diagnostics with repeats folded: a mistake inside a block used 16 times is reported
     * once, with the count of uses.
     */
    private static List<Diagnostic> once(List<Diagnostic> all) {
        Map<Diagnostic, Integer> counts = new LinkedHashMap<>();
        for (Diagnostic d : all) counts.merge(d, 1, Integer::sum);
        List<Diagnostic> out = new ArrayList<>(counts.size());
        counts.forEach((d, n) -> out.add(n == 1 ? d : new Diagnostic(d.severity(), d.span(),
                d.message() + " (in " + n + " uses of this line)", d.help())));
        if (out.size() > Interpreter.MAX_ERRORS) {
            // a loop that makes 100,000 broken layers: the first thousand say enough
            Diagnostic last = out.get(Interpreter.MAX_ERRORS - 1);
            out.subList(Interpreter.MAX_ERRORS, out.size()).clear();
            out.add(Diagnostic.error(last.span(), "this network has more than " + Interpreter.MAX_ERRORS
                    + " diagnostics: the rest are not shown", "fix the first ones and run it again"));
        }
        return out;
    }

    /** Binds a network's or block's parameters from positional and keyword arguments. */
    static void bindParameters(Interpreter interpreter, String owner, List<Stmt.Param> params, List<Args.Given> given,
                               Scope local, Span at) {
        Map<String, Value> values = new LinkedHashMap<>();
        int position = 0;
        for (Args.Given g : given) {
            Stmt.Param p;
            if (g.name() == null) {
                if (position >= params.size()) {
                    throw new NnspecException(g.span(), owner + " takes " + params.size() + " argument"
                            + (params.size() == 1 ? "" : "s") + ", but more were given", signature(owner, params));
                }
                p = params.get(position++);
            } else {
                p = null;
                for (Stmt.Param q : params) {
                    if (q.name().equals(g.name())) {
                        p = q;
                        break;
                    }
                }
                if (p == null) {
                    throw new NnspecException(g.nameSpan() == null ? g.span() : g.nameSpan(),
                            owner + " has no parameter '" + g.name() + "'", signature(owner, params));
                }
            }
            if (values.containsKey(p.name())) throw new NnspecException(g.span(), "'" + p.name() + "' is given twice", null);
            values.put(p.name(), g.value());
        }
        for (Stmt.Param p : params) {
            Value v = values.get(p.name());
            if (v == null) {
                if (p.defaultValue() == null) {
                    throw new NnspecException(at, owner + " needs its argument '" + p.name() + "'", signature(owner, params));
                }
                v = interpreter.evaluator().eval(p.defaultValue(), local);
            }
            // a network's sizes carry no derivative: under grad, a traced argument is its value
            local.define(p.name(), TracedOperations.plain(v));
        }
    }

    private static String signature(String owner, List<Stmt.Param> params) {
        List<String> parts = new ArrayList<>();
        for (Stmt.Param p : params) parts.add(p.defaultValue() == null ? p.name() : p.span().text());
        return "write " + owner + "(" + String.join(", ", parts) + ")";
    }

    static boolean isLayerType(String name) { return LayerCatalog.has(name); }

    static String keyword(Stmt s) {
        if (s instanceof Stmt.Input) return "'input'";
        if (s instanceof Stmt.Residual) return "'residual'";
        if (s instanceof Stmt.Concat) return "'concat'";
        if (s instanceof Stmt.Merge m) return m.multiply() ? "'multiply'" : "'add'";
        if (s instanceof Stmt.Experts) return "'experts'";
        if (s instanceof Stmt.Branch) return "'branch'";
        if (s instanceof Stmt.Repeat) return "'repeat'";
        if (s instanceof Stmt.Layer) return "a named layer";
        return "this statement";
    }

}
