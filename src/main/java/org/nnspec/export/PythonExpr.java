package org.nnspec.export;

import java.util.ArrayList;
import java.util.List;
import org.nnspec.ast.Expr;
import org.nnspec.diag.NnspecException;
import org.nnspec.diag.Span;

/**
 * An nnspec expression as Python. The two languages' operators bind in the same order
 * (docs/language.md section 5 follows Python's), so an operand is parenthesised exactly when
 * it binds more loosely than its place asks; '^' becomes '**'. Literals keep their source
 * text (Python reads 1e-6, .5 and 1_000 as nnspec does).
 */
final class PythonExpr {
    /** What a name means in Python: a local, a file-level value, or (when symbolic) a size's name. */
    interface Names {
        String name(Expr.Name n, boolean symbolic);

        /** Whether the name holds a list or matrix (whose arithmetic Python's lists do not have). */
        default boolean isList(Expr.Name n) { return false; }
    }

    /** A built-in function called with these Python arguments. */
    interface Calls { String call(String function, List<String> args, Span at); }

    private static final int OR = 1, AND = 2, NOT = 3, COMPARISON = 4, ADDITIVE = 5, MULTIPLICATIVE = 6, UNARY = 7,
            POWER = 8, POSTFIX = 9, ATOM = 10;

    private final Names names;
    private final Calls calls;
    private final boolean symbolic;

    PythonExpr(Names names, Calls calls, boolean symbolic) {
        this.names = names;
        this.calls = calls;
        this.symbolic = symbolic;
    }

    String text(Expr e) { return text(e, 0); }

    /** {@code e}, in parentheses when it binds more loosely than {@code context}. */
    private String text(Expr e, int context) {
        int own = precedence(e);
        String t = bare(e);
        return own < context ? "(" + t + ")" : t;
    }

    private static int precedence(Expr e) {
        if (e instanceof Expr.Binary b) {
            return switch (b.op()) {
                case OR -> OR;
                case AND -> AND;
                case EQ, NE, LT, LE, GT, GE -> COMPARISON;
                case ADD, SUB -> ADDITIVE;
                case MUL, DIV, FLOORDIV, MOD, MATMUL -> MULTIPLICATIVE;
                case POW -> POWER;
            };
        }
        if (e instanceof Expr.Unary u) return u.op() == Expr.UnaryOp.NOT ? NOT : UNARY;
        if (e instanceof Expr.Call || e instanceof Expr.Index || e instanceof Expr.Field) return POSTFIX;
        return ATOM;
    }

    private String bare(Expr e) {
        // an int as its value (Python reads 08 as an error); a real as written (1e-6, .5)
        if (e instanceof Expr.IntLit i) return i.value().toString();
        if (e instanceof Expr.RealLit) return e.span().isNone() ? literal(e) : e.span().text();
        if (e instanceof Expr.StrLit s) return PythonText.string(s.value());
        if (e instanceof Expr.BoolLit b) return b.value() ? "True" : "False";
        if (e instanceof Expr.Name n) return names.name(n, symbolic);
        if (e instanceof Expr.Tuple t) {
            List<String> items = all(t.items());
            return "(" + String.join(", ", items) + (items.size() == 1 ? ",)" : ")");
        }
        if (e instanceof Expr.Matrix m) {
            // a row or a column is a vector, iterated and indexed entry by entry, as nnspec
            // does; a whole real entry is written as an int, as nnspec keeps every entry real
            // and torch wants ints for sizes
            if (m.rows().size() == 1 || m.rows().stream().allMatch(r -> r.size() == 1)) {
                List<Expr> entries = m.rows().size() == 1 ? m.rows().get(0) : m.rows().stream().map(r -> r.get(0)).toList();
                return "[" + String.join(", ", entries(entries)) + "]";
            }
            List<String> rows = new ArrayList<>();
            for (List<Expr> row : m.rows()) rows.add("[" + String.join(", ", entries(row)) + "]");
            return "[" + String.join(", ", rows) + "]";
        }
        if (e instanceof Expr.Unary u) {
            int own = precedence(u);
            return (u.op() == Expr.UnaryOp.NOT ? "not " : u.op().symbol) + text(u.operand(), own);
        }
        if (e instanceof Expr.Binary b) return binary(b);
        if (e instanceof Expr.Index i) {
            if (i.indices().size() != 1 || i.indices().get(0).name() != null) {
                throw new NnspecException(i.span(), "export writes one index at a time in Python, as cnf[0]", null);
            }
            return text(i.target(), POSTFIX) + "[" + text(i.indices().get(0).value()) + "]";
        }
        if (e instanceof Expr.Call c && c.callee() instanceof Expr.Name f) {
            List<String> args = new ArrayList<>();
            for (Expr.Argument a : c.args()) args.add((a.name() == null ? "" : a.name() + "=") + text(a.value()));
            return calls.call(f.name(), args, c.span());
        }
        throw new NnspecException(e.span(), "export cannot write this expression in Python", null);
    }

    private String binary(Expr.Binary b) {
        if (b.op() == Expr.BinaryOp.MATMUL) {
            throw new NnspecException(b.opSpan(), "export cannot write a matrix product in Python", null);
        }
        boolean arithmetic = precedence(b) >= ADDITIVE;
        if (arithmetic && (isList(b.left()) || isList(b.right()))) {
            // Python's [1, 2] * 2 repeats the list where nnspec's doubles each entry
            throw new NnspecException(b.opSpan(), "export cannot write arithmetic on a matrix or list in Python",
                    "compute the values outside the network or block and pass them in");
        }
        int own = precedence(b);
        String op = b.op() == Expr.BinaryOp.POW ? "**" : b.op().symbol;
        // '**' groups to the right; comparisons do not group at all in Python (a < b < c
        // chains), so an operand that is one is parenthesised; the rest group to the left
        int left = own == POWER || own == COMPARISON ? own + 1 : own;
        int right = own == POWER ? own : own + 1;
        return text(b.left(), left) + " " + op + " " + text(b.right(), right);
    }

    private List<String> entries(List<Expr> items) {
        List<String> out = new ArrayList<>();
        for (Expr item : items) {
            boolean whole = item instanceof Expr.RealLit r && r.value() == Math.rint(r.value()) && Math.abs(r.value()) < 1e15;
            out.add(whole ? Long.toString((long) ((Expr.RealLit) item).value()) : text(item));
        }
        return out;
    }

    private List<String> all(List<Expr> items) {
        List<String> out = new ArrayList<>();
        for (Expr item : items) out.add(text(item));
        return out;
    }

    /** Whether {@code e} is a matrix or list: a literal, range(…), or a name that holds one. */
    private boolean isList(Expr e) {
        if (e instanceof Expr.Matrix) return true;
        if (e instanceof Expr.Call c && c.callee() instanceof Expr.Name f && f.name().equals("range")) return true;
        return e instanceof Expr.Name n && names.isList(n);
    }

    private static String literal(Expr e) {
        if (e instanceof Expr.IntLit i) return i.value().toString();
        return PythonText.real(((Expr.RealLit) e).value());
    }
}
