package org.nnspec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The format names --format and :format take, and the Output each one makes. */
class OutputFormatTest {
    @Test void namesAreTheLowerCaseConstantsAndNothingElse() {
        assertSame(OutputFormat.TEXT, OutputFormat.named("text"));
        assertSame(OutputFormat.JSON, OutputFormat.named("json"));
        assertNull(OutputFormat.named("JSON"));
        assertNull(OutputFormat.named("xml"));
        assertNull(OutputFormat.named(""));
        assertEquals(List.of("text", "json"), OutputFormat.labels());
        assertEquals("text or json", OutputFormat.choices()); // as the usage errors write them
    }

    @Test void eachFormatWritesAValueItsOwnWay() {
        // 2^70 = 1180591620717411303424, exact in both forms
        Value v = new Value.IntV(BigInteger.TWO.pow(70));
        assertEquals("x = 1180591620717411303424\n", written(OutputFormat.TEXT, "x", v));
        assertEquals("{\"kind\":\"value\",\"label\":\"x\",\"value\":1180591620717411303424}\n",
                written(OutputFormat.JSON, "x", v));
    }

    private static String written(OutputFormat f, String label, Value v) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Output o = f.output(out, out, new Output.Settings(6, false, 0));
        o.value(label, v);
        o.flush();
        return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
