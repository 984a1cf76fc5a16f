import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.instrument.Instrumentation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * A Java agent for bench/phases.sh: samples the stack of nnspec's worker thread (the thread
 * named "nnspec" that org.nnspec.cli.Main runs the command on) every millisecond (the period
 * is an agent argument) and, when the JVM exits, appends to a file how long the thread spent
 * in each phase (parsing, building networks, rendering results, the rest) and under which
 * nnspec methods (the innermost org.nnspec frame of each sample, JDK and library callees
 * included).
 *
 * Samples are counted and the counts scaled to the time from the first sample to the last.
 * Thread.getStackTrace stops the thread at a safepoint, so times at the level of a method are
 * approximate (safepoint bias); phases are reliable. The sampler runs on another core and
 * adds about a tenth to a run.
 *
 * Agent arguments: the output file, then optionally ",µs" (the period, default 1000).
 */
public final class PhaseSampler {
    private PhaseSampler() {}

    /** Nanoseconds from the first sample to the last; written and read holding the lock on the phase counts. */
    private static long elapsedNanos;

    public static void premain(String args, Instrumentation ignored) {
        String[] parts = (args == null ? "" : args).split(",");
        Path out = Path.of(parts[0].isEmpty() ? "phases.txt" : parts[0]);
        long periodNanos = (parts.length > 1 ? Long.parseLong(parts[1]) : 1000) * 1000;
        Map<String, Long> phases = new HashMap<>(), methods = new HashMap<>();
        // No lambdas or method references here: linking the first ones costs milliseconds of
        // the run being measured.
        Thread sampler = new Thread(new Runnable() {
            @Override public void run() { sample(periodNanos, phases, methods); }
        }, "phase-sampler");
        sampler.setDaemon(true);
        Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
            @Override public void run() { write(out, phases, methods); }
        }));
        sampler.start();
    }

    private static void sample(long periodNanos, Map<String, Long> phases, Map<String, Long> methods) {
        Thread worker = null;
        Thread[] threads = new Thread[64];
        while (worker == null) { // Main starts its worker in the main thread group, as this one
            int n = Thread.enumerate(threads);
            for (int i = 0; i < n; i++) if (threads[i].getName().equals("nnspec")) worker = threads[i];
            if (worker == null) sleep(100_000);
        }
        // Counted, then scaled to the thread's time: weighting a sample by the time since the
        // previous one would give all of a long gap (the sampler waiting for a core) to one frame.
        long start = System.nanoTime();
        while (worker.isAlive()) {
            StackTraceElement[] stack = worker.getStackTrace();
            if (stack.length == 0) break; // ended
            synchronized (phases) {
                count(phases, phase(stack));
                for (StackTraceElement e : stack) {
                    if (e.getClassName().startsWith("org.nnspec.")) {
                        count(methods, e.getClassName() + "." + e.getMethodName());
                        break;
                    }
                }
                elapsedNanos = System.nanoTime() - start;
            }
            sleep(periodNanos);
        }
    }

    private static void count(Map<String, Long> counts, String key) {
        Long n = counts.get(key);
        counts.put(key, n == null ? 1 : n + 1);
    }

    /**
     * The phase a stack is in, from the outermost frames that decide it. The layer catalog's
     * initialisation is a phase of its own: it happens at the first network or block, which
     * is in a different phase in different files.
     */
    private static String phase(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            if (e.getClassName().equals("org.nnspec.nn.LayerCatalog") && e.getMethodName().equals("<clinit>")) return "layer catalog (first use)";
        }
        String phase = "start-up";
        for (int i = stack.length - 1; i >= 0; i--) {
            String m = stack[i].getClassName() + "." + stack[i].getMethodName();
            switch (m) {
                case "org.nnspec.cli.Runner.runOne" -> phase = "other";
                case "org.nnspec.eval.Interpreter.run" -> phase = "interpreter";
                case "org.nnspec.syntax.Parser.parse" -> { return "parse"; }
                case "org.nnspec.eval.Networks.build" -> { return "build networks"; }
                case "org.nnspec.eval.TextOutput.value", "org.nnspec.eval.TextOutput.print",
                     "org.nnspec.eval.TextOutput.explain", "org.nnspec.eval.JsonOutput.value" -> { return "render and write"; }
                default -> { }
            }
        }
        return phase;
    }

    private static void write(Path out, Map<String, Long> phases, Map<String, Long> methods) {
        StringBuilder sb = new StringBuilder("run\n");
        synchronized (phases) {
            long samples = 0;
            for (long n : phases.values()) samples += n;
            double microsPerSample = samples == 0 ? 0 : elapsedNanos / 1000.0 / samples;
            for (Map.Entry<String, Long> e : phases.entrySet()) {
                sb.append("phase\t").append(e.getKey()).append('\t').append(Math.round(e.getValue() * microsPerSample)).append('\n');
            }
            for (Map.Entry<String, Long> e : methods.entrySet()) {
                sb.append("method\t").append(e.getKey()).append('\t').append(Math.round(e.getValue() * microsPerSample)).append('\n');
            }
        }
        try {
            Files.writeString(out, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
