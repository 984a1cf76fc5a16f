package org.nnspec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.nnspec.cli.Main;

/**
 * Golden files: every {@code .nnspec} under {@code src/test/resources/golden/} and in
 * {@code examples/} runs through the CLI in-process; standard output, standard error and the
 * exit code must equal {@code case.out}, {@code case.err} (absent: empty) and {@code case.code}
 * (absent: 0 when no error output is expected, else 1). Extra command-line arguments go in
 * {@code case.args}, standard input in {@code case.stdin}.
 *
 * <p>After a deliberate change, {@code mvn test -Dtest=GoldenTest -Dgolden.update=true}
 * rewrites the expected files; review the diff before committing it.
 */
class GoldenTest {
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    Stream<DynamicTest> goldenFiles() throws IOException {
        // attention/plot writes this file and says whether it replaced one: it never does here
        Files.deleteIfExists(Path.of("target/golden-plot.svg"));
        List<Path> cases = new ArrayList<>();
        for (String root : new String[] {"src/test/resources/golden", "examples"}) {
            Path dir = Path.of(root);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.toString().endsWith(".nnspec")).sorted().forEach(cases::add);
            }
        }
        return cases.stream().map(p -> DynamicTest.dynamicTest(p.toString(), () -> check(p)));
    }

    private static void check(Path file) throws IOException {
        String base = file.toString().substring(0, file.toString().length() - ".nnspec".length());
        List<String> args = new ArrayList<>();
        Path argsFile = Path.of(base + ".args");
        if (Files.exists(argsFile)) {
            String text = Files.readString(argsFile).trim();
            if (!text.isEmpty()) args.addAll(Arrays.asList(text.split("\\s+")));
        }
        if (!args.contains("-")) args.add(file.toString());
        Path stdinFile = Path.of(base + ".stdin");
        InputStream in = Files.exists(stdinFile) ? Files.newInputStream(stdinFile) : new ByteArrayInputStream(new byte[0]);
        Run r = run(in, args.toArray(new String[0]));

        Path outFile = Path.of(base + ".out"), errFile = Path.of(base + ".err"), codeFile = Path.of(base + ".code");
        if (UPDATE) {
            write(outFile, r.out);
            write(errFile, r.err);
            int implied = r.err.isEmpty() ? 0 : 1;
            if (r.code != implied) Files.writeString(codeFile, r.code + "\n");
            else Files.deleteIfExists(codeFile);
            return;
        }
        String expectedOut = read(outFile), expectedErr = read(errFile);
        int expectedCode = Files.exists(codeFile) ? Integer.parseInt(Files.readString(codeFile).trim())
                : expectedErr.isEmpty() ? 0 : 1;
        assertEquals(expectedOut, r.out, "standard output of " + file);
        assertEquals(expectedErr, r.err, "standard error of " + file);
        assertEquals(expectedCode, r.code, "exit code of " + file);
    }

    record Run(String out, String err, int code) {}

    static Run run(InputStream in, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, in, o, e, false);
        }
        return new Run(out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"),
                err.toString(StandardCharsets.UTF_8).replace("\r\n", "\n"), code);
    }

    private static String read(Path p) throws IOException {
        return Files.exists(p) ? Files.readString(p).replace("\r\n", "\n") : "";
    }

    private static void write(Path p, String content) throws IOException {
        if (content.isEmpty()) Files.deleteIfExists(p);
        else Files.writeString(p, content);
    }
}
