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
        Builtin b = Builtins.get(name);
        if (b == null) {
            if (Networks.isLayerType(name)) {
                throw new NnspecException(c.span(), name + " is a layer: it goes inside a network, as in "
                        + "network Net { input (N, 3, 32, 32); " + name + "(…) }", null);
            }
            throw new NnspecException(callee.span(), "there is no function '" + name + "'", Names.suggest(name, scope));
        }
        List<Args.Given> given;
        if (c.args().size() == 1 && c.args().get(0).name() == null) {
            // relu(…), tanh(…) of a traced value, the call in nearly every recurrence rule under
            // grad: straight to the tape, without binding arguments by name
            Expr.Argument only = c.args().get(0);
            Value x = interpreter.evaluator().eval(only.value(), scope);
            if (x instanceof TracedV t) {
                var f = org.nnspec.autodiff.Elementwise.byName(name);
                if (f.isPresent()) return Traced.wrap(f.get().apply(t.node()));
            }
            given = List.of(new Args.Given(null, x, only.span(), only.nameSpan()));
        } else {
            given = interpreter.evaluator().arguments(c.args(), scope);
        }
        Args args = Args.bind(b, given, c.span()).warningsTo(interpreter);
        for (Args.Given g : given) {
            if (Traced.isTraced(g.value())) return Traced.call(b, args);
        }
        return b.impl().call(args);
    }
}
