package org.nnspec.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Every limit of issue 8 stops with a located diagnostic and exit 1, quickly, before the work
 * or the allocation it guards; just below a limit the program still runs. Each input runs
 * through the command line with the 2 s limit of {@link CliProbe}.
 */
class LimitsTest {
    /**
     * Inputs that are large on purpose (a 200,000-term sum) may take longer than the fuzzer's
     * 2 s on a loaded machine: they must finish, and this is the allowance.
     */
    static final long LARGE_INPUT_MILLIS = 20_000;

    static CliProbe.Outcome run(String program) {
        return CliProbe.run(program.getBytes(StandardCharsets.UTF_8));
    }

    /** Exit 1, a located error containing {@code message}, within the time limit. */
    static CliProbe.Outcome refused(String program, String message) {
        return refused(program, message, CliProbe.LIMIT_MILLIS);
    }

    static CliProbe.Outcome refused(String program, String message, long limitMillis) {
        CliProbe.Outcome o = CliProbe.runWithin(limitMillis, program.getBytes(StandardCharsets.UTF_8), "-");
        assertNull(o.violation(), () -> o.violation() + "\n" + o.err());
        assertEquals(1, o.code(), o.err());
        assertTrue(o.err().contains(message), () -> "expected '" + message + "' in\n" + o.err());
        return o;
    }

    static CliProbe.Outcome works(String program) {
        CliProbe.Outcome o = CliProbe.runWithin(LARGE_INPUT_MILLIS, program.getBytes(StandardCharsets.UTF_8), "-");
        assertNull(o.violation(), () -> o.violation() + "\n" + o.err());
        assertEquals(0, o.code(), o.err());
        return o;
    }

    /** Either works or stops with a located diagnostic: no crash, no hang. */
    static void survives(String program) {
        CliProbe.Outcome o = CliProbe.runWithin(LARGE_INPUT_MILLIS, program.getBytes(StandardCharsets.UTF_8), "-");
        assertNull(o.violation(), () -> o.violation() + "\n" + o.err());
    }

    // nesting: 256 brackets of any kind ('(', '[', '{'), so blocks, ifs and fors too

    @Test void twentyThousandParenthesesStopAtTheDepthLimit() {
        CliProbe.Outcome o = refused("x = " + "(".repeat(20_000) + "1" + ")".repeat(20_000) + "\n",
                "brackets are nested more than 256 deep here");
        assertTrue(o.err().contains(" --> -:1:261"), o.err()); // the 257th '(' after "x = "
    }

    @Test void deepBlocksIfsAndForsStopAtTheDepthLimit() {
        refused("{".repeat(20_000), "brackets are nested more than 256 deep");
        refused("if true { ".repeat(20_000) + "1" + " }".repeat(20_000), "brackets are nested more than 256 deep");
        refused("for i in [1] { ".repeat(5_000) + "print i" + " }".repeat(5_000), "brackets are nested more than 256 deep");
        refused("x = " + "[".repeat(20_000) + "1" + "]".repeat(20_000), "brackets are nested more than 256 deep");
        refused("x = 1" + "[0".repeat(20_000) + "]".repeat(20_000), "brackets are nested more than 256 deep");
    }

    @Test void nestingJustBelowTheLimitWorks() {
        assertEquals("x = 1\n", works("x = " + "(".repeat(250) + "1" + ")".repeat(250) + "\nprint \"x =\", x\n").out());
        assertEquals("1\n", works("if true { ".repeat(200) + "print 1" + " }".repeat(200)).out());
    }

    @Test void brokenDeepNestingIsQuick() {
        // fuzzer finds: unclosed and unbalanced deep nesting took 2-5 s in the error-recovering parse
        refused("input " + "(".repeat(15_000), "brackets are nested more than 256 deep");
        refused("f(1 " + "(1 ".repeat(2_000), "brackets are nested more than 256 deep");
        refused("h[t] = h[t" + "[t".repeat(5_000) + " + 1", "brackets are nested more than 256 deep");
    }

    @Test void longChainsWithoutBracketsWorkOrStopCleanly() {
        assertTrue(works("1" + " + 1".repeat(200_000) + "\n").out().endsWith(" = 200001\n"));
        works("x = 1" + " * 1".repeat(200_000) + "\n");
        works("x = true" + " and true".repeat(100_000) + "\n");
        survives("x = " + "-".repeat(100_000) + "1\n");
        survives("x = " + "not ".repeat(100_000) + "true\n");
        survives("x = " + "2^".repeat(50_000) + "1\n");
        survives("M = [1 2; 3 4]\nx = M" + ".T".repeat(100_000) + "\n");
        survives("x = 1 < 2 < 3 < 4 == true\n");
    }

    @Test void separatorRunsAreLinear() {
        // 200,000 blank lines took minutes (the parser scanned the run of separators at each one)
        assertEquals("1 = 1\n", works("\n".repeat(200_000) + "1\n").out());
        assertEquals("1 = 1\n", works(";".repeat(200_000) + "1\n").out());
        works("x = [1" + ";".repeat(100_000) + "2]\n");
    }

    @Test void syntaxErrorsStopAfterFifty() {
        CliProbe.Outcome o = refused("2)\n".repeat(10_000), "too many syntax errors (50); stopping here");
        assertEquals(51, o.err().lines().filter(l -> l.startsWith("error: ")).count());
    }

    // matrix size: 50,000,000 entries, checked before allocating, on every path

    @Test void hugeMatricesAreRefusedBeforeAllocation() {
        String msg = "matrix is too large (at most 50,000,000 entries)";
        refused("zeros(200000, 200000)", "a 200000×200000 " + msg);
        refused("ones(200000, 200000)", msg);
        refused("rand(8000, 8000)", "a 8000×8000 " + msg);
        refused("randn(1, 50000001)", msg);
        refused("eye(100000)", msg);
        refused("diag(ones(1, 10000))", "a 10000×10000 " + msg);
        refused("zeros(2^40, 2^40)", "too large");
        refused("zeros(-1, 2)", "negative");
    }

    @Test void broadcastingAndProductResultsAreSizeChecked() {
        // 1×10000 + 10000×1 allocated 10^8 entries and ran for minutes
        refused("a = ones(1, 10000)\nb = ones(10000, 1)\nc = a + b\n", "a 10000×10000 matrix is too large");
        refused("a = ones(1, 10000)\nb = ones(10000, 1)\nc = max(a, b)\n", "a 10000×10000 matrix is too large");
        refused("a = ones(10000, 1)\nb = ones(1, 10000)\nc = a @ b\n", "a 10000×10000 matrix is too large");
    }

    @Test void expensiveLinearAlgebraIsRefused() {
        // 1000·1001·1000 > 10^9 multiply-adds; the spectral norm's SVD of 500×500 took 2 s
        refused("x = rand(1000, 1001) @ rand(1001, 1000)", "product needs 1,001,000,000 multiply-adds (at most 1,000,000,000)");
        refused("x = norm(rand(500, 500))", "spectral norm of a 500×500 matrix");
        works("x = rand(300, 300) @ rand(300, 300)\ny = norm(rand(300, 300))\n");
    }

    @Test void gradientsAreSizeCheckedToo() {
        // the tape allowed 10^8 entries: grad(sum(W.T + W), W) for a 1×10000 W took 42 s and 3 GB
        refused("W = ones(1, 10000)\ng = grad(sum(W.T + W), W)\n", "would be a 10000×10000 matrix, too large to hold");
        refused("V = ones(1, 8000)\ng = grad(sum(V.T @ V), V)\n", "would be a 8000×8000 matrix, too large to hold");
        refused("W = rand(500, 500)\ng = grad(norm(W), W)\n", "spectral norm of a 500×500 matrix"); // as without grad
        works("W = ones(1, 1000)\ng = grad(sum(W.T + W), W)\nprint g[0]\n");
    }

    @Test void normOfInfiniteOrNanEntries() {
        // EJML's SVD threw "Decomposition failed" (an internal error)
        assertEquals("inf\nnan\n", works("print norm([1 2; 3 1e999])\nprint norm([1 2; 3 1e999 - 1e999])\n").out());
    }

    @Test void normOfEntriesNearTheDoubleRange() {
        // EJML's SVD overflowed and threw "Decomposition failed" on -1e308 (a fuzzer find);
        // σ of diag(1e308, 1) is 1e308, and of [1e308 1e308; 1e308 1e308] it is 2e308 = inf
        assertEquals("1e+308\ninf\n1.5e-310\n",
                works("print norm([1e308 0; 0 1])\nprint norm([1e308 1e308; 1e308 1e308])\nprint norm([1.5e-310 0; 0 1e-320])\n").out());
        // the gradient of σ₁ with respect to diag(-1e308, 1) is u₁v₁ᵀ = [1 0; 0 0] up to sign: -1 at (1,1)
        assertEquals("-1\n", works("W = [-1e308 0; 0 1]\nprint grad(norm(W), W)[0, 0]\n").out());
    }

    @Test void sizesAboveAGoogolAreRefused() {
        // 100,001-digit input sizes made every printed shape and product slow (a fuzzer find);
        // 10^20 channels are still counted exactly, and 10^100 is the largest size
        refused("network N {\n  input (10^100000, 4)\n  Linear(4, 2)\n}\nN\n",
                "a dimension of the input is a number of 100001 digits, above the largest size nnspec works with (10^100)");
        refused("network N {\n  input (N, 4)\n  Linear(4, 10^100 + 1)\n}\nN\n",
                "Linear's out_features is 1" + "0".repeat(99) + "1, above the largest size");
        works("network N {\n  input (N, 10^100)\n  Linear(10^100, 2)\n}\nN\n");
    }

    @Test void manyUnfinishedStatementsAreOneQuickDiagnostic() {
        // each 'repeat' without a count or a body made the parser invent a '{' and nest one level
        // deeper: 1,870 of them took 2-4 s and 570 MB for one diagnostic (a fuzzer find)
        CliProbe.Outcome o = refused("network N {\n  input (N, 4)\n" + "  repeat\n".repeat(5000) + "}\nN\n",
                "expected");
        assertTrue(o.messages().size() <= 51, o.err()); // 50 and "too many syntax errors"
    }

    // exact integers: 100,000 digits (332,193 bits)

    @Test void hugeExactIntegersAreRefused() {
        String msg = "this exact integer would have more than 100,000 digits";
        refused("2^(10^9)", msg);
        refused("(2^100000)^(2^100000)", msg);
        refused("7^(10^6)", msg);
        refused("x = 2^332192\ny = x * x\n", msg);
        refused("x = 2^332192\ny = x + x\n", msg);
        refused("x = 2^332192\ny = -x - x\n", msg);
        refused("3^(2^40)", msg);
        works("x = 2^332000\ny = x // 3 + x % 7\nprint len([x, y])\n");
    }

    @Test void hugeIntegerLiteralsAreRefusedQuickly() {
        // BigInteger parses in quadratic time: a million digits took 24 s
        CliProbe.Outcome o = refused("x = " + "9".repeat(1_000_000) + "\n", "this integer has 1,000,000 digits; at most 100,000 are allowed");
        assertTrue(o.err().length() < 1000, "the quoted line is clipped, not a million characters");
        works("x = " + "9".repeat(100_000) + "\nprint x % 10\n");
    }

    @Test void hugeIndicesAreReportedAsWritten() {
        refused("\"abc\"[10^30]", "index 1000000000000000000000000000000 is out of range for size 3");
    }

    @Test void networksStopAtAHundredThousandLayers() {
        // repeat 8 { repeat 46341 { … } } spent half a minute building and reporting 370,000 layers
        CliProbe.Outcome o = refused("network Net {\n  input (N, 8)\n  repeat 8 {\n    repeat 46341 {\n      fc: Linear(7, 7)\n"
                + "    }\n  }\n}\nNet\n", "this network has more than 100,000 layers", LARGE_INPUT_MILLIS);
        assertTrue(o.err().contains(" --> -:5:7"), o.err());
        assertEquals(2, o.err().lines().filter(l -> l.startsWith("error: ")).count(), o.err());
    }

    // ranges, sequences, strings, lists

    @Test void longRangesAndSequencesAreRefused() {
        refused("x = range(10^12)", "range of 1000000000000 numbers is too long (at most 10,000,000)");
        refused("h[0] = 0\nh[t] = h[t-1] + 1\nh[10^20]\n", "would take 100000000000000000000 steps of its rule");
        refused("h[0] = 0\nh[t] = h[t-1] + 1\nh[10^7 + 1]\n", "h[10000001] would take 10000001 steps of its rule");
    }

    @Test void stringsAndListsStopGrowing() {
        refused("s = \"ab\"\nfor i in range(40) { s = s + s }\n", "this string would be longer than 16,777,216 characters");
        refused("l = [\"a\"]\nfor i in range(40) { l = l + l }\n", "this list would be longer than 1,000,000 items");
    }
}
