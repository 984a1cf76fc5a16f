package org.nnspec.robust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Issue 8's property, checked on many inputs: every program, however broken, ends with exit 0,
 * or exit 1 and a located diagnostic; no Java exception text; within {@link CliProbe#LIMIT_MILLIS}.
 *
 * <p>Two sources of inputs: programs generated from the grammar ({@link ProgramGenerator}), and
 * mutations ({@link Mutator}) of every example, golden file and fuzz seed. Each runs through the
 * command line in-process, with no options, {@code --explain}, {@code --format json} or
 * {@code check}.
 *
 * <p>The number of tries per property comes from {@code jqwik.tries.default} (1000 in
 * src/test/resources/junit-platform.properties, about 5-15 s). A long run:
 * {@code scripts/fuzz.sh 200000} (or {@code mvn test -Dtest=FuzzTest -Djqwik.tries.default=200000
 * -Dfuzz.collect=true}); with {@code fuzz.collect} violations are saved under
 * {@code target/fuzz/failures/} and the run goes on instead of stopping and shrinking at the
 * first. The summary goes to {@code target/fuzz/report.txt}.
 */
class FuzzTest {
    private static final boolean COLLECT = Boolean.getBoolean("fuzz.collect");
    private static final List<Path> SEEDS = seedFiles();
    /** Where the sandboxed runs may write their plots (plot is left as it is in them). */
    private static final Path SANDBOX_OUT = sandboxOut();
    private static final List<String> SANDBOX = List.of("--sandbox", "--out", SANDBOX_OUT.toString());
    private static final List<List<String>> OPTIONS = List.of(
            List.of(), List.of(), List.of(), List.of("--explain"), List.of("--format", "json"), List.of("check"), SANDBOX);

    private static Path sandboxOut() {
        try {
            Path dir = Files.createTempDirectory("nnspec-fuzz-sandbox");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One input: how it was made (to reproduce it), its bytes and the command-line options. */
    record Case(String kind, String made, byte[] program, List<String> options) {
        @Override
        public String toString() {
            String text = new String(program, StandardCharsets.UTF_8);
            if (text.length() > 3000) text = text.substring(0, 3000) + "…(" + text.length() + " chars)";
            return kind + " " + made + " options " + options + "\n---\n" + text + "\n---";
        }
    }

    @Property(shrinking = ShrinkingMode.BOUNDED)
    void generatedProgramsNeverBreakTheTool(@ForAll("generated") Case c) {
        check(c);
    }

    @Property(shrinking = ShrinkingMode.BOUNDED)
    void mutatedFilesNeverBreakTheTool(@ForAll("mutated") Case c) {
        check(c);
    }

    @Provide
    Arbitrary<Case> generated() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(1, 30), Arbitraries.of(OPTIONS))
                .as((seed, size, options) -> {
                    String program = new ProgramGenerator(new Random(seed), size).program();
                    return new Case("generated", "seed " + seed + " size " + size, program.getBytes(StandardCharsets.UTF_8), options);
                });
    }

    @Provide
    Arbitrary<Case> mutated() {
        return Combinators.combine(Arbitraries.of(SEEDS), Arbitraries.longs().list().ofMinSize(1).ofMaxSize(6), Arbitraries.of(OPTIONS))
                .as((file, seeds, options) -> new Case("mutated", file + " mutations " + seeds,
                        Mutator.mutate(read(file), seeds), options));
    }

    private static void check(Case c) {
        // a plain run's plot could name any file this process may write; the sandbox's cannot
        byte[] program = c.options().equals(SANDBOX) ? c.program() : harmless(c.program());
        CliProbe.Outcome o = CliProbe.run(program, c.options().toArray(new String[0]));
        FuzzStats.record(c.kind(), o);
        if (o.violation() == null) return;
        Path saved = FuzzStats.saveFailure(c.program(), c.toString(), o.violation());
        String report = o.violation() + " (saved as " + saved + ")\nexit " + o.code() + "\nstderr:\n" + clip(o.err())
                + "\nstdout:\n" + clip(o.out());
        if (COLLECT) {
            System.out.println("VIOLATION " + report + "\n" + c);
        } else {
            throw new AssertionError(report);
        }
    }

    /**
     * The input with every {@code plot} renamed {@code plo_t}: plot writes the file it is given,
     * and a mutated path could name any file this process may write.
     */
    static byte[] harmless(byte[] program) {
        String text = new String(program, StandardCharsets.ISO_8859_1);
        if (!text.contains("plot")) return program;
        return text.replace("plot", "plo_t").getBytes(StandardCharsets.ISO_8859_1);
    }

    @AfterContainer
    static void writeReport() {
        try (Stream<Path> plots = Files.list(SANDBOX_OUT)) {
            plots.forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
        FuzzStats.write();
        System.out.print(FuzzStats.summary());
    }

    private static String clip(String s) {
        return s.length() > 2000 ? s.substring(0, 2000) + "…" : s;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // a deliberately non-UTF-8 golden file: mutate its bytes as Latin-1 text
            try {
                return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
            } catch (IOException e2) {
                throw new UncheckedIOException(e2);
            }
        }
    }

    private static List<Path> seedFiles() {
        List<Path> out = new ArrayList<>();
        for (String root : new String[] {"src/test/resources/golden", "src/test/resources/fuzz", "examples"}) {
            Path dir = Path.of(root);
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(p -> p.toString().endsWith(".nnspec")).sorted().forEach(out::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (out.isEmpty()) throw new IllegalStateException("no seed files found: run from the project directory");
        return out;
    }
}
