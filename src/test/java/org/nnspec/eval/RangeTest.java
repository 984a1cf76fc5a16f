package org.nnspec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nnspec.ProgramRun;

/**
 * {@code range}, a built-in of the table like any other, called positionally or by keyword:
 * what docs/language.md's {@code range} gives, worked by hand below, and the table's errors.
 */
class RangeTest {
    @Test void integersFromZeroOrFromTheFirstArgumentUpToTheSecond() {
        assertEquals("[0, 1, 2]\n[2, 3, 4]\n[]\n[]\n[-2, -1, 0]\n", run("""
                print range(3)
                print range(2, 5)
                print range(5, 2)
                print range(0)
                print range(-2, 1)
                """).out());
    }

    @Test void keywordsGiveTheSame() {
        assertEquals("[1, 2]\n[2, 3, 4]\n", run("print range(a=1, b=3)\nprint range(2, b=5)\n").out());
    }

    @Test void aForLoopOverARangeSeesEachInteger() {
        assertEquals("6\n", run("total = 0\nfor i in range(1, 4) { total = total + i }\nprint total\n").out());
    }

    @Test void errorsAreTheTables() {
        ProgramRun real = run("print range(1.5)\n");
        assertEquals(1, real.code());
        assertTrue(real.err().contains("error: 'a' of range must be an integer, not 1.5"), real.err());
        ProgramRun tooLong = run("print range(1, 20000002)\n");
        assertEquals(1, tooLong.code());
        assertTrue(tooLong.err().contains("error: range of 20000001 numbers is too long (at most 10,000,000)"), tooLong.err());
        ProgramRun three = run("print range(1, 2, 3)\n");
        assertEquals(1, three.code());
        assertTrue(three.err().contains("error: range takes at most 2 arguments"), three.err());
    }

    private static ProgramRun run(String program) {
        return ProgramRun.of(program);
    }
}
