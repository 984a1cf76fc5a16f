package org.nnspec.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** The characters escaped for a terminal (docs/language.md section 14), at each edge of the ranges. */
class ControlCharsTest {
    @Test
    void textWithoutControlCharactersIsReturnedAsItIs() {
        String text = "64·64 + 64 = 4,160  (N, 64) → ×8\tdone\n\u00a0é";
        assertSame(text, ControlChars.escape(text));
    }

    @Test
    void eachEdgeOfTheControlRanges() {
        assertEquals("a\\u0000b", ControlChars.escape("a\u0000b"));
        assertEquals("\\u001f ~", ControlChars.escape("\u001f\u0020\u007e"));
        assertEquals("\\u007f\\u0080\\u009f\u00a0", ControlChars.escape("\u007f\u0080\u009f\u00a0"));
        assertEquals("red\\u001b[31m\tbell\\u0007\n", ControlChars.escape("red\u001b[31m\tbell\u0007\n"));
        assertEquals("cr\\u000d", ControlChars.escape("cr\r"));
    }

    @Test
    void aLineAlsoHasItsLineBreaksEscaped() {
        assertEquals("one\\u000atwo\\u000d\tthree", ControlChars.escapeLine("one\ntwo\r\tthree"));
        assertSame("plain", ControlChars.escapeLine("plain"));
    }
}
