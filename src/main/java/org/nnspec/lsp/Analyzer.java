package org.nnspec.lsp;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.nnspec.ast.Program;
import org.nnspec.ast.Stmt;
import org.nnspec.diag.Diagnostic;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.SourceFile;
import org.nnspec.diag.SourceLoader;
import org.nnspec.diag.Span;
import org.nnspec.eval.EditorQueries;
import org.nnspec.eval.Interpreter;
import org.nnspec.eval.Output;
import org.nnspec.eval.RunPolicy;
import org.nnspec.eval.StopReason;
import org.nnspec.eval.Value;
import org.nnspec.nn.Network;
import org.nnspec.syntax.Parser;

/**
 * Runs a document's text as {@code bin/nnspec check} would, in this process: parse, then the
 * interpreter, whose results are discarded (standard output is the protocol's channel) and
 * which writes no file ({@link RunPolicy#ANALYSIS}). A run is asked to stop at the time limit
 * through the interpreter's own stop request; one that reaches no check soon after is left
 * to finish on its own thread, its analysis reported as stopped, and later analyses go to a
 * fresh thread, so the server keeps answering.
 */
final class Analyzer {
    /** How long after the stop request a run may take to reach a check before it is abandoned. */
    private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** A few builds of one network are kept for hover (a network built with several arguments). */
    private static final int BUILDS_KEPT = 4;
    private static final long STACK_BYTES = 1L << 30;

    private final long limitNanos;
    private final ScheduledExecutorService timer;
    private ExecutorService worker = newWorker();
    private volatile boolean stopped;
    private final AtomicInteger runs = new AtomicInteger();

    Analyzer(long limitNanos, ScheduledExecutorService timer) {
        this.limitNanos = limitNanos;
        this.timer = timer;
    }

    long limitNanos() { return limitNanos; }

    /** What to analyse: version {@code version} of a document, its text, its name and its path (null when it has none). */
    record Job(int version, String text, String name, Path path) {}

    /**
     * The analysis of the job {@code next} gives when the worker comes to it, or null when it
     * gives none (the document changed again or closed while earlier analyses ran: the
     * analysis of its newer text is on its way, and this one would be wasted).
     */
    CompletableFuture<Analysis> analyze(Supplier<Job> next) {
        CompletableFuture<Analysis> result = new CompletableFuture<>();
        AtomicReference<Interpreter> running = new AtomicReference<>();
        Runnable task = () -> {
            Job job;
            try {
                job = next.get();
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            if (job == null) {
                result.complete(null);
                return;
            }
            runs.incrementAndGet();
            // the worker running this task: the old one's queue moves to a fresh one when it is abandoned
            ExecutorService on = currentWorker();
            var stop = timer.schedule(() -> {
                Interpreter i = running.get();
                if (i != null) i.requestStop(StopReason.ANALYSIS_TIME_LIMIT);
            }, limitNanos, TimeUnit.NANOSECONDS);
            var abandon = timer.schedule(() -> abandon(on, result, job, running.get()), limitNanos + GRACE_NANOS, TimeUnit.NANOSECONDS);
            try {
                result.complete(run(job, running));
            } catch (StackOverflowError e) {
                result.complete(failed(job, "this file is nested too deeply to analyse"));
            } catch (RuntimeException | Error e) {
                result.complete(failed(job, "internal error while analysing this file ("
                        + e.getClass().getSimpleName() + "); please report it"));
            } finally {
                stop.cancel(false);
                abandon.cancel(false);
            }
        };
        while (true) {
            try {
                currentWorker().execute(task);
                return result;
            } catch (RejectedExecutionException e) {
                // the worker was abandoned just now: its successor takes the task
                if (stopped) return CompletableFuture.completedFuture(null);
            }
        }
    }

    /** How many analyses have run (a test's count of the work done). */
    int runs() { return runs.get(); }

    private Analysis run(Job job, AtomicReference<Interpreter> running) {
        int version = job.version();
        String text = job.text();
        SourceFile file = new SourceFile(job.name(), text);
        if (text.length() > SourceLoader.MAX_BYTES || text.getBytes(StandardCharsets.UTF_8).length > SourceLoader.MAX_BYTES) {
            return Analysis.failed(version, text, file, List.of(Diagnostic.error(new Span(file, 1, 1, 1, 1),
                    "this file is larger than " + (SourceLoader.MAX_BYTES >> 20) + " MiB: it is not analysed", null)), false);
        }
        Diagnostics diags = new Diagnostics();
        Program program = Parser.parse(file, diags);
        if (program == null) return Analysis.failed(version, text, file, diags.all(), false);
        Interpreter interpreter = new Interpreter(DISCARD, diags, SourceLoader::forImport);
        interpreter.setPolicy(RunPolicy.ANALYSIS);
        Map<Stmt.NetworkDef, List<Network>> networks = new IdentityHashMap<>();
        interpreter.onNetworkBuilt((def, network) -> {
            List<Network> builds = networks.computeIfAbsent(def, d -> new ArrayList<>());
            if (builds.size() < BUILDS_KEPT) builds.add(network);
        });
        running.set(interpreter);
        interpreter.run(program, job.path());
        boolean stopped = false;
        for (Diagnostic d : diags.all()) stopped |= d.message().equals(StopReason.ANALYSIS_TIME_LIMIT.message);
        if (!stopped) {
            // the networks nobody evaluated: their shapes for hover, their errors kept quiet as the command line keeps them
            EditorQueries.buildTheRest(interpreter, networks.keySet()).forEach((def, n) -> networks.put(def, List.of(n)));
        }
        Map<Stmt.NetworkDef, List<Network>> kept = new LinkedHashMap<>();
        networks.forEach((def, builds) -> kept.put(def, List.copyOf(builds)));
        return new Analysis(version, text, file, program, diags.all(), interpreter.globals(), kept, stopped);
    }

    /**
     * A run that reached no check within the grace after its stop request: its analysis says it
     * was stopped (at the statement running, when known), and this worker is left to it.
     */
    private void abandon(ExecutorService on, CompletableFuture<Analysis> result, Job job, Interpreter interpreter) {
        if (result.isDone()) return;
        Span at = interpreter == null ? null : interpreter.runningStatement();
        // a statement of an imported file: the document's own start (its positions are not this text's)
        if (at != null && (at.isNone() || !at.file().name().equals(job.name()))) at = null;
        SourceFile file = at == null ? new SourceFile(job.name(), job.text()) : at.file();
        Span where = at == null ? new Span(file, 1, 1, 1, 1) : at;
        result.complete(Analysis.failed(job.version(), job.text(), file,
                List.of(Diagnostic.error(where, StopReason.ANALYSIS_TIME_LIMIT.message, StopReason.ANALYSIS_TIME_LIMIT.help)), true));
        synchronized (this) {
            if (worker == on) {
                worker = newWorker();
                // analyses queued behind the stuck one move to the fresh thread
                for (Runnable queued : on.shutdownNow()) worker.execute(queued);
            }
        }
    }

    private synchronized ExecutorService currentWorker() { return worker; }

    private static Analysis failed(Job job, String message) {
        SourceFile file = new SourceFile(job.name(), job.text());
        return Analysis.failed(job.version(), job.text(), file, List.of(Diagnostic.error(new Span(file, 1, 1, 1, 1), message, null)), false);
    }

    /** One thread, with a stack as deep as the command line's, so deep nesting ends in a diagnostic. */
    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(null, r, "nnspec-analysis", STACK_BYTES);
            t.setDaemon(true);
            return t;
        });
    }

    void shutdown() {
        stopped = true;
        currentWorker().shutdownNow();
    }

    /** Results and notes go nowhere: diagnostics reach the editor through the run's collector. */
    private static final Output DISCARD = new Output() {
        @Override public void value(String label, Value v) {}
        @Override public void print(List<Value> values) {}
        @Override public void explain(String label, Value v, String work) {}
        @Override public void note(String text) {}
        @Override public void diagnostic(Diagnostic d) {}
        @Override public void flush() {}
    };
}
