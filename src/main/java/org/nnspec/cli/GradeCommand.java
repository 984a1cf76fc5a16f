package org.nnspec.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.nnspec.eval.OutputFormat;
import org.nnspec.eval.StopReason;

/**
 * {@code nnspec grade DIR} (docs/language.md section 14): runs every {@code .nnspec} file of DIR
 * under the sandbox, each in its own JVM (so one that exhausts its memory or its time takes
 * no other down, and none can see another's state or plots), writes each file's output,
 * diagnostics and plots into a folder of its own under {@code --out}, named after the file
 * ({@code OUT/a.nnspec/output.txt}, {@code diagnostics.txt}, {@code plots/}; a file's name
 * is unique in DIR and has no '/', so no two files share one and none leads outside OUT),
 * never inside DIR, and prints one row per file.
 */
final class GradeCommand {
    /** The heap of each file's JVM. */
    static final String HEAP = "-Xmx1g";
    /** How long after --max-time a file's JVM is killed if it has not stopped itself. */
    private static final long GRACE_SECONDS = 5;

    private GradeCommand() {}

    /** One file's result: status is ok, errors, timed out, output cut or crashed. */
    record Row(String file, String status, double seconds, int errors, Path output) {}

    static int run(Main.Context context, Commands.RunOptions options, String dirName) throws Commands.UsageError {
        Path dir = Path.of(dirName);
        if (!Files.isDirectory(dir)) throw new Commands.UsageError("grade needs a folder of .nnspec files, and '" + dirName + "' is not one");
        Path realDir;
        List<Path> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            realDir = dir.toRealPath();
            entries.filter(p -> p.getFileName().toString().endsWith(".nnspec") && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted().forEach(files::add);
        } catch (IOException e) {
            context.err().println("nnspec: cannot read the folder '" + dirName + "': " + e.getMessage());
            return 2;
        }
        Path out;
        try {
            out = options.out != null ? options.out : Files.createTempDirectory("nnspec-grade-").toRealPath();
        } catch (IOException e) {
            context.err().println("nnspec: cannot make a folder for the outputs: " + e.getMessage());
            return 2;
        }
        if (out.startsWith(realDir)) {
            throw new Commands.UsageError("grade never writes inside the folder it grades: give --out a folder outside " + dirName);
        }
        if (options.out != null) {
            try (Stream<Path> there = Files.list(out)) {
                if (there.findAny().isPresent()) {
                    throw new Commands.UsageError("grade writes into an empty folder, and --out " + out + " is not empty "
                            + "(a second grading would mix with the first)");
                }
            } catch (IOException e) {
                context.err().println("nnspec: cannot read the folder " + out + ": " + e.getMessage());
                return 2;
            }
        }
        if (options.format == OutputFormat.TEXT) context.out().println("outputs in " + out);
        context.out().flush();
        long seconds = Math.max(1, (long) Math.ceil((options.maxNanos > 0 ? options.maxNanos : Commands.SANDBOX_MAX_SECONDS * 1_000_000_000L) / 1e9));
        long maxOutput = options.maxOutputBytes > 0 ? options.maxOutputBytes : Commands.SANDBOX_MAX_OUTPUT;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
        List<Future<Row>> rows = new ArrayList<>();
        List<String> passed = passedOn(options);
        for (Path f : files) rows.add(pool.submit(() -> gradeOne(f, out, seconds, maxOutput, passed)));
        pool.shutdown();
        List<Row> done = new ArrayList<>();
        try {
            for (Future<Row> r : rows) done.add(r.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 2;
        } catch (java.util.concurrent.ExecutionException e) {
            context.err().println("nnspec: grading failed: " + e.getCause());
            return 2;
        }
        if (options.format == OutputFormat.JSON) json(context, done);
        else table(context, done, files.isEmpty() ? dirName : null);
        return 0;
    }

    /**
     * The options that shape each file's own output and are passed on to its run: --precision,
     * --depth, --dtype and --explain (--format is the grading table's).
     */
    private static List<String> passedOn(Commands.RunOptions options) {
        List<String> args = new ArrayList<>();
        if (options.precision != 6) args.addAll(List.of("--precision", Integer.toString(options.precision)));
        if (options.depth != null) args.addAll(List.of("--depth", options.depth.toString()));
        if (options.dtype != org.nnspec.nn.Cost.DType.FP32) args.addAll(List.of("--dtype", options.dtype.label));
        if (options.explain) args.add("--explain");
        return args;
    }

    private static Row gradeOne(Path file, Path out, long seconds, long maxOutput, List<String> passed) throws IOException {
        String name = file.getFileName().toString();
        Path own = Files.createDirectories(out.resolve(name));
        Path plots = Files.createDirectories(own.resolve("plots"));
        Path output = own.resolve("output.txt"), diagnostics = own.resolve("diagnostics.txt");
        List<String> command = new ArrayList<>(List.of(java(), HEAP, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "run", "--sandbox", "--no-color", "--out", plots.toString(),
                "--max-time", Long.toString(seconds), "--max-output", Long.toString(maxOutput)));
        command.addAll(passed);
        command.add(file.toAbsolutePath().toString());
        // Standard error holds only nnspec's diagnostics (a program's print goes to standard
        // output), so the status and the error count are read from it, where a program cannot
        // write a line that looks like one.
        ProcessBuilder pb = new ProcessBuilder(command).directory(plots.toFile())
                .redirectOutput(output.toFile()).redirectError(diagnostics.toFile());
        long start = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close(); // no standard input
        boolean finished;
        try {
            finished = p.waitFor(seconds + GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (!finished) {
            p.destroyForcibly();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        // A diagnostic's first line is "error: MESSAGE", a message is one line (its line breaks
        // escaped), and the lines that quote the program start with a line number or spaces:
        // so only nnspec's own limit can write the line that says a limit stopped the run.
        int errors = 0;
        boolean timedOut = !finished, cut = false;
        try (java.io.BufferedReader lines = Files.newBufferedReader(diagnostics, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.startsWith("error: ")) continue;
                errors++;
                timedOut |= line.equals("error: " + StopReason.TIME_LIMIT.message);
                cut |= line.equals("error: " + StopReason.OUTPUT_LIMIT.message);
            }
        } catch (java.nio.charset.MalformedInputException e) {
            // nnspec writes UTF-8: a file that is not came from a process that broke
        }
        String status;
        if (timedOut) status = "timed out";
        else if (cut) status = "output cut";
        else if (p.exitValue() == 0) status = "ok";
        else if (p.exitValue() == 1 || p.exitValue() == 2) status = "errors";
        else status = "crashed";
        return new Row(name, status, elapsed, errors, output);
    }

    /** The java that runs this one. */
    private static String java() {
        return ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
    }

    private static void table(Main.Context context, List<Row> rows, String emptyDir) {
        if (emptyDir != null) {
            context.out().println("no .nnspec files in " + emptyDir);
            return;
        }
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"file", "status", "seconds", "errors", "output"});
        for (Row r : rows) {
            // a file's name may hold a line break or an escape sequence: one line, escaped
            cells.add(new String[] {org.nnspec.diag.ControlChars.escapeLine(r.file()), r.status(),
                    String.format(Locale.ROOT, "%.1f", r.seconds()), Integer.toString(r.errors()),
                    org.nnspec.diag.ControlChars.escapeLine(r.output().toString())});
        }
        int[] width = new int[5];
        for (String[] c : cells) for (int i = 0; i < 5; i++) width[i] = Math.max(width[i], c[i].codePointCount(0, c[i].length()));
        for (String[] c : cells) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 5; i++) {
                sb.append(c[i]);
                if (i < 4) sb.append(" ".repeat(width[i] - c[i].codePointCount(0, c[i].length()) + 2));
            }
            context.out().println(sb.toString().stripTrailing());
        }
    }

    private static void json(Main.Context context, List<Row> rows) {
        JsonFactory factory = new JsonFactory();
        for (Row r : rows) {
            StringWriter w = new StringWriter();
            try (JsonGenerator g = factory.createGenerator(w)) {
                g.writeStartObject();
                g.writeStringField("kind", "grade");
                g.writeStringField("file", r.file());
                g.writeStringField("status", r.status());
                g.writeNumberField("seconds", Math.round(r.seconds() * 1000) / 1000.0);
                g.writeNumberField("errors", r.errors());
                g.writeStringField("output", r.output().toString());
                g.writeEndObject();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            context.out().println(w);
        }
    }
}
