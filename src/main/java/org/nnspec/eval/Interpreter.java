package org.nnspec.eval;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nnspec.ast.Expr;
import org.nnspec.ast.Program;
import org.nnspec.ast.Stmt;
import org.nnspec.diag.Diagnostic;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.NnspecException;
import org.nnspec.diag.SourceFile;
import org.nnspec.diag.Span;
import org.nnspec.eval.Value.IntV;
import org.nnspec.eval.Value.ListV;
import org.nnspec.eval.Value.MatV;
import org.nnspec.eval.Value.RealV;

/**
 * Runs programs statement by statement (docs/language.md section 4). An error in one statement is
 * reported and the next statement runs, so independent mistakes are all reported; a name
 * whose definition failed is poisoned so its later uses stay quiet.
 */
public final class Interpreter {
    private final Scope globals = new Scope(null);
    private final Output out;
    private final Diagnostics diags;
    private final Evaluator evaluator;
    private final SequenceEvaluator sequences;
    private final Set<Path> imported = new HashSet<>();
    private final List<Path> importStack = new ArrayList<>();
    private final SourceLoader loader;
    private long version;
    private boolean explainAll;
    /** The bindings grad is replaying, while it evaluates its first argument; else null. */
    private Replay replay;
    /**
     * The names grad differentiates with respect to in the programs run so far, or null to
     * keep every assignment's history (the REPL, where the grad comes after the assignment).
     */
    private Set<String> gradVariables = new HashSet<>();
    /** The names each assignment's expression reads, found once per expression. */
    private final Map<Expr, String[]> namesRead = new IdentityHashMap<>();
    /** While above zero, warnings are not reported (a replay says again what was said once). */
    private int quiet;

    /** Loads imported files; the CLI reads the disk, tests may supply their own. */
    public interface SourceLoader {
        SourceFile load(Path path);
    }

    public Interpreter(Output out, Diagnostics diags, SourceLoader loader) {
        this.out = out;
        this.diags = diags;
        this.loader = loader;
        this.evaluator = new Evaluator(this);
        this.sequences = new SequenceEvaluator(this);
    }

    public Scope globals() { return globals; }
    public Output output() { return out; }
    Evaluator evaluator() { return evaluator; }
    SequenceEvaluator sequences() { return sequences; }
    long version() { return version; }

    Replay replay() { return replay; }

    /** Makes {@code r} the running replay (null for none); returns the one it replaces. */
    Replay replayWith(Replay r) {
        Replay before = replay;
        replay = r;
        return before;
    }

    /** Evaluates without reporting warnings: for a replay of what ran before. */
    <T> T quietly(java.util.function.Supplier<T> work) {
        quiet++;
        try {
            return work.get();
        } finally {
            quiet--;
        }
    }

    /**
     * Set from another thread (the REPL's Ctrl-C handler, a run's time or output limit): why the
     * running statement should stop, checked in long loops; null when nothing asked.
     */
    private volatile StopReason stopRequested;

    /** Asks the running statement to stop at its next check (a loop step, a sequence step): Ctrl-C. */
    public void requestStop() { stopRequested = StopReason.CTRL_C; }

    /** Asks the run to stop at its next check, for a reason that ends the whole run (a limit). */
    public void requestStop(StopReason reason) { stopRequested = reason; }

    /** Forgets a stop request that came while nothing was running. */
    public void clearStop() { stopRequested = null; }

    /** Ends the statement with a diagnostic when a stop was requested. */
    void checkStop() {
        StopReason reason = stopRequested;
        if (reason != null) {
            if (reason == StopReason.CTRL_C) stopRequested = null; // a limit stays: the run is over
            throw new Interrupted(org.nnspec.diag.Span.NONE, reason);
        }
    }

    /** The top-level statement running now, for a diagnostic from another thread; null between runs. */
    private volatile Stmt running;

    public Span runningStatement() {
        Stmt s = running;
        return s == null ? null : s.span();
    }

    private RunPolicy policy = RunPolicy.PLAIN;

    /** Told of each network the run builds, with its definition (an editor's hover, section 16); null for none. */
    private java.util.function.BiConsumer<Stmt.NetworkDef, org.nnspec.nn.Network> networkBuilt;

    /** Tells {@code listener} of every network built from here on (not the quiet rebuilds of cost). */
    public void onNetworkBuilt(java.util.function.BiConsumer<Stmt.NetworkDef, org.nnspec.nn.Network> listener) {
        networkBuilt = listener;
    }

    void built(Stmt.NetworkDef def, org.nnspec.nn.Network network) {
        if (networkBuilt != null) networkBuilt.accept(def, network);
    }

    /** What the run may touch: where imports and plots may go (section 14). */
    public void setPolicy(RunPolicy policy) { this.policy = policy; }

    RunPolicy policy() { return policy; }
    void changed() { version++; }

    public void setExplainAll(boolean on) { explainAll = on; }

    private int precision = 6;

    public void setPrecision(int digits) { precision = digits; }
    public int precision() { return precision; }
    public boolean explainAll() { return explainAll; }

    /** Forgets every definition (the REPL's :reset). */
    public void reset() {
        globals.clear();
        imported.clear();
        changed();
    }

    /**
     * Keeps the history of every assignment, for a session where {@code grad} may name a
     * variable only after the assignments that read it (the REPL).
     */
    public void keepAllHistory() { gradVariables = null; }

    /** Runs a parsed program; diagnostics go to the collector given at construction. */
    public void run(Program program, Path path) {
        if (gradVariables != null && !GradCall.variablesIn(program, gradVariables)) gradVariables = null;
        if (path != null) {
            Path key = path.toAbsolutePath().normalize();
            imported.add(key);
            importStack.add(key);
        }
        try {
            int errorsBefore = diags.errorCount();
            for (Stmt s : program.statements()) {
                if (!topLevel(s)) break; // Ctrl-C stops the rest of the input too
                if (diags.errorCount() - errorsBefore >= MAX_ERRORS) {
                    report(Diagnostic.error(s.span(), MAX_ERRORS + " errors: the rest is not run", "fix the first ones and run it again"));
                    break;
                }
            }
        } finally {
            if (path != null) importStack.remove(importStack.size() - 1);
        }
    }

    /** Runs one statement of the file; false when it was interrupted. */
    private boolean topLevel(Stmt s) {
        running = s;
        try {
            checkStop();
            execute(s, globals);
        } catch (Poisoned.Used quiet) {
            // the cause was reported where the poisoned name was defined
        } catch (Interrupted e) {
            report(e.at(s.span()).toDiagnostic());
            return false;
        } catch (NnspecException e) {
            report(e.at(s.span()).toDiagnostic());
        } catch (StackOverflowError e) {
            report(Diagnostic.error(s.span(), "this statement is nested too deeply to evaluate",
                    "split it into smaller named parts"));
        } catch (OutOfMemoryError e) {
            report(Diagnostic.error(s.span(), "this statement needs more memory than is available", null));
        } catch (RuntimeException e) {
            running = null;
            report(Diagnostic.error(s.span(), "internal error while evaluating this statement ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")",
                    "this is a bug in nnspec; please report it with this file"));
        }
        return true;
    }

    /** After this many errors a run stops: a file of thousands of broken lines says so once. */
    static final int MAX_ERRORS = 1000;

    /** Warnings reported so far, by place and message: a warning in a loop is said once. */
    private final Set<Diagnostic> warned = new HashSet<>();
    /** At most this many different warnings are reported in one run (a loop of varying ones). */
    static final int MAX_WARNINGS = 1000;

    void report(Diagnostic d) {
        if (d.severity() != org.nnspec.diag.Severity.ERROR) {
            if (quiet > 0 || warned.size() > MAX_WARNINGS || !warned.add(d)) return;
            if (warned.size() > MAX_WARNINGS) {
                d = Diagnostic.warning(d.span(), MAX_WARNINGS + " warnings so far: the rest of this run's warnings are not shown", null);
            }
        }
        diags.report(d);
        out.diagnostic(d);
    }

    /** Runs a statement in {@code scope}; errors propagate to the statement's caller. */
    void execute(Stmt s, Scope scope) {
        if (s instanceof Stmt.Assign a) {
            assign(a, scope);
        } else if (s instanceof Stmt.ExprStmt e) {
            Value v = evaluator.eval(e.expr(), scope);
            if (v instanceof Poisoned) throw new Poisoned.Used();
            if (v instanceof AttentionBuiltins.Notice n) {
                out.note(n.text());
            } else if (v != Value.Nothing.INSTANCE) {
                if (explainAll) explain(e.expr(), scope, v);
                else out.value(label(e.expr()), v);
            }
        } else if (s instanceof Stmt.Print p) {
            List<Value> values = new ArrayList<>();
            for (Expr e : p.values()) values.add(evaluator.eval(e, scope));
            out.print(values);
        } else if (s instanceof Stmt.Explain x) {
            Value v = evaluator.eval(x.expr(), scope);
            explain(x.expr(), scope, v);
        } else if (s instanceof Stmt.SequenceDef d) {
            defineSequence(d, scope);
        } else if (s instanceof Stmt.For f) {
            loop(f, scope);
        } else if (s instanceof Stmt.If i) {
            boolean cond = Coercions.toBool(evaluator.eval(i.condition(), scope), "the condition of 'if'");
            for (Stmt t : cond ? i.then() : i.otherwise()) execute(t, scope);
        } else if (s instanceof Stmt.Import im) {
            importFile(im);
        } else if (s instanceof Stmt.NetworkDef n) {
            Networks.define(this, n, scope);
        } else if (s instanceof Stmt.BlockDef b) {
            Networks.defineBlock(this, b, scope);
        } else {
            throw new NnspecException(s.span(), Networks.keyword(s) + " is only allowed inside a network or block",
                    "put it inside network Name { … }");
        }
    }

    private void assign(Stmt.Assign a, Scope scope) {
        Value v;
        try {
            v = evaluator.eval(a.value(), scope);
        } catch (NnspecException | Poisoned.Used e) {
            scope.define(a.name(), new Poisoned(a.name()));
            changed();
            throw e;
        }
        if (v == Value.Nothing.INSTANCE) {
            throw new NnspecException(a.value().span(), "this has no value to assign", null);
        }
        scope.define(binding(a, v, scope));
        changed();
    }

    /**
     * The binding an assignment makes: a number, vector or matrix remembers the bindings its
     * expression read, so that grad can differentiate through it (section 7).
     */
    private Binding binding(Stmt.Assign a, Value v, Scope scope) {
        if (!differentiable(v)) return Binding.leaf(a.name(), v);
        Binding b = Binding.derived(a.name(), v, a.value(), a.span(), historyOf(a.value(), scope));
        if (!b.isLeaf()) b.dynamicReads = dynamicReads(b.inputs());
        return b;
    }

    /**
     * What the sequences and networks among {@code inputs} read, transitively, as bound now:
     * a replay compares it with what they read then (docs/language.md section 7). Null when
     * none of the inputs is a sequence or a network.
     */
    private List<Binding.Read> dynamicReads(Binding[] inputs) {
        List<Binding.Read> reads = null;
        java.util.Deque<Value> todo = new java.util.ArrayDeque<>();
        java.util.Set<Value> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Binding in : inputs) if (dynamic(in.value)) todo.push(in.value);
        while (!todo.isEmpty()) {
            Value v = todo.pop();
            if (!seen.add(v)) continue;
            if (reads == null) reads = new ArrayList<>();
            Scope scope;
            List<Expr> exprs = new ArrayList<>();
            if (v instanceof Sequence s) {
                scope = globals;
                if (s.rule != null) exprs.add(s.rule);
                exprs.addAll(s.base.values());
            } else if (v instanceof NetworkValues.NetworkDefV n) {
                scope = n.closure;
                exprs.addAll(Stmt.expressions(List.of(n.def)));
            } else {
                NetworkValues.BlockDefV b = (NetworkValues.BlockDefV) v;
                scope = b.closure();
                exprs.addAll(Stmt.expressions(List.of(b.def())));
            }
            java.util.Set<String> names = new java.util.HashSet<>();
            for (Expr e : exprs) names.addAll(Expr.names(e));
            for (String name : names) {
                Binding b = scope.binding(name);
                reads.add(new Binding.Read(scope, name, b));
                if (b != null && dynamic(b.value)) todo.push(b.value);
            }
        }
        return reads;
    }

    private static boolean dynamic(Value v) {
        return v instanceof Sequence || v instanceof NetworkValues.NetworkDefV || v instanceof NetworkValues.BlockDefV;
    }

    private static boolean differentiable(Value v) {
        return Coercions.isNumber(v) || v instanceof MatV || v instanceof ListV;
    }

    /** The bindings {@code e}'s names read now, when grad can need them (else none). */
    private Binding[] historyOf(Expr e, Scope scope) {
        if (gradVariables != null && gradVariables.isEmpty()) return NO_BINDINGS; // no grad in the file
        String[] names = namesRead.computeIfAbsent(e, x -> Expr.names(x).toArray(String[]::new));
        Binding[] inputs = new Binding[names.length];
        int n = 0;
        for (String name : names) {
            Binding in = scope.binding(name);
            if (in != null) inputs[n++] = in;
        }
        if (!historyNeeded(inputs, n)) return NO_BINDINGS;
        return n == names.length ? inputs : Arrays.copyOf(inputs, n);
    }

    private static final Binding[] NO_BINDINGS = {};

    /** Whether grad can need this history: it reads a variable of some grad, a value with a history, or a sequence. */
    private boolean historyNeeded(Binding[] inputs, int n) {
        if (gradVariables == null) return true;
        if (gradVariables.isEmpty()) return false;
        for (int k = 0; k < n; k++) {
            Binding in = inputs[k];
            if (!in.isLeaf() || gradVariables.contains(in.name) || in.value instanceof Sequence) return true;
        }
        return false;
    }

    private void explain(Expr e, Scope scope, Value v) {
        String work = Explainer.explain(this, e, scope, v);
        out.explain(label(e), v, work);
        if (v instanceof NetworkValues.NetworkV n) {
            for (Diagnostic d : n.network().explainWarnings()) report(d);
        }
    }

    /** An expression's source text as its label; a line break inside it reads as one space. */
    static String label(Expr e) {
        return LINE_BREAK.matcher(e.span().text()).replaceAll(" ");
    }

    private static final java.util.regex.Pattern LINE_BREAK = java.util.regex.Pattern.compile("[ \\t]*\\R\\s*");

    private void defineSequence(Stmt.SequenceDef d, Scope scope) {
        Value existing = scope.lookup(d.name());
        Sequence seq;
        if (existing instanceof Sequence s) {
            seq = s;
        } else {
            seq = new Sequence(d.name());
            scope.define(d.name(), seq);
        }
        Expr index = d.index();
        if (index instanceof Expr.Name n) {
            seq.indexVariable = n.name();
            seq.rule = d.value();
            seq.ruleSpan = d.span();
        } else {
            BigInteger i = literalIndex(index);
            if (i == null) {
                throw new NnspecException(index.span(), "the index of a sequence definition must be an integer "
                        + "(a base case such as " + d.name() + "[1] = …) or a name (the rule " + d.name() + "[t] = …)", null);
            }
            seq.addBase(i, d.value());
        }
        changed();
    }

    private static BigInteger literalIndex(Expr e) {
        if (e instanceof Expr.IntLit i) return i.value();
        if (e instanceof Expr.Unary u && u.op() == Expr.UnaryOp.NEG && u.operand() instanceof Expr.IntLit i) {
            return i.value().negate();
        }
        return null;
    }

    /** Evaluates a sequence's rule or base case with the index variable bound. */
    Value evaluateRule(Sequence s, Expr expr, BigInteger index) {
        Scope scope = index != null && s.indexVariable != null
                ? Scope.single(globals, s.indexVariable, IntV.of(index)) : globals;
        return evaluator.eval(expr, scope);
    }

    /** The name a loop's iterable has in its variable's history: not one a program can write. */
    static final String ITERABLE = "(the loop's iterable)";

    private void loop(Stmt.For f, Scope scope) {
        Value iterable = evaluator.eval(f.iterable(), scope);
        List<Value> items = iterationItems(iterable, f.iterable().span());
        // the loop variable's k-th value is iterable[k], the iterable read once from the
        // bindings in force now (one binding, so that grad replays it once, not once per k):
        // so grad can follow it back (for x in [w, 2*w] { s = s + x })
        Binding[] history = historyOf(f.iterable(), scope);
        Binding whole = history.length == 0 ? null : Binding.derived(ITERABLE, iterable, f.iterable(), f.iterable().span(), history);
        Span at = f.iterable().span();
        for (int k = 0; k < items.size(); k++) {
            checkStop();
            Value item = items.get(k);
            if (whole == null || !differentiable(item)) {
                scope.define(f.variable(), item);
            } else {
                Expr kth = new Expr.Index(new Expr.Name(ITERABLE, at),
                        List.of(new Expr.Argument(null, null, new Expr.IntLit(BigInteger.valueOf(k), at), at)), at);
                scope.define(Binding.derived(f.variable(), item, kth, f.variableSpan(), new Binding[] {whole}));
            }
            changed();
            for (Stmt s : f.body()) execute(s, scope);
        }
    }

    static List<Value> iterationItems(Value v, Span span) {
        if (v instanceof ListV l) return l.items();
        if (v instanceof MatV m) {
            List<Value> items = new ArrayList<>();
            if (m.m().numRows == 1 || m.m().numCols == 1) {
                for (int i = 0; i < m.m().getNumElements(); i++) items.add(new RealV(m.m().data[i]));
            } else {
                for (int i = 0; i < m.m().numRows; i++) items.add(new MatV(org.ejml.dense.row.CommonOps_DDRM.extractRow(m.m(), i, null)));
            }
            return items;
        }
        if (v instanceof Value.ShapeV s) {
            List<Value> items = new ArrayList<>();
            for (var d : s.shape().dims()) items.add(d instanceof org.nnspec.nn.Dim.Known k ? new IntV(k.value()) : new Value.StrV(d.toString()));
            return items;
        }
        throw new NnspecException(span, "'for' loops over a list, a vector or range(…), not " + Coercions.article(v), null);
    }

    /**
     * An import reads only an .nnspec file (so a diagnostic never quotes a line of any other
     * file), and in the sandbox only one inside the directory of the file being run, after
     * resolving links (section 14).
     */
    private void checkImport(Stmt.Import im, Path target) {
        String name = target.getFileName() == null ? "" : target.getFileName().toString();
        if (!name.endsWith(".nnspec")) {
            throw new NnspecException(im.pathSpan(), "import reads only .nnspec files, and '" + im.path() + "' is not one",
                    "rename the file to end in .nnspec, or copy what you need into one");
        }
        Path real;
        try {
            real = target.toRealPath();
        } catch (java.io.IOException | SecurityException e) {
            return; // missing or unreadable: reading it reports that
        }
        Path realName = real.getFileName();
        if (realName == null || !realName.toString().endsWith(".nnspec")) {
            throw new NnspecException(im.pathSpan(), "import reads only .nnspec files, and '" + im.path() + "' is a link to "
                    + real + ", which is not one", "copy what you need into an .nnspec file");
        }
        if (policy.importRoot() == null) return;
        if (!real.startsWith(policy.importRoot())) {
            throw new NnspecException(im.pathSpan(), "the sandbox imports only files inside " + policy.importRoot()
                    + ", and '" + im.path() + "' is " + real, "copy the file next to the one being run");
        }
    }

    private void importFile(Stmt.Import im) {
        SourceFile here = im.span().file();
        Path base = here == null || here.name().equals("-") || here.name().startsWith("<") ? Path.of("")
                : Path.of(here.name()).toAbsolutePath().getParent();
        Path target;
        try {
            target = (base == null ? Path.of(im.path()) : base.resolve(im.path())).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new NnspecException(im.pathSpan(), "this is not a valid file path: " + e.getReason(), null);
        }
        checkImport(im, target);
        Path key = target.toAbsolutePath().normalize();
        if (importStack.contains(key)) {
            throw new NnspecException(im.pathSpan(), "import cycle: " + im.path() + " is already being run",
                    "remove one of the imports");
        }
        if (imported.contains(key)) return;
        SourceFile file;
        try {
            file = loader.load(target);
        } catch (NnspecException e) {
            throw new NnspecException(im.pathSpan(), e.getMessage(), e.help());
        }
        Diagnostics local = new Diagnostics();
        Program p = org.nnspec.syntax.Parser.parse(file, local);
        for (Diagnostic d : local.all()) report(d);
        if (p == null) {
            throw new NnspecException(im.pathSpan(), "the imported file " + im.path() + " has syntax errors", null);
        }
        if (importStack.size() > 100) {
            throw new NnspecException(im.pathSpan(), "imports are nested more than 100 deep", null);
        }
        run(p, target);
    }
}
