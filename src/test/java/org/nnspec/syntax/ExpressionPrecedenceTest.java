package org.nnspec.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nnspec.ast.Expr;
import org.nnspec.ast.Program;
import org.nnspec.ast.Stmt;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.SourceFile;
import org.nnspec.diag.Span;

/**
 * How expressions nest (docs/language.md section 5: loosest first {@code or}; {@code and};
 * {@code not}; comparisons; {@code + -}; {@code * / // % @}; unary {@code - +}; {@code ^},
 * right-associative; postfix call, index and field). The grammar reads an expression as a flat
 * run of operands and operators and AstBuilder nests it, so each expected tree below is
 * written out by hand from that table, as a fully parenthesised S-expression.
 */
class ExpressionPrecedenceTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a + b * c              | (+ a (* b c))",
            "a * b + c              | (+ (* a b) c)",
            "a - b - c              | (- (- a b) c)",
            "a / b // c % d @ e     | (@ (% (// (/ a b) c) d) e)",
            "2 ^ 3 ^ 2              | (^ 2 (^ 3 2))",
            "-2 ^ 2                 | (neg (^ 2 2))",
            "-a * b                 | (* (neg a) b)",
            "a ^ -b ^ c             | (^ a (neg (^ b c)))",
            "a * -b ^ c             | (* a (neg (^ b c)))",
            "a ^ -b * c             | (* (^ a (neg b)) c)",
            "- -a                   | (neg (neg a))",
            "+a - b                 | (- (pos a) b)",
            "a < b < c              | (< (< a b) c)",
            "a + b == c * d         | (== (+ a b) (* c d))",
            "not a == b             | (not (== a b))",
            "not a and b            | (and (not a) b)",
            "a or b and c           | (or a (and b c))",
            "a and b or c           | (or (and a b) c)",
            "not not a              | (not (not a))",
            "a + not b == c         | (+ a (not (== b c)))",
            "not a == b and c or d  | (or (and (not (== a b)) c) d)",
            "(a + b) * c            | (* (+ a b) c)",
            "-f(x).T                | (neg (. (call f x) T))",
            "f(x)(y)[1]             | (index (call (call f x) y) 1)",
            "a.b.c(d)               | (call (. (. a b) c) d)",
            "-a[1] ^ 2              | (neg (^ (index a 1) 2))",
            "x1 >= 2 != false       | (!= (>= x1 2) false)",
    })
    void nestsByPrecedence(String source, String expected) {
        assertEquals(expected, sexpr(expression(source)));
    }

    @Test
    void aBinarySpanRunsFromItsLeftOperandsFirstTokenToItsRightOperandsLast() {
        // "y = (a + b) * -c": the product spans columns 5-16, parentheses included; the
        // parenthesised sum is the inner expression itself (6-10), the negation 15-16
        Expr.Binary product = (Expr.Binary) expression("(a + b) * -c");
        assertSpan(1, 5, 1, 17, product.span());
        assertSpan(1, 13, 1, 14, product.opSpan());
        assertSpan(1, 6, 1, 11, product.left().span());
        assertSpan(1, 15, 1, 17, product.right().span());
        Expr.Call call = (Expr.Call) expression("f(1)(2)");
        assertSpan(1, 5, 1, 12, call.span());
        assertSpan(1, 5, 1, 9, call.callee().span());
    }

    @Test
    void assignmentTargetsAreANameOrOneIndexedName() {
        assertTrue(statement("h[t] = h[t - 1] + 1") instanceof Stmt.SequenceDef);
        assertTrue(statement("x = 1") instanceof Stmt.Assign);
        assertEquals("a sequence step is a name with one index, as in h[t]", assignmentError("a.b[1] = 3"));
        assertEquals("a sequence step is a name with one index, as in h[t]", assignmentError("h[t, 1] = 3"));
        assertEquals("to compare, write ==", assignmentError("-h[t] = 1"));
        assertEquals("to compare, write ==", assignmentError("h[t] + 1 = 2"));
        assertEquals("to compare, write ==", assignmentError("f(x) = 2"));
        // an index, but of a parenthesised name
        assertEquals("a sequence step is a name with one index, as in h[t]", assignmentError("(h)[t] = 1"));
    }

    private static Program parse(String text, Diagnostics diags) {
        return Parser.parse(new SourceFile("t.nnspec", text), diags);
    }

    private static Stmt statement(String text) {
        Diagnostics diags = new Diagnostics();
        Program p = parse(text, diags);
        assertNotNull(p, () -> diags.all().toString());
        return p.statements().get(0);
    }

    private static Expr expression(String source) {
        return ((Stmt.Assign) statement("y = " + source)).value();
    }

    private static String assignmentError(String text) {
        Diagnostics diags = new Diagnostics();
        assertNull(parse(text, diags));
        assertEquals(1, diags.all().size(), () -> diags.all().toString());
        assertTrue(diags.all().get(0).message().startsWith("cannot assign to this"));
        return diags.all().get(0).help();
    }

    private static void assertSpan(int line, int column, int endLine, int endColumn, Span span) {
        assertEquals(line + ":" + column + "-" + endLine + ":" + endColumn,
                span.line() + ":" + span.column() + "-" + span.endLine() + ":" + span.endColumn());
    }

    private static String sexpr(Expr e) {
        if (e instanceof Expr.Name n) return n.name();
        if (e instanceof Expr.IntLit i) return i.value().toString();
        if (e instanceof Expr.BoolLit b) return String.valueOf(b.value());
        if (e instanceof Expr.Unary u) {
            String op = switch (u.op()) {
                case NEG -> "neg";
                case PLUS -> "pos";
                case NOT -> "not";
            };
            return "(" + op + " " + sexpr(u.operand()) + ")";
        }
        if (e instanceof Expr.Binary b) return "(" + b.op().symbol + " " + sexpr(b.left()) + " " + sexpr(b.right()) + ")";
        if (e instanceof Expr.Field f) return "(. " + sexpr(f.target()) + " " + f.name() + ")";
        if (e instanceof Expr.Call c) {
            StringJoiner j = new StringJoiner(" ", "(call " + sexpr(c.callee()) + (c.args().isEmpty() ? "" : " "), ")");
            for (Expr.Argument a : c.args()) j.add(sexpr(a.value()));
            return j.toString();
        }
        if (e instanceof Expr.Index ix) {
            StringJoiner j = new StringJoiner(" ", "(index " + sexpr(ix.target()) + " ", ")");
            for (Expr.Argument a : ix.indices()) j.add(sexpr(a.value()));
            return j.toString();
        }
        throw new AssertionError("unexpected " + e);
    }
}
