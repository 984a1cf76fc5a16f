package org.nnspec.cli.repl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ContinuationTest {
    @Test
    void completeLinesNeedNothingMore() {
        for (String s : new String[] {"x = 3", "softmax([1 2 3])", "print a, b", "W.T", "h[t] = h[t-1]", "x  # a comment",
                "f(x)(y)", "-3", "not true"}) {
            assertFalse(Continuation.needsMore(s), s);
        }
    }

    @Test
    void openBracketsAskForMore() {
        assertTrue(Continuation.needsMore("softmax("));
        assertTrue(Continuation.needsMore("W = [1 2"));
        assertTrue(Continuation.needsMore("network N {"));
        assertTrue(Continuation.needsMore("f([1, (2"));
        assertTrue(Continuation.needsMore("W = [1 2\n     3 4"));
        assertFalse(Continuation.needsMore("W = [1 2\n     3 4]"));
    }

    @Test
    void aTrailingOperatorOrCommaAsksForMore() {
        for (String s : new String[] {"1 +", "x = 2 *", "a @", "2 ^", "x =", "a and", "b or", "print a,", "a ==",
                "for x in", "x //", "1 + # the rest follows", "y = 1 \\"}) {
            assertTrue(Continuation.needsMore(s), s);
        }
        assertFalse(Continuation.needsMore("1 +\n2"));
    }

    @Test
    void bracketsInStringsAndCommentsDoNotCount() {
        assertFalse(Continuation.needsMore("s = \"(((\""));
        assertFalse(Continuation.needsMore("x = 1  # a comment with ( and ["));
        assertFalse(Continuation.needsMore("s = \"a \\\" quote (\""));
    }

    @Test
    void surplusClosersAndBrokenStringsGoToTheParser() {
        assertFalse(Continuation.needsMore(")"));
        assertFalse(Continuation.needsMore("(1))("));
        assertFalse(Continuation.needsMore("s = \"never closed ("));
    }

    @Test
    void aMultiLineNetworkIsOneInput() {
        String[] lines = {
            "network SmallCNN {",
            "  input (N, 3, 64, 64)",
            "  conv1: Conv2d(in_channels=3, out_channels=16,",
            "                kernel_size=3, padding=1)",
            "  residual {",
            "    Conv2d(16, 16, 3, padding=1)",
            "  }",
            "  fc: Linear(16,",
            "     10)",
        };
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            if (sb.length() > 0) sb.append('\n');
            sb.append(line);
            assertTrue(Continuation.needsMore(sb.toString()), "after: " + line);
        }
        sb.append("\n}");
        assertFalse(Continuation.needsMore(sb.toString()));
    }

    @Test
    void twoEmptyLinesOrACommandEndAnUnfinishedInput() {
        assertTrue(Continuation.needsMore("f(\n"));
        assertTrue(Continuation.needsMore("network N {\n  input (N, 3)\n"));
        assertFalse(Continuation.needsMore("f(\n\n"));
        assertFalse(Continuation.needsMore("f(\n  \n\t"));
        assertFalse(Continuation.needsMore("f(\n:vars"));
    }
}
