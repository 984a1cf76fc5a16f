package org.nnspec.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nnspec.ast.Program;
import org.nnspec.ast.Stmt;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.SourceFile;
import org.nnspec.syntax.Parser;

/**
 * nnspec expressions as Python: each expected text is what a person writes in Python for the
 * same tree (docs/language.md section 5 gives nnspec's precedence; Python's grammar gives
 * its own), parenthesised only where Python needs it to keep the meaning.
 */
class PythonExprTest {
    private static String python(String nnspec) {
        Diagnostics diags = new Diagnostics();
        Program p = Parser.parse(new SourceFile("t.nnspec", "x = " + nnspec + "\n"), diags);
        Stmt.Assign a = (Stmt.Assign) p.statements().get(0);
        return new PythonExpr((n, symbolic) -> n.name(), (f, args, at) -> f + "(" + String.join(", ", args) + ")", false).text(a.value());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "-a^b | -a ** b",                      // both: the power first
        "(-a)^b | (-a) ** b",
        "a^b^c | a ** b ** c",                 // both group to the right
        "(a^b)^c | (a ** b) ** c",
        "2^-1 | 2 ** (-1)",
        "a - (b - c) | a - (b - c)",
        "(a - b) - c | a - b - c",
        "a * (b + c) | a * (b + c)",
        "a // 2 * 3 | a // 2 * 3",
        "a / (b * c) | a / (b * c)",
        "not a == b | not a == b",             // not binds more loosely than ==, in both
        "(not a) == b | (not a) == b",
        "(a < b) == c | (a < b) == c",         // Python would chain a < b == c
        "a and b or c | a and b or c",
        "a and (b or c) | a and (b or c)",
        "-(a + b) | -(a + b)",
        "cnf[0] + t[-1][3] | cnf[0] + t[-1][3]",
        "(a + b)[0] | (a + b)[0]",
        "max(8, (v + 4) // 8 * 8) | max(8, (v + 4) // 8 * 8)",
        "1e-6 | 1e-6",
        "1_000 | 1000",                        // an int as its value (Python refuses 08)
        "08 | 8",
        "true | True",
    })
    void translates(String nnspec, String expected) {
        assertEquals(expected, python(nnspec));
    }

    @org.junit.jupiter.api.Test
    void literals() {
        assertEquals("(1,)", python("(1,)"));
        assertEquals("()", python("()"));
        assertEquals("[0, 2, 1]", python("[0, 2, 1]"));
        assertEquals("[[1, 2], [3, 4]]", python("[1 2; 3 4]"));
        assertEquals("\"say \\\"hi\\\"\\\\n\"", python("\"say \\\"hi\\\"\\\\n\""));
    }
}
