package org.nnspec.eval;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nnspec.ast.Expr;
import org.nnspec.ast.Program;
import org.nnspec.ast.Stmt;
import org.nnspec.autodiff.Node;
import org.nnspec.autodiff.Tape;
import org.nnspec.diag.NnspecException;
import org.nnspec.eval.Value.MatV;

/**
 * {@code grad(y, x)} (docs/language.md section 7): evaluates {@code y} once more with {@code x}
 * replaced by a variable of the autodiff tape, then runs reverse mode. {@code x} is a sequence
 * element (its rule is cut: it becomes an input), or a variable bound to a number or a matrix.
 */
final class GradCall {
    private GradCall() {}

    /** What one traced evaluation left behind: the output, the input, and the traced sequence values. */
    record Trace(Node y, Node x, Sequence sequence, BigInteger index, Map<Sequence, SequenceEvaluator.Values> cache,
                 Replay replay) {}

    static Value grad(Interpreter interpreter, Expr.Call c, Scope scope) {
        Trace t = trace(interpreter, c, scope);
        for (Binding b : t.replay().stale) {
            interpreter.report(org.nnspec.diag.Diagnostic.warning(c.args().get(0).span(), b.name
                    + (b.where() != null ? " (" + b.where() + ")" : "") + " is taken as a constant: its definition reads a sequence "
                    + "or a network, which reads the bindings in force when it runs, and one of them has been bound again since",
                    "assign " + b.name + " again, or differentiate the expression itself"));
        }
        if (!t.y().isTraced() && t.replay().stale.isEmpty() && !reads(c, scope, t)) warnIndependent(interpreter, c, scope, t);
        return value(org.nnspec.autodiff.Gradients.grad(t.y(), t.x()));
    }

    /**
     * {@code y} does not depend on {@code x}: the gradient is 0, as PyTorch's
     * {@code allow_unused=True} gives it, said as a warning. When {@code y} was computed from an
     * earlier binding of {@code x}'s name, the warning says which.
     */
    private static void warnIndependent(Interpreter interpreter, Expr.Call c, Scope scope, Trace t) {
        Expr y = c.args().get(0).value(), x = c.args().get(1).value();
        String ys = Interpreter.label(y), xs = Interpreter.label(x);
        Binding earlier = null;
        if (y instanceof Expr.Name yn && x instanceof Expr.Name xn) {
            Binding yb = scope.binding(yn.name());
            Binding now = t.replay().variable;
            if (yb != null && yb != now) earlier = yb.findInHistory(b -> b != yb && b != now && b.name.equals(xn.name()));
        }
        String message = ys + " does not depend on " + xs + ": the gradient is 0";
        String help = null;
        if (earlier != null) {
            message = ys + " was computed from an earlier " + xs
                    + (earlier.where() != null ? " (" + earlier.where() + ")" : "")
                    + ", not from the " + xs + " bound now: the gradient is 0";
            help = "assign " + ys + " again after " + xs + " is bound, or differentiate the expression itself";
        }
        interpreter.report(org.nnspec.diag.Diagnostic.warning(c.args().get(0).span(), message, help));
    }

    /**
     * Whether {@code y} reads {@code x} at all, by name or through the history of the
     * bindings it names: then a gradient of 0 comes from functions whose derivative is 0
     * there ({@code round}, a comparison), as in PyTorch, and needs no warning.
     */
    private static boolean reads(Expr.Call c, Scope scope, Trace t) {
        Expr y = c.args().get(0).value(), x = c.args().get(1).value();
        if (x instanceof Expr.Index ix) x = ix.target();
        if (!(x instanceof Expr.Name xn)) return false;
        java.util.Set<String> names = Expr.names(y);
        if (names.contains(xn.name())) return true;
        Binding variable = t.replay().variable;
        if (variable == null) return false;
        for (String name : names) {
            Binding b = scope.binding(name);
            if (b != null && b.findInHistory(h -> h == variable) != null) return true;
        }
        return false;
    }

    static Value value(Node n) {
        return n.isScalar() ? new Value.RealV(n.scalar()) : new MatV(n.matrix());
    }

    static Trace trace(Interpreter interpreter, Expr.Call c, Scope scope) {
        if (c.args().size() != 2 || c.args().stream().anyMatch(a -> a.name() != null)) {
            throw new NnspecException(c.span(), "grad takes two arguments: grad(y, x)",
                    "for example grad(h[3], h[1]) or grad(loss, W)");
        }
        Expr yExpr = c.args().get(0).value();
        Expr xExpr = c.args().get(1).value();
        SequenceEvaluator sequences = interpreter.sequences();
        Tape tape = new Tape();
        if (xExpr instanceof Expr.Index ix && ix.target() instanceof Expr.Name n
                && scope.lookup(n.name()) instanceof Sequence s && ix.indices().size() == 1) {
            BigInteger i = Coercions.toBigInteger(interpreter.evaluator().eval(ix.indices().get(0).value(), scope),
                    "the index of " + s.name(), ix.indices().get(0).span());
            Value plain = sequences.at(s, i, xExpr.span());
            Node x = variable(tape, plain, xExpr);
            Map<Sequence, SequenceEvaluator.Values> cache = new HashMap<>();
            Map<Sequence, SequenceEvaluator.Values> saved = sequences.swapCache(cache);
            Replay replay = new Replay(interpreter, null, null);
            Replay outer = interpreter.replayWith(replay);
            try {
                cut(sequences, s, i, new TracedV(x), xExpr);
                Node y = output(interpreter.evaluator().eval(yExpr, scope), yExpr);
                return new Trace(y, x, s, i, cache, replay);
            } finally {
                interpreter.replayWith(outer);
                sequences.swapCache(saved);
            }
        }
        if (xExpr instanceof Expr.Name n) {
            Binding variable = scope.binding(n.name());
            if (variable == null || variable.value instanceof Sequence) {
                interpreter.evaluator().eval(xExpr, scope); // an unknown name is reported as such
                throw notAVariable(xExpr);
            }
            Node x = variable(tape, TracedOperations.plain(interpreter.evaluator().eval(xExpr, scope)), xExpr);
            Map<Sequence, SequenceEvaluator.Values> saved = sequences.swapCache(new HashMap<>());
            Replay replay = new Replay(interpreter, variable, new TracedV(x));
            Replay outer = interpreter.replayWith(replay);
            try {
                Node y = output(interpreter.evaluator().eval(yExpr, scope), yExpr);
                return new Trace(y, x, null, null, null, replay);
            } finally {
                interpreter.replayWith(outer);
                sequences.swapCache(saved);
            }
        }
        throw notAVariable(xExpr);
    }

    /**
     * The names a program's grad calls differentiate with respect to ({@code w} of
     * {@code grad(y, w)}, {@code h} of {@code grad(y, h[1])}), anywhere in it, network and
     * block bodies included: an assignment keeps its history only when it reads one of them,
     * or a value that kept its history (section 7). Returns false when the program imports a
     * file, whose grads are not known until it runs: then every history is kept. A file that
     * calls no grad is not walked.
     */
    static boolean variablesIn(Program program, Set<String> out) {
        List<Stmt> statements = program.statements();
        if (program.calledNames().contains("grad")) collect(statements, out);
        Deque<Stmt> todo = new ArrayDeque<>(statements);
        while (!todo.isEmpty()) {
            Stmt s = todo.pop();
            if (s instanceof Stmt.Import) return false;
            if (s instanceof Stmt.For f) todo.addAll(f.body());
            if (s instanceof Stmt.If i) {
                todo.addAll(i.then());
                todo.addAll(i.otherwise());
            }
        }
        return true;
    }

    private static void collect(List<Stmt> statements, Set<String> out) {
        for (Expr e : Stmt.expressions(statements)) {
            Expr.forEach(e, x -> {
                if (x instanceof Expr.Call c && c.callee() instanceof Expr.Name n && n.name().equals("grad")
                        && c.args().size() == 2) {
                    Expr v = c.args().get(1).value();
                    if (v instanceof Expr.Index ix) v = ix.target();
                    if (v instanceof Expr.Name name) out.add(name.name());
                }
            });
        }
    }

    /** Makes {@code s[i]} the given traced value in the current cache, cutting its rule. */
    private static void cut(SequenceEvaluator sequences, Sequence s, BigInteger i, Value traced, Expr at) {
        SequenceEvaluator.Values values = sequences.valuesOf(s);
        BigInteger first = s.firstRuleIndex();
        if (s.base.containsKey(i) || first == null) {
            values.byIndex.put(i, traced);
            return;
        }
        if (i.compareTo(first) > 0) sequences.at(s, i.subtract(BigInteger.ONE), at.span());
        values = sequences.valuesOf(s);
        values.computed.add(traced);
    }

    private static Node variable(Tape tape, Value plain, Expr at) {
        if (Coercions.isNumber(plain)) return tape.variable(Coercions.toDouble(plain, "x"));
        if (plain instanceof MatV m) return tape.variable(m.m());
        if (plain instanceof Value.ListV) return tape.variable(Coercions.toMatrix(plain, "x"));
        throw new NnspecException(at.span(), "grad can differentiate with respect to a number or a matrix, not "
                + Coercions.article(plain), null);
    }

    private static Node output(Value y, Expr at) {
        if (y instanceof TracedV t) return t.node();
        if (Coercions.isNumber(y) || y instanceof MatV || y instanceof Value.ListV) return TracedOperations.node(y, "y");
        throw new NnspecException(at.span(), "grad differentiates a number, a vector or a matrix, not "
                + Coercions.article(y), null);
    }

    private static NnspecException notAVariable(Expr x) {
        return new NnspecException(x.span(), "grad differentiates with respect to a sequence element such as h[1], "
                + "or a variable such as w or W", "write grad(y, h[1]) or grad(y, w)");
    }

    /** The traced value of {@code s[i]} in a trace's cache, or null. */
    static Node tracedAt(Trace t, Sequence s, BigInteger i) {
        SequenceEvaluator.Values values = t.cache().get(s);
        if (values == null) return null;
        Value v = values.byIndex.get(i);
        BigInteger first = s.firstRuleIndex();
        if (v == null && first != null && i.compareTo(first) >= 0) {
            BigInteger k = i.subtract(first);
            if (k.compareTo(BigInteger.valueOf(values.computed.size())) < 0) v = values.computed.get(k.intValue());
        }
        return v instanceof TracedV tv ? tv.node() : null;
    }
}
