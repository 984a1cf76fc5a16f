package org.nnspec.eval;

import org.nnspec.ast.Expr;
import org.nnspec.render.Numbers;

/**
 * The derivative of a scalar expression as a formula, for {@code explain grad} through an
 * assignment: {@code y = w^2} gives {@code 2·w}. Only what a student differentiates by hand:
 * numbers, names, {@code + - * / ^}, and the elementwise functions with a textbook
 * derivative. Anything else (matrices, reductions, calls of other kinds) has no formula, and
 * the explanation shows the number alone. Other names are held constant (a partial
 * derivative).
 */
final class Symbolic {
    private Symbolic() {}

    /** A term of a formula; made through the simplifying constructors below. */
    private sealed interface Term permits Num, Var, Add, Mul, Div, Pow, Neg, Fn {}
    private record Num(double value) implements Term {}
    private record Var(String name) implements Term {}
    private record Add(Term a, Term b, boolean minus) implements Term {}
    private record Mul(Term a, Term b) implements Term {}
    private record Div(Term a, Term b) implements Term {}
    private record Pow(Term a, Term b) implements Term {}
    private record Neg(Term a) implements Term {}
    private record Fn(String name, Term arg) implements Term {}

    private static final Num ZERO = new Num(0), ONE = new Num(1);

    /** ∂e/∂x written out, or null when {@code e} is not something this class differentiates. */
    static String derivative(Expr e, String x) {
        try {
            Term t = term(e);
            if (t == null) return null;
            Term d = differentiate(t, x);
            return d == null ? null : print(d, 0);
        } catch (StackOverflowError tooDeep) {
            return null; // a formula thousands of terms long: the number says enough
        }
    }

    private static Term term(Expr e) {
        if (e instanceof Expr.IntLit i) return i.value().bitLength() < 53 ? new Num(i.value().doubleValue()) : null;
        if (e instanceof Expr.RealLit r) return new Num(r.value());
        if (e instanceof Expr.Name n) {
            if (n.name().equals("pi")) return new Var("pi");
            return new Var(n.name());
        }
        if (e instanceof Expr.Unary u) {
            Term a = term(u.operand());
            if (a == null) return null;
            return switch (u.op()) {
                case NEG -> neg(a);
                case PLUS -> a;
                default -> null;
            };
        }
        if (e instanceof Expr.Binary b) {
            Term l = term(b.left()), r = term(b.right());
            if (l == null || r == null) return null;
            return switch (b.op()) {
                case ADD -> add(l, r);
                case SUB -> sub(l, r);
                case MUL -> mul(l, r);
                case DIV -> div(l, r);
                case POW -> pow(l, r);
                default -> null;
            };
        }
        if (e instanceof Expr.Call c && c.callee() instanceof Expr.Name f && c.args().size() == 1 && c.args().get(0).name() == null) {
            String name = f.name().equals("log") ? "ln" : f.name();
            if (!FUNCTIONS.contains(name)) return null;
            Term a = term(c.args().get(0).value());
            return a == null ? null : new Fn(name, a);
        }
        return null;
    }

    private static final java.util.Set<String> FUNCTIONS = java.util.Set.of("sin", "cos", "exp", "ln", "sqrt", "tanh", "sigmoid");

    private static Term differentiate(Term t, String x) {
        if (t instanceof Num) return ZERO;
        if (t instanceof Var v) return v.name().equals(x) ? ONE : ZERO;
        if (t instanceof Neg n) {
            Term d = differentiate(n.a(), x);
            return d == null ? null : neg(d);
        }
        if (t instanceof Add s) {
            Term a = differentiate(s.a(), x), b = differentiate(s.b(), x);
            if (a == null || b == null) return null;
            return s.minus() ? sub(a, b) : add(a, b);
        }
        if (t instanceof Mul m) {
            Term a = differentiate(m.a(), x), b = differentiate(m.b(), x);
            if (a == null || b == null) return null;
            return add(mul(a, m.b()), mul(m.a(), b));
        }
        if (t instanceof Div q) {
            Term a = differentiate(q.a(), x), b = differentiate(q.b(), x);
            if (a == null || b == null) return null;
            if (isZero(b)) return div(a, q.b());
            return div(sub(mul(a, q.b()), mul(q.a(), b)), pow(q.b(), new Num(2)));
        }
        if (t instanceof Pow p) {
            Term a = differentiate(p.a(), x), b = differentiate(p.b(), x);
            if (a == null || b == null) return null;
            if (isZero(b)) return mul(mul(p.b(), pow(p.a(), sub(p.b(), ONE))), a);
            return mul(t, add(mul(b, new Fn("ln", p.a())), div(mul(p.b(), a), p.a())));
        }
        if (t instanceof Fn f) {
            Term u = f.arg(), du = differentiate(u, x);
            if (du == null) return null;
            if (isZero(du)) return ZERO;
            Term outer = switch (f.name()) {
                case "sin" -> new Fn("cos", u);
                case "cos" -> neg(new Fn("sin", u));
                case "exp" -> f;
                case "ln" -> div(ONE, u);
                case "sqrt" -> div(ONE, mul(new Num(2), f));
                case "tanh" -> sub(ONE, pow(f, new Num(2)));
                case "sigmoid" -> mul(f, sub(ONE, f));
                default -> null;
            };
            return outer == null ? null : mul(outer, du);
        }
        return null;
    }

    // Simplifying constructors: 0 and 1 disappear, numbers fold, numeric factors go first.

    private static boolean isZero(Term t) { return t instanceof Num n && n.value() == 0; }

    private static boolean isOne(Term t) { return t instanceof Num n && n.value() == 1; }

    private static Term add(Term a, Term b) {
        if (isZero(a)) return b;
        if (isZero(b)) return a;
        if (a instanceof Num p && b instanceof Num q) return new Num(p.value() + q.value());
        Term positive = negated(b);
        if (positive != null) return new Add(a, positive, true);
        return new Add(a, b, false);
    }

    private static Term sub(Term a, Term b) {
        if (isZero(b)) return a;
        if (isZero(a)) return neg(b);
        if (a instanceof Num p && b instanceof Num q) return new Num(p.value() - q.value());
        Term positive = negated(b);
        if (positive != null) return new Add(a, positive, false);
        return new Add(a, b, true);
    }

    /** −t when {@code t} is written with a leading minus (−u, −3, −3/w, −2·w), else null. */
    private static Term negated(Term t) {
        if (t instanceof Neg n) return n.a();
        if (t instanceof Num n && n.value() < 0) return new Num(-n.value());
        if (t instanceof Mul m && negated(m.a()) != null) return mul(negated(m.a()), m.b());
        if (t instanceof Div d && negated(d.a()) != null) return div(negated(d.a()), d.b());
        return null;
    }

    private static Term neg(Term a) {
        if (a instanceof Num n) return new Num(-n.value());
        if (a instanceof Neg n) return n.a();
        return new Neg(a);
    }

    private static Term mul(Term a, Term b) {
        if (isZero(a) || isZero(b)) return ZERO;
        if (isOne(a)) return b;
        if (isOne(b)) return a;
        if (a instanceof Num p && b instanceof Num q) return new Num(p.value() * q.value());
        if (a instanceof Num p && p.value() == -1) return neg(b);
        if (a instanceof Num p && b instanceof Mul m && m.a() instanceof Num q) return mul(new Num(p.value() * q.value()), m.b());
        if (b instanceof Num) return mul(b, a);                                             // numbers first
        if (!(a instanceof Num) && b instanceof Mul m && m.a() instanceof Num q) return mul(q, mul(a, m.b()));
        if (a instanceof Neg n) return neg(mul(n.a(), b));
        if (b instanceof Neg n) return neg(mul(a, n.a()));
        if (b instanceof Div d && isOne(d.a())) return div(a, d.b());   // a·(1/b) = a/b
        if (a instanceof Div d && isOne(d.a())) return div(b, d.b());
        return new Mul(a, b);
    }

    private static Term div(Term a, Term b) {
        if (isZero(a)) return ZERO;
        if (isOne(b)) return a;
        if (a instanceof Num p && b instanceof Num q && q.value() != 0) return new Num(p.value() / q.value());
        return new Div(a, b);
    }

    private static Term pow(Term a, Term b) {
        if (isZero(b)) return ONE;
        if (isOne(b)) return a;
        if (a instanceof Num p && b instanceof Num q) return new Num(Math.pow(p.value(), q.value()));
        return new Pow(a, b);
    }

    /** The formula with as few parentheses as the precedence of section 5 allows. */
    private static String print(Term t, int outer) {
        int level;
        String s;
        if (t instanceof Num n) {
            level = n.value() < 0 ? 3 : 5;
            s = n.value() < 0 ? "−" + Numbers.real(-n.value(), 6) : Numbers.real(n.value(), 6);
        } else if (t instanceof Var v) {
            level = 5;
            s = v.name();
        } else if (t instanceof Fn f) {
            level = 5;
            s = f.name() + "(" + print(f.arg(), 0) + ")";
        } else if (t instanceof Add a) {
            level = 1;
            s = print(a.a(), 1) + (a.minus() ? " − " : " + ") + print(a.b(), 2);
        } else if (t instanceof Mul m) {
            level = 2;
            s = print(m.a(), 2) + "·" + print(m.b(), m.b() instanceof Mul || m.b() instanceof Div ? 2 : 3); // a·(b·c) and a·(b/c) read left to right the same
        } else if (t instanceof Div d) {
            level = 2;
            s = print(d.a(), 2) + "/" + print(d.b(), 3);
        } else if (t instanceof Neg n) {
            level = 3;
            s = "−" + print(n.a(), n.a() instanceof Mul || n.a() instanceof Div ? 2 : 3); // −a·b is −(a·b)
        } else {
            Pow p = (Pow) t;
            level = 4;
            s = print(p.a(), 5) + "^" + print(p.b(), 4);
        }
        return level < outer ? "(" + s + ")" : s;
    }
}
