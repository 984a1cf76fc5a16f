package org.nnspec.eval;

import java.util.ArrayList;
import java.util.List;
import org.nnspec.ast.Expr;
import org.nnspec.diag.NnspecException;

/** Function calls: built-ins, {@code grad}, and networks with parameters ({@code LeNet(C=3)}). */
final class Calls {
    private Calls() {}

    static Value call(Interpreter interpreter, Expr.Call c, Scope scope) {
        if (!(c.callee() instanceof Expr.Name callee)) {
            throw new NnspecException(c.callee().span(), "only functions and networks can be called", null);
        }
        String name = callee.name();
        Value bound = scope.lookup(name);
        if (bound == null && name.equals("grad")) return Gradients.grad(interpreter, c, scope);
        if (bound != null) {
            if (bound instanceof Poisoned) throw new Poisoned.Used();
            Value made = Networks.call(interpreter, bound, c, scope);
            if (made != null) return made;
            throw new NnspecException(callee.span(), "'" + name + "' is " + Convert.article(bound) + ", not a function", null);
        }
        List<Args.Given> given = null;
        if (name.equals("range")) {
            given = interpreter.evaluator().arguments(c.args(), scope);
            Value made = range(given, c);
            if (made != null) return made;
        }
        Builtin b = Builtins.get(name);
        if (b == null) {
            if (Networks.isLayerType(name)) {
                throw new NnspecException(c.span(), name + " is a layer: it goes inside a network, as in "
                        + "network Net { input (N, 3, 32, 32); " + name + "(…) }", null);
            }
            throw new NnspecException(callee.span(), "there is no function '" + name + "'", NameSuggestions.suggest(name, scope));
        }
        if (given == null && c.args().size() == 1 && c.args().get(0).name() == null) {
            // relu(…), tanh(…) of a traced value, the call in nearly every recurrence rule under
            // grad: straight to the tape, without binding arguments by name
            Expr.Argument only = c.args().get(0);
            Value x = interpreter.evaluator().eval(only.value(), scope);
            if (x instanceof TracedV t) {
                var f = org.nnspec.autodiff.Elementwise.byName(name);
                if (f.isPresent()) return Traced.wrap(f.get().apply(t.node()));
            }
            given = List.of(new Args.Given(null, x, only.span(), only.nameSpan()));
        } else if (given == null) {
            given = interpreter.evaluator().arguments(c.args(), scope);
        }
        Args args = Args.bind(b, given, c.span()).warningsTo(interpreter);
        for (Args.Given g : given) {
            if (Traced.isTraced(g.value())) return Traced.call(b, args);
        }
        return b.impl().call(args);
    }

    /**
     * {@code range(n)} or {@code range(a, b)} of integers, as the built-in makes it, without
     * building the table of built-ins: a network's {@code for i in range(…)} is often the only
     * built-in its file calls, and making the table (its functions, the attention built-ins,
     * the matrix classes they name) cost about 2 ms of a cold run (bench/README.md). Null for
     * any other call of range, which then goes through the table like every built-in.
     */
    private static Value range(List<Args.Given> given, Expr.Call c) {
        int n = given.size();
        if (n < 1 || n > 2) return null;
        for (Args.Given g : given) {
            if (g.name() != null || !(g.value() instanceof Value.IntV)) return null;
        }
        java.math.BigInteger first = ((Value.IntV) given.get(0).value()).value();
        return n == 1 ? Builtins.Ranges.of(java.math.BigInteger.ZERO, first, c.span())
                : Builtins.Ranges.of(first, ((Value.IntV) given.get(1).value()).value(), c.span());
    }
}
