package org.nnspec.eval;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.nnspec.ast.Expr;
import org.nnspec.attention.AttentionResult;
import org.nnspec.autodiff.Gradients;
import org.nnspec.autodiff.Node;
import org.nnspec.render.attention.AttentionExplain;
import org.nnspec.render.MatrixText;
import org.nnspec.render.Numbers;

/**
 * The work behind a value, for {@code explain} and {@code --explain}: the chain rule of a
 * gradient through a recurrence (section 7) and the formulas of an attention call (section 8).
 * Networks and attention results explain themselves through {@link ValueText#report}.
 */
final class Explainer {
    /** Chains longer than this show their first and last factors only. */
    static final int MAX_FACTORS_SHOWN = 12;

    private Explainer() {}

    /** The work as text (including the value), or null when there is nothing more to show. */
    static String explain(Interpreter interpreter, Expr e, Scope scope, Value v) {
        if (e instanceof Expr.Call c && c.callee() instanceof Expr.Name n && scope.lookup(n.name()) == null) {
            if (n.name().equals("grad")) return grad(interpreter, c, scope, Interpreter.label(e), v);
            if (n.name().equals("attention")) return attention(interpreter, c, scope, Interpreter.label(e), v);
            if (n.name().equals("cost") && v instanceof NetworkValues.CostV cv) return cv.cost().text(true, interpreter.precision());
        }
        if (e instanceof Expr.Field f && (f.name().equals("params") || f.name().equals("macs")) && v instanceof Value.IntV
                && interpreter.evaluator().eval(f.target(), scope) instanceof NetworkValues.NetworkV nv) {
            return networkTotal(nv.network(), f.name().equals("params"), Interpreter.label(e), v, interpreter.precision());
        }
        return null;
    }

    /**
     * {@code explain Net.params} (or {@code .macs}): the value, then each layer that counts
     * with its own formula, then the sum. Tied layers, which count once, and layers with
     * nothing to count are left out.
     */
    private static String networkTotal(org.nnspec.nn.Network net, boolean params, String label, Value v, int p) {
        StringBuilder sb = new StringBuilder(ValueText.labelled(label, v, p));
        List<String> terms = new ArrayList<>();
        for (org.nnspec.nn.NetworkLayer l : net.layers()) {
            BigInteger n = params ? l.params() : l.macs();
            if (n == null || n.signum() == 0) continue;
            String how = params && l.paramsFormula() != null && !l.paramsFormula().equals(Numbers.grouped(n))
                    ? l.paramsFormula() + " = " + Numbers.grouped(n) : Numbers.grouped(n);
            sb.append("\n  ").append(l.name()).append("  ").append(l.description()).append("  ").append(how);
            terms.add(Numbers.grouped(n));
        }
        if (terms.size() > 1) sb.append("\n  sum: ").append(String.join(" + ", terms)).append(" = ").append(Numbers.grouped(((Value.IntV) v).value()));
        return sb.toString();
    }

    private static String attention(Interpreter interpreter, Expr.Call c, Scope scope, String label, Value v) {
        List<Args.Given> given = interpreter.evaluator().arguments(c.args(), scope);
        Args args = Args.bind(Builtins.get("attention"), given, c.span());
        AttentionResult r = AttentionBuiltins.explained(args);
        int p = interpreter.precision();
        return AttentionExplain.explain(r, p).stripTrailing() + "\n" + ValueText.labelled(label, v, p);
    }

    private static String grad(Interpreter interpreter, Expr.Call c, Scope scope, String label, Value v) {
        int p = interpreter.precision();
        GradCall.Trace t = GradCall.trace(interpreter, c, scope);
        Expr y = c.args().get(0).value();
        if (t.sequence() == null && y instanceof Expr.Name yn) {
            String chain = bindingChain(t, scope.binding(yn.name()), Interpreter.label(c.args().get(1).value()), v, p);
            if (chain != null) return ValueText.labelled(label, v, p) + "\n" + chain;
        }
        if (t.sequence() == null || !(y instanceof Expr.Index yi) || !(yi.target() instanceof Expr.Name yn)
                || !yn.name().equals(t.sequence().name()) || yi.indices().size() != 1) {
            return ValueText.labelled(label, v, p) + "\n  (reverse mode over " + t.x().tape().size() + " recorded operations)";
        }
        BigInteger j = Coercions.toBigInteger(interpreter.evaluator().eval(yi.indices().get(0).value(), scope), "index");
        BigInteger i = t.index();
        String s = t.sequence().name();
        if (j.compareTo(i) <= 0) return ValueText.labelled(label, v, p);
        int count = j.subtract(i).min(BigInteger.valueOf(10_000_000)).intValue();
        List<Node> nodes = new ArrayList<>();
        for (BigInteger k = i; k.compareTo(j) <= 0; k = k.add(BigInteger.ONE)) {
            Node n = GradCall.tracedAt(t, t.sequence(), k);
            if (n == null) return ValueText.labelled(label, v, p);
            nodes.add(n);
            if (nodes.size() > count + 1) break;
        }
        String head = "∂" + s + "[" + j + "]/∂" + s + "[" + i + "]";
        return t.x().isScalar() && t.y().isScalar()
                ? scalarChain(head, s, i, nodes, v, p)
                : vectorChain(head, s, i, nodes, v, p);
    }

    /**
     * {@code grad(y, w)} through assignments ({@code a = f(w); y = g(a)}): the chain rule, one
     * factor per assignment with the assignment it comes from. The chain follows each binding
     * that reads exactly one binding depending on {@code w}; one that reads several (or reads
     * a sequence) ends it with its total derivative.
     */
    private static String bindingChain(GradCall.Trace t, Binding y, String x, Value v, int p) {
        Replay replay = t.replay();
        if (y == null || y.isLeaf() || replay.variable == null || y == replay.variable) return null;
        if (!TracedOperations.isTraced(replay.replayedValue(y))) return null;
        List<Binding> chain = new ArrayList<>();
        Binding b = y;
        boolean lastIsTotal = false; // the last binding reads several values that depend on x
        while (true) {
            chain.add(b);
            Binding next = null;
            int traced = 0;
            // a loop variable reads its loop's iterable, which is not a name of the program:
            // the chain goes on from what the iterable reads
            for (Binding from = b; ; ) {
                next = null;
                traced = 0;
                for (Binding in : from.inputs()) {
                    // a sequence may carry the variable into its rule: another path, so the chain ends
                    if (in.value instanceof Sequence) traced += 2;
                    if (TracedOperations.isTraced(replay.replayedValue(in))) {
                        traced++;
                        next = in;
                    }
                }
                if (traced != 1 || next == replay.variable || next.isLeaf() || !next.name.equals(Interpreter.ITERABLE)) break;
                from = next;
            }
            if (traced != 1 || next == replay.variable || next.isLeaf()) {
                lastIsTotal = traced != 1;
                break;
            }
            b = next;
        }
        boolean scalar = t.x().isScalar() && chain.stream().allMatch(c -> node(replay, c).isScalar());
        List<String> names = new ArrayList<>(), values = new ArrayList<>(), factors = new ArrayList<>();
        for (int k = 0; k < chain.size(); k++) {
            Binding in = k + 1 < chain.size() ? chain.get(k + 1) : null;
            String inName = in != null ? in.name : x;
            names.add("∂" + chain.get(k).name + "/∂" + inName);
            Node from = in != null ? node(replay, in) : t.x();
            String value = scalar ? Numbers.real(Gradients.derivative(node(replay, chain.get(k)), from), p) : ValueText.inline(v, p);
            values.add(value);
            boolean total = in == null && lastIsTotal;
            String formula = scalar && !total ? Symbolic.derivative(chain.get(k).definition, inName) : null;
            factors.add(formula == null || formula.equals(value) ? value : formula + " = " + value);
        }
        if (chain.size() == 1) {
            return "  " + names.get(0) + " = " + factors.get(0) + "   from " + assignment(y);
        }
        StringBuilder sb = new StringBuilder("  ∂" + y.name + "/∂" + x + " = ").append(String.join(" · ", names)).append(" = ");
        if (scalar) sb.append(String.join(" · ", values)).append(" = ");
        sb.append(ValueText.inline(v, p));
        for (int k = 0; k < chain.size(); k++) {
            sb.append("\n    ").append(names.get(k)).append(scalar ? " = " + factors.get(k) : "")
                    .append("   from ").append(assignment(chain.get(k)));
        }
        return sb.toString();
    }

    private static Node node(Replay replay, Binding b) {
        return ((TracedV) replay.replayedValue(b)).node();
    }

    private static String assignment(Binding b) {
        String where = b.where() != null ? "   (" + b.where() + ")" : "";
        // a loop variable's definition is its iterable's k-th item: shown as "[w, 2*w][1]"
        if (b.definition instanceof Expr.Index ix && ix.target() instanceof Expr.Name n && n.name().equals(Interpreter.ITERABLE)) {
            Expr k = ix.indices().get(0).value();
            return b.name + " = " + Interpreter.label(ix.target()) + "[" + (k instanceof Expr.IntLit i ? i.value() : Interpreter.label(k)) + "]" + where;
        }
        return b.name + " = " + Interpreter.label(b.definition) + where;
    }

    private static String factorName(String s, BigInteger i, int k) {
        BigInteger to = i.add(BigInteger.valueOf(k + 1));
        return "∂" + s + "[" + to + "]/∂" + s + "[" + to.subtract(BigInteger.ONE) + "]";
    }

    private static String scalarChain(String head, String s, BigInteger i, List<Node> nodes, Value v, int p) {
        int n = nodes.size() - 1;
        double[] factors = new double[n];
        double product = 1;
        for (int k = 0; k < n; k++) {
            factors[k] = Gradients.derivative(nodes.get(k + 1), nodes.get(k));
            product *= factors[k];
        }
        double total = Coercions.toDouble(v, "grad");
        if (!sameNumber(product, total)) return notAChain(head, s, v, p);
        List<String> names = new ArrayList<>(), values = new ArrayList<>();
        boolean allEqual = true;
        for (int k = n - 1; k >= 0; k--) {
            names.add(factorName(s, i, k));
            values.add(Numbers.real(factors[k], p));
            allEqual &= values.get(values.size() - 1).equals(values.get(0));
        }
        String result = Numbers.real(total, p);
        if (n <= 4) {
            return head + " = " + String.join(" · ", names) + " = " + String.join(" · ", values) + " = " + result;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(head).append(" = ").append(names.get(0)).append(" · … · ").append(names.get(n - 1))
                .append("   (").append(n).append(" factors)\n");
        appendFactors(sb, names, values);
        if (allEqual) {
            sb.append("  = ").append(values.get(0)).append('^').append(n).append(" = ").append(result);
        } else {
            sb.append("  = ").append(values.get(0)).append(" · ").append(values.get(1)).append(" · … · ")
                    .append(values.get(n - 1)).append(" = ").append(result);
        }
        return sb.toString();
    }

    private static void appendFactors(StringBuilder sb, List<String> names, List<String> values) {
        int n = names.size();
        for (int k = 0; k < n; k++) {
            if (n > MAX_FACTORS_SHOWN && k == MAX_FACTORS_SHOWN / 2) {
                sb.append("  … ").append(n - MAX_FACTORS_SHOWN).append(" more\n");
                k = n - MAX_FACTORS_SHOWN / 2 - 1;
                continue;
            }
            sb.append("  ").append(names.get(k)).append(" = ").append(values.get(k)).append('\n');
        }
    }

    private static String vectorChain(String head, String s, BigInteger i, List<Node> nodes, Value v, int p) {
        int n = nodes.size() - 1;
        List<String> names = new ArrayList<>(), values = new ArrayList<>();
        DMatrixRMaj product = null;
        double normBound = 1;
        for (int k = n - 1; k >= 0; k--) {
            DMatrixRMaj jac = Gradients.jacobian(nodes.get(k + 1), nodes.get(k));
            double norm = org.nnspec.eval.Builtins.norm(jac);
            normBound *= norm;
            names.add(factorName(s, i, k));
            values.add(MatrixText.inline(jac, p) + "   ‖·‖₂ = " + Numbers.real(norm, p));
            product = product == null ? jac : Operators.matmul(product, jac);
        }
        if (!(v instanceof Value.MatV m) || product == null || !sameMatrix(product, m.m())) return notAChain(head, s, v, p);
        StringBuilder sb = new StringBuilder();
        sb.append(head).append(" = ").append(names.get(0));
        if (n > 1) sb.append(" · … · ").append(names.get(n - 1));
        sb.append("   (").append(n).append(" Jacobian").append(n == 1 ? "" : "s").append(")\n");
        appendFactors(sb, names, values);
        sb.append("  = ").append(MatrixText.inline(m.m(), p)).append("   ‖·‖₂ = ")
                .append(Numbers.real(org.nnspec.eval.Builtins.norm(m.m()), p))
                .append(" ≤ ").append(Numbers.real(normBound, p)).append(" (product of the factors' norms)");
        return sb.toString();
    }

    private static String notAChain(String head, String s, Value v, int p) {
        return head + " = " + ValueText.inline(v, p) + "\n  (the rule of " + s + " reads more than " + s
                + "[t-1], so the gradient is not a single chain of one-step factors)";
    }

    private static boolean sameNumber(double a, double b) {
        if (a == b) return true;
        return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
    }

    private static boolean sameMatrix(DMatrixRMaj a, DMatrixRMaj b) {
        if (a.numRows != b.numRows || a.numCols != b.numCols) return false;
        double scale = 0;
        for (int k = 0; k < b.getNumElements(); k++) scale = Math.max(scale, Math.abs(b.data[k]));
        for (int k = 0; k < a.getNumElements(); k++) {
            if (Math.abs(a.data[k] - b.data[k]) > 1e-9 * Math.max(scale, 1e-300)) return false;
        }
        return true;
    }
}
