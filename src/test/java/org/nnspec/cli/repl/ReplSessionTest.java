package org.nnspec.cli.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nnspec.cli.Main;

/**
 * Scripted sessions: every {@code NAME.session} under {@code src/test/resources/repl/} is piped
 * into {@code nnspec repl} in-process (standard input not a terminal); standard output and
 * standard error, written to one stream so diagnostics stand after the line they belong to,
 * must equal {@code NAME.transcript}, and the exit code {@code NAME.code} (absent: 0).
 *
 * <p>After a deliberate change, {@code mvn test -Dtest=ReplSessionTest -Drepl.update=true}
 * rewrites the transcripts; review every changed line before committing.
 */
class ReplSessionTest {
    private static final Path DIR = Path.of("src/test/resources/repl");
    private static final boolean UPDATE = Boolean.getBoolean("repl.update");

    @TestFactory
    Stream<DynamicTest> scriptedSessions() throws IOException {
        List<Path> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            files.filter(p -> p.toString().endsWith(".session")).sorted().forEach(cases::add);
        }
        assertFalse(cases.isEmpty(), "no sessions under " + DIR);
        return cases.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check(p)));
    }

    private static void check(Path session) throws IOException {
        String base = session.toString().substring(0, session.toString().length() - ".session".length());
        Run r = run(Files.readString(session));
        Path transcript = Path.of(base + ".transcript"), codeFile = Path.of(base + ".code");
        if (UPDATE) {
            Files.writeString(transcript, r.text);
            if (r.code != 0) Files.writeString(codeFile, r.code + "\n");
            else Files.deleteIfExists(codeFile);
            return;
        }
        int expectedCode = Files.exists(codeFile) ? Integer.parseInt(Files.readString(codeFile).trim()) : 0;
        assertEquals(Files.readString(transcript), r.text, "transcript of " + session);
        assertEquals(expectedCode, r.code, "exit code of " + session);
    }

    record Run(String text, int code) {}

    static Run run(String input, String... extraArgs) {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        String[] args = new String[extraArgs.length + 1];
        args[0] = "repl";
        System.arraycopy(extraArgs, 0, args, 1, extraArgs.length);
        int code;
        try (PrintStream s = new PrintStream(both, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), s, s, false);
        }
        return new Run(both.toString(StandardCharsets.UTF_8), code);
    }

    /**
     * 200 malformed lines of many kinds, then a correct one: each bad line gets exactly one
     * diagnostic (so none swallowed the next), nothing crashes, and the last line is answered.
     */
    @Test
    void twoHundredMalformedLinesThenAnAnswer() {
        String[] kinds = {
            "1 +* 2", ")", "]]", "}", "x = = 3", "@@@", "3 4 5", "\"unterminated", "print", "for in { }",
            "network N", "[1 2; 3]", "1 / 0 +", "$%&", "softmax(1, 2, 3, 4)", "undefined_name",
            "Conv2d(3)", "1 ^^ 2", "[1, 2] @ [3, 4]", "if { }", "\u0000\u0001\u0002", "import", "..", "= 5",
            "zeros(-1, 2)", "\u00ff\u00fe garbage \u2603", "eye(\"a\")", "a b c d", "(,)", "3 +",
        };
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < 200; i++) in.append(kinds[i % kinds.length]).append('\n');
        in.append("6 * 7\n");
        Run r = run(in.toString());
        int inputs = countInputs(kinds, 200);
        for (int n = 1; n <= inputs; n++) {
            assertTrue(r.text.contains("--> <input " + n + ">:"), "no diagnostic for input " + n + " in\n" + r.text);
        }
        assertFalse(r.text.contains("<input " + (inputs + 2) + ">"), r.text);
        assertTrue(r.text.endsWith("6 * 7 = 42\n"), r.text.substring(Math.max(0, r.text.length() - 500)));
        assertFalse(r.text.contains("internal error"), "an internal error escaped");
        assertFalse(r.text.contains("Exception"), "a Java exception escaped");
        assertEquals(1, r.code);
    }

    /**
     * The inputs the bad lines form: a line ending in an operator ("3 +", "1 / 0 +", "@@@")
     * takes the next line with it; every other line is an input of its own.
     */
    private static int countInputs(String[] kinds, int lines) {
        int inputs = 0;
        for (int i = 0; i < lines; i++) {
            inputs++;
            String k = kinds[i % kinds.length];
            if (k.endsWith("+") || k.endsWith("@")) i++;
        }
        return inputs;
    }

    @Test
    void optionsOfTheCommandLineApplyToTheSession() {
        Run text = run("x = 1/3\nx\n", "--precision", "3");
        assertEquals("x = 0.333\n", text.text);           // 1/3 to 3 significant digits
        Run json = run("print \"hi\"\n", "--format", "json");
        assertEquals("{\"kind\":\"print\",\"text\":\"hi\"}\n", json.text);
        Run bad = run("1\n", "--precision", "0");
        assertEquals(2, bad.code);
    }
}
