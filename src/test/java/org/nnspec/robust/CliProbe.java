package org.nnspec.robust;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nnspec.cli.Main;

/**
 * Runs one input through the command line in-process ({@link Main#run}) with the program on
 * standard input, under a time limit, and judges the outcome against the robustness property
 * of issue 8: exit 0; or exit 1 with at least one located diagnostic; never exit 2 (there is
 * no I/O to fail); no Java exception text anywhere; done within the limit (plus the time to
 * write what it printed, see {@link #OUTPUT_BYTES_PER_MS}).
 */
final class CliProbe {
    /** Per-input time limit. */
    static final long LIMIT_MILLIS = Long.getLong("fuzz.limit.ms", 2000);

    /** How long a run past its limit is waited for before the next input starts. */
    static final long RUNAWAY_MILLIS = 120_000;

    private static final Pattern LOCATED_TEXT = Pattern.compile("(?m)^ *--> .+:\\d+:\\d+$");
    private static final Pattern LOCATED_JSON = Pattern.compile("\"kind\":\"diagnostic\".*\"line\":\\d+,\"column\":\\d+");
    private static final Pattern MESSAGE_TEXT = Pattern.compile("(?m)^(error|warning): (.*)$");
    private static final Pattern MESSAGE_JSON = Pattern.compile("\"message\":\"((?:[^\"\\\\]|\\\\.)*+)\"");
    private static final Pattern QUOTED = Pattern.compile("(?m)^ *\\d* \\| .*$");
    /** A string or a name quoted in a message: "…" or '…' on one line. */
    private static final Pattern USER_TEXT = Pattern.compile("\"(?:[^\"\\\\\n]|\\\\.)*+\"|'[^'\n]*'");
    /** Java's voice: a stack frame, a qualified class name, "SomeException: …", our own internal-error wording. */
    private static final String[] LEAKS = {"Exception:", "Exception(", "\tat org.", "\tat java.", "internal error", "java.lang.",
        "java.util.", "java.io.", "java.nio.", "StackOverflowError", "OutOfMemoryError"};

    private static final ExecutorService POOL = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "fuzz-probe");
        t.setDaemon(true);
        return t;
    });

    private CliProbe() {}

    /** What one run did, and the violation of the property if any (null when it held). */
    record Outcome(int code, String out, String err, long millis, String violation, List<String> messages) {}

    static Outcome run(byte[] program, String... options) {
        String[] args = new String[options.length + 1];
        System.arraycopy(options, 0, args, 0, options.length);
        args[options.length] = "-";
        return runArgs(program, args);
    }

    /** Runs a whole command line ({@code stdin} is standard input); exit 2 is judged a violation. */
    static Outcome runArgs(byte[] stdin, String... args) {
        return runWithin(LIMIT_MILLIS, stdin, args);
    }

    /**
     * Like {@link #runArgs} with another time limit (for inputs that are large on purpose). A run
     * past the limit is tried once more, and only a second run past it is a violation: the limit
     * is there to catch hangs and runaway work, and on a shared 2-core machine a garbage
     * collection, a JIT compilation or another process can push an ordinary run over it once.
     */
    static Outcome runWithin(long limitMillis, byte[] stdin, String... args) {
        Outcome first = attempt(limitMillis, stdin, args);
        if (first.violation() == null || !first.violation().startsWith(SLOW)) return first;
        Outcome second = attempt(limitMillis, stdin, args);
        if (second.violation() == null || !second.violation().startsWith(SLOW)) return second;
        return new Outcome(-1, "", "", limitMillis, first.violation() + ", and again: " + second.violation(), List.of());
    }

    private static final String SLOW = "did not finish within";

    /**
     * Output that is asked for takes time to write: a run past the limit that wrote much is
     * allowed one more millisecond per 20 kB it wrote (20 MB/s; a million JSON numbers are
     * about 20 MB). A program printing an 8-million-entry matrix as JSON is busy, not hung.
     */
    static final long OUTPUT_BYTES_PER_MS = 20_000;

    private static Outcome slow(long limitMillis, String took) {
        return new Outcome(-1, "", "", limitMillis, SLOW + " " + limitMillis + " ms (" + took + ")", List.of());
    }

    private static Outcome attempt(long limitMillis, byte[] stdin, String... args) {
        boolean json = String.join(" ", args).contains("json");
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8), e = new PrintStream(err, true, StandardCharsets.UTF_8);
        long start = System.nanoTime();
        Future<Integer> f = POOL.submit(() -> Main.run(args, new ByteArrayInputStream(stdin), o, e, false));
        int code;
        try {
            code = f.get(limitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException t) {
            // Wait for it (a thread cannot be stopped): a runaway left behind would slow the next
            // inputs past the limit too. The real time goes in the report.
            String took;
            try {
                code = f.get(RUNAWAY_MILLIS, TimeUnit.MILLISECONDS);
                long ms = (System.nanoTime() - start) / 1_000_000;
                long allowed = limitMillis + (out.size() + err.size()) / OUTPUT_BYTES_PER_MS;
                took = "took " + ms + " ms, writing " + (out.size() + err.size()) + " bytes";
                if (ms > allowed) return slow(limitMillis, took);
            } catch (TimeoutException | ExecutionException x) {
                return slow(limitMillis, "still running after " + RUNAWAY_MILLIS + " ms");
            } catch (InterruptedException x) {
                Thread.currentThread().interrupt();
                return slow(limitMillis, "interrupted");
            }
        } catch (ExecutionException x) {
            return new Outcome(-1, "", "", 0, "Main.run threw " + x.getCause(), List.of());
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            return new Outcome(-1, "", "", 0, "interrupted", List.of());
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String so = out.toString(StandardCharsets.UTF_8), se = err.toString(StandardCharsets.UTF_8);
        List<String> messages = messages(se, json);
        return new Outcome(code, so, se, millis, judge(code, so, se, json, messages), messages);
    }

    private static String judge(int code, String out, String err, boolean json, List<String> messages) {
        // a quoted source line may say anything, and so may the user's strings and names that a
        // message quotes ("expected the end of the statement before the string \"…\"")
        String said = USER_TEXT.matcher(QUOTED.matcher(err).replaceAll("")).replaceAll("");
        for (String leak : LEAKS) {
            if (said.contains(leak)) return "standard error shows '" + leak.replace("\t", "\\t") + "'";
            if (out.contains(leak)) return "standard output shows '" + leak.replace("\t", "\\t") + "'";
        }
        boolean located = (json ? LOCATED_JSON : LOCATED_TEXT).matcher(err).find();
        boolean anyError = json ? err.contains("\"severity\":\"error\"") : err.lines().anyMatch(l -> l.startsWith("error: "));
        if (code == 0) return anyError ? "exit 0 although an error was reported" : null;
        if (code == 1) return located && anyError ? null : "exit 1 without a located error diagnostic";
        if (code == 2 && err.startsWith("nnspec: standard input is larger than")) return null; // the size limit is an I/O error
        return "exit code " + code + " (only 0 or 1 are right for a program on standard input)";
    }

    private static List<String> messages(String err, boolean json) {
        List<String> out = new ArrayList<>();
        Matcher m = (json ? MESSAGE_JSON : MESSAGE_TEXT).matcher(err);
        while (m.find()) out.add(normalise(json ? m.group(1) : m.group(2)));
        return out;
    }

    /** A diagnostic's message with its numbers replaced by '#', for counting distinct messages. */
    static String normalise(String message) {
        return message.replaceAll("\\d[\\d,._]*(e[+-]?\\d+)?", "#");
    }

    /** Coarser still: quoted names and characters replaced too ("there is no function '…'"). */
    static String kind(String normalised) {
        return normalised.replaceAll("'[^']*'", "'…'").replaceAll("U\\+[0-9A-F]{4,}", "U+…");
    }
}
