package org.nnspec.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * After a syntax error the parser resynchronises at the next statement: independent mistakes
 * on separate lines are each reported once, at their own line, at top level and in blocks.
 */
class RecoveryTest {
    private static final Pattern WHERE = Pattern.compile("(?m)^ *--> -:(\\d+):\\d+$");

    private static List<Integer> errorLines(String program) {
        CliProbe.Outcome o = CliProbe.run(program.getBytes(StandardCharsets.UTF_8));
        assertEquals(null, o.violation(), o.violation());
        assertEquals(1, o.code(), o.err());
        Matcher m = WHERE.matcher(o.err());
        List<Integer> lines = new java.util.ArrayList<>();
        while (m.find()) lines.add(Integer.parseInt(m.group(1)));
        return lines;
    }

    @Test void threeMistakesThreeReports() {
        assertEquals(List.of(1, 2, 3), errorLines("a = 1 2\nb = (3 * )\nc = 5 $ 6\nok = 1\n"));
    }

    @Test void aBracketClosedLaterDoesNotSilenceTheRest() {
        // the error inside [ … ] used to end the reporting for the whole file
        assertEquals(List.of(1, 2, 3), errorLines("c = [1, 2,, 3]\nd = 4 +* 5\ne = sqrt(2))\n"));
    }

    @Test void mistakesInsideBlocksAndAfterThem() {
        assertEquals(List.of(2, 3, 5), errorLines("for i in range(3) {\n  h = 1 2\n  k = = 2\n}\nm = )\n"));
    }

    @Test void anUnclosedBracketIsOneError() {
        // reported where the expression evidently ended (line 2: "expected ')' to close the '(' on
        // line 1, found the name 'y'"); everything after is inside the bracket, so no echoes
        assertEquals(List.of(2), errorLines("x = (1 + 2\ny = 3\nz = 4 4\n"));
    }
}
