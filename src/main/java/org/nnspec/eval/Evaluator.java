package org.nnspec.eval;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.nnspec.ast.Expr;
import org.nnspec.ast.Expr.BinaryOp;
import org.nnspec.diag.NnspecException;
import org.nnspec.diag.Span;
import org.nnspec.eval.Value.BoolV;
import org.nnspec.eval.Value.IntV;
import org.nnspec.eval.Value.ListV;
import org.nnspec.eval.Value.MatV;
import org.nnspec.eval.Value.RealV;
import org.nnspec.eval.Value.ShapeV;
import org.nnspec.eval.Value.StrV;
import org.nnspec.nn.Dim;
import org.nnspec.nn.Shape;

/** Evaluates expressions (docs/language.md section 5) in a scope. */
final class Evaluator {
    private final Interpreter interpreter;

    Evaluator(Interpreter interpreter) {
        this.interpreter = interpreter;
    }

    Value eval(Expr e, Scope scope) {
        try {
            Value v = evalUnplaced(e, scope);
            if (v instanceof Poisoned) throw new Poisoned.Used();
            return v;
        } catch (NnspecException ex) {
            throw ex.at(e.span());
        }
    }

    private Value evalUnplaced(Expr e, Scope scope) {
        if (e instanceof Expr.IntLit i) return IntV.of(i.value());
        if (e instanceof Expr.RealLit r) return new RealV(r.value());
        if (e instanceof Expr.StrLit s) return new StrV(s.value());
        if (e instanceof Expr.BoolLit b) return BoolV.of(b.value());
        if (e instanceof Expr.Name n) return name(n, scope);
        if (e instanceof Expr.Tuple t) return tuple(t, scope);
        if (e instanceof Expr.Matrix m) return MatrixLiteral.build(m, this, scope);
        if (e instanceof Expr.Unary u) return unary(u, scope);
        if (e instanceof Expr.Binary b) return binary(b, scope);
        if (e instanceof Expr.Call c) return FunctionCalls.call(interpreter, c, scope);
        if (e instanceof Expr.Index i) return index(i, scope);
        if (e instanceof Expr.Field f) return field(f, scope);
        throw new IllegalStateException("unknown expression " + e);
    }

    /** A call's arguments, evaluated in order, for binding to a built-in, network or block. */
    List<Args.Given> arguments(List<Expr.Argument> args, Scope scope) {
        List<Args.Given> given = new ArrayList<>(args.size());
        for (Expr.Argument a : args) given.add(new Args.Given(a.name(), eval(a.value(), scope), a.span(), a.nameSpan()));
        return given;
    }

    /**
     * What a name the file does not bind means when it is a constant: {@code pi}, {@code e},
     * {@code inf}, {@code nan}, or PyTorch's spellings {@code True} and {@code False}, so that
     * layer calls paste as written. Null for any other name.
     */
    static Value unboundConstant(String name) {
        Value constant = Constants.get(name);
        if (constant != null) return constant;
        return switch (name) {
            case "True" -> BoolV.TRUE;
            case "False" -> BoolV.FALSE;
            default -> null;
        };
    }

    Value name(Expr.Name n, Scope scope) {
        Value v = valueOf(n.name(), scope);
        if (v != null) {
            if (v instanceof Poisoned) throw new Poisoned.Used();
            return Networks.resolve(interpreter, v, n.span());
        }
        Value constant = unboundConstant(n.name());
        if (constant != null) return constant;
        if (Builtins.get(n.name()) != null || "grad".equals(n.name())) {
            throw new NnspecException(n.span(), n.name() + " is a function: call it, as in " + n.name() + "(…)", null);
        }
        if (Networks.isLayerType(n.name())) {
            throw new NnspecException(n.span(), n.name() + " is a layer: it goes inside a network, as in "
                    + "network Net { input (N, 3, 32, 32); " + n.name() + "(…) }", null);
        }
        throw new NnspecException(n.span(), "'" + n.name() + "' is not defined", NameSuggestions.suggest(n.name(), scope));
    }

    /** A name's value; while grad replays bindings, the replayed one. */
    private Value valueOf(String name, Scope scope) {
        Replay replay = interpreter.replay();
        if (replay == null) return scope.lookup(name);
        Binding b = scope.binding(name);
        return b != null ? replay.value(b) : scope.lookup(name);
    }

    /** A tuple is a shape when its items are sizes or names; unbound names are symbolic dims. */
    private Value tuple(Expr.Tuple t, Scope scope) {
        List<Dim> dims = new ArrayList<>();
        List<Value> items = new ArrayList<>();
        boolean isShape = true;
        for (Expr item : t.items()) {
            if (item instanceof Expr.Name n && symbolic(n.name(), scope)) {
                dims.add(Dim.symbolic(n.name()));
                items.add(new StrV(n.name()));
                continue;
            }
            Value v = eval(item, scope);
            items.add(v);
            if (v instanceof IntV i && i.value().signum() >= 0) {
                dims.add(Dim.of(i.value()));
            } else if (v instanceof RealV r && r.value() >= 0 && r.value() == Math.rint(r.value()) && Double.isFinite(r.value())) {
                dims.add(Dim.of(new java.math.BigDecimal(r.value()).toBigInteger()));
            } else {
                isShape = false;
            }
        }
        return isShape ? new ShapeV(new Shape(dims)) : new ListV(items);
    }

    /**
     * Inside a shape, a name is a symbolic dimension unless it is bound to a number: so
     * {@code (N, 3)} works even when {@code N} also names a network or a sequence.
     */
    private static boolean symbolic(String name, Scope scope) {
        Value v = scope.lookup(name);
        if (v == null) return Constants.get(name) == null;
        return !(Coercions.isNumber(v) || v instanceof Poisoned);
    }

    private Value unary(Expr.Unary u, Scope scope) {
        Value v = eval(u.operand(), scope);
        switch (u.op()) {
            case NEG: return TracedOperations.isTraced(v) ? TracedOperations.negate(v) : Operators.negate(v);
            case NOT: return BoolV.of(!Coercions.toBool(v, "the operand of 'not'"));
            default:
                if (Coercions.isNumber(v) || v instanceof MatV || TracedOperations.isTraced(v)) return v;
                throw new NnspecException("'+' needs a number or a matrix, not " + Coercions.article(v), null);
        }
    }

    private Value binary(Expr.Binary b, Scope scope) {
        if (b.op() == BinaryOp.AND || b.op() == BinaryOp.OR) {
            boolean left = Coercions.toBool(eval(b.left(), scope), "the left side of '" + b.op().symbol + "'");
            if (b.op() == BinaryOp.AND ? !left : left) return BoolV.of(left);
            return BoolV.of(Coercions.toBool(eval(b.right(), scope), "the right side of '" + b.op().symbol + "'"));
        }
        Value l = eval(b.left(), scope);
        Value r = eval(b.right(), scope);
        if (b.op() != BinaryOp.EQ && b.op() != BinaryOp.NE) {
            warnIfInfinite(b, b.left(), l, r);
            warnIfInfinite(b, b.right(), r, l);
        }
        if (TracedOperations.isTraced(l) || TracedOperations.isTraced(r)) return TracedOperations.binary(b.op(), l, r);
        return Operators.binary(b.op(), l, r);
    }

    /**
     * An exact integer beyond a double's range becomes inf when it meets a real: said as a
     * warning at the integer. Comparisons are exact (Operators) and need none.
     */
    private void warnIfInfinite(Expr.Binary b, Expr operand, Value v, Value other) {
        // every integer below 2^1023 is a finite real: the test that nearly always decides
        if (!(v instanceof IntV i) || i.value().bitLength() <= 1023) return;
        boolean realBeside = other instanceof RealV || other instanceof MatV || TracedOperations.isTraced(other);
        boolean comparison = b.op() == BinaryOp.LT || b.op() == BinaryOp.LE || b.op() == BinaryOp.GT || b.op() == BinaryOp.GE;
        if (realBeside && !comparison && Double.isInfinite(i.value().doubleValue())) {
            interpreter.report(org.nnspec.diag.Diagnostic.warning(operand.span(), "this integer (" + i.value().toString().length()
                    + " digits) is too large for a real: beside a real it becomes " + (i.value().signum() < 0 ? "-inf" : "inf"),
                    "keep both sides integers to stay exact"));
        }
    }

    private Value index(Expr.Index ix, Scope scope) {
        Value target = eval(ix.target(), scope);
        if (target instanceof Sequence s && ix.indices().size() == 1 && ix.indices().get(0).name() == null) {
            // the hot path of a recurrence: h[t-1], without building an index list
            Expr indexExpr = ix.indices().get(0).value();
            if (indexExpr instanceof Expr.Binary b && (b.op() == Expr.BinaryOp.SUB || b.op() == Expr.BinaryOp.ADD)
                    && b.left() instanceof Expr.Name n && b.right() instanceof Expr.IntLit k && k.value().bitLength() < 31
                    && scope.lookup(n.name()) instanceof IntV t && t.value().bitLength() < 62) {
                long offset = k.value().longValue();
                Value known = interpreter.sequences().computedAt(s, t.value().longValue()
                        + (b.op() == Expr.BinaryOp.SUB ? -offset : offset));
                if (known != null) return known;
            }
            Value index = eval(indexExpr, scope);
            BigInteger i = index instanceof IntV iv ? iv.value()
                    : Coercions.toBigInteger(index, "the index of " + s.name(), ix.indices().get(0).span());
            return interpreter.sequences().at(s, i, ix.span());
        }
        for (Expr.Argument a : ix.indices()) {
            if (a.name() != null) throw new NnspecException(a.span(), "an index cannot be named", null);
        }
        List<Value> idx = new ArrayList<>();
        for (Expr.Argument a : ix.indices()) idx.add(eval(a.value(), scope));
        if (target instanceof Sequence s) {
            if (idx.size() != 1) throw new NnspecException(ix.span(), "a sequence takes one index: " + s.name() + "[t]", null);
            Value index = idx.get(0);
            BigInteger i = index instanceof IntV iv ? iv.value()
                    : Coercions.toBigInteger(index, "the index of " + s.name(), ix.indices().get(0).span());
            return interpreter.sequences().at(s, i, ix.span());
        }
        if (TracedOperations.isTraced(target)) return TracedOperations.index(target, idx, ix);
        return Indexing.index(target, idx, ix);
    }

    private Value field(Expr.Field f, Scope scope) {
        Value target = eval(f.target(), scope);
        if (f.name().equals("T")) {
            if (TracedOperations.isTraced(target)) return TracedOperations.transpose(target);
            if (target instanceof MatV || target instanceof ListV || Coercions.isNumber(target)) {
                DMatrixRMaj m = Coercions.toMatrix(target, "the operand of .T");
                return new MatV(Builtins.transpose(m));
            }
        }
        Value v;
        try {
            v = ValueFields.get(target, f.name());
        } catch (NnspecException e) {
            throw e.at(f.nameSpan());
        }
        if (v != null) return v;
        throw new NnspecException(f.nameSpan(), Coercions.article(target) + " has no field '" + f.name() + "'",
                ValueFields.help(target));
    }
}
