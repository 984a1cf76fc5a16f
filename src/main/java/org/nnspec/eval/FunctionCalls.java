package org.nnspec.eval;

import java.util.ArrayList;
import java.util.List;
import org.nnspec.ast.Expr;
import org.nnspec.diag.NnspecException;

/** Function calls: built-ins, {@code grad}, and networks with parameters ({@code LeNet(C=3)}). */
final class FunctionCalls {
    private FunctionCalls() {}

    static Value call(Interpreter interpreter, Expr.Call c, Scope scope) {
        if (!(c.callee() instanceof Expr.Name callee)) {
            throw new NnspecException(c.callee().span(), "only functions and networks can be called", null);
        }
        String name = callee.name();
        Value bound = scope.lookup(name);
        if (bound == null && name.equals("grad")) return GradCall.grad(interpreter, c, scope);
        if (bound != null) {
            if (bound instanceof Poisoned) throw new Poisoned.Used();
            Value made = Networks.call(interpreter, bound, c, scope);
            if (made != null) return made;
            throw new NnspecException(callee.span(), "'" + name + "' is " + Coercions.article(bound) + ", not a function", null);
        }
        Builtin b = Builtins.get(name);
        if (b == null) {
            if (Networks.isLayerType(name)) {
                throw new NnspecException(c.span(), name + " is a layer: it goes inside a network, as in "
                        + "network Net { input (N, 3, 32, 32); " + name + "(…) }", null);
            }
            throw new NnspecException(callee.span(), "there is no function '" + name + "'", NameSuggestions.suggest(name, scope));
        }
        if (b.params().size() == 1 && c.args().size() == 1 && c.args().get(0).name() == null) {
            // the usual call of a one-parameter built-in, relu(x) in a recurrence rule: bound
            // without the list of given arguments, which a long recurrence would make per step
            Expr.Argument only = c.args().get(0);
            Value x = interpreter.evaluator().eval(only.value(), scope);
            return b.call(Args.single(b, x, only.span(), c.span()).warningsTo(interpreter), TracedOperations.isTraced(x));
        }
        List<Args.Given> given = b.name().equals("cost") ? CostBuiltin.arguments(interpreter, c, scope)
                : interpreter.evaluator().arguments(c.args(), scope);
        Args args = Args.bind(b, given, c.span()).warningsTo(interpreter);
        boolean traced = false;
        for (Args.Given g : given) traced |= TracedOperations.isTraced(g.value());
        return b.call(args, traced);
    }
}
