package org.nnspec.eval;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.nnspec.ast.Expr;
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
    record Trace(Node y, Node x, Sequence sequence, BigInteger index, Map<Sequence, SequenceEvaluator.Values> cache) {}

    static Value grad(Interpreter interpreter, Expr.Call c, Scope scope) {
        Trace t = trace(interpreter, c, scope);
        return value(org.nnspec.autodiff.Gradients.grad(t.y(), t.x()));
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
            try {
                cut(sequences, s, i, new TracedV(x), xExpr);
                Node y = output(interpreter.evaluator().eval(yExpr, scope), yExpr);
                return new Trace(y, x, s, i, cache);
            } finally {
                sequences.swapCache(saved);
            }
        }
        if (xExpr instanceof Expr.Name n) {
            Value plain = interpreter.evaluator().eval(xExpr, scope);
            Scope owner = scope;
            while (owner != null && !owner.localNames().contains(n.name())) owner = owner.parent();
            if (owner == null || plain instanceof Sequence) throw notAVariable(xExpr);
            Node x = variable(tape, plain, xExpr);
            Map<Sequence, SequenceEvaluator.Values> saved = sequences.swapCache(new HashMap<>());
            owner.define(n.name(), new TracedV(x));
            try {
                Node y = output(interpreter.evaluator().eval(yExpr, scope), yExpr);
                return new Trace(y, x, null, null, null);
            } finally {
                owner.define(n.name(), plain);
                sequences.swapCache(saved);
            }
        }
        throw notAVariable(xExpr);
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
