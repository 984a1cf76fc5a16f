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
import java.util.concurrent.TimeUnit;
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

    Analyzer(long limitNanos, ScheduledExecutorService timer) {
        this.limitNanos = limitNanos;
        this.timer = timer;
    }

    long limitNanos() { return limitNanos; }

    /** The analysis of {@code text} (version {@code version} of the document at {@code path}, null when it has none). */
    CompletableFuture<Analysis> analyze(int version, String text, String name, Path path) {
        CompletableFuture<Analysis> result = new CompletableFuture<>();
        Interpreter[] running = new Interpreter[1];
        ExecutorService on = currentWorker();
        on.execute(() -> {
            var stop = timer.schedule(() -> {
                Interpreter i = running[0];
                if (i != null) i.requestStop(StopReason.ANALYSIS_TIME_LIMIT);
            }, limitNanos, TimeUnit.NANOSECONDS);
            var abandon = timer.schedule(() -> abandon(on, result, version, text, name, running[0]),
                    limitNanos + GRACE_NANOS, TimeUnit.NANOSECONDS);
            try {
                result.complete(run(version, text, name, path, running));
            } catch (StackOverflowError e) {
                result.complete(failed(version, text, name, "this file is nested too deeply to analyse"));
            } catch (RuntimeException | OutOfMemoryError e) {
                result.complete(failed(version, text, name, "internal error while analysing this file ("
                        + e.getClass().getSimpleName() + "); please report it"));
            } finally {
                stop.cancel(false);
                abandon.cancel(false);
            }
        });
        return result;
    }

    private Analysis run(int version, String text, String name, Path path, Interpreter[] running) {
        SourceFile file = new SourceFile(name, text);
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
        running[0] = interpreter;
        interpreter.run(program, path);
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
    private void abandon(ExecutorService on, CompletableFuture<Analysis> result, int version, String text, String name,
                         Interpreter interpreter) {
        if (result.isDone()) return;
        Span at = interpreter == null ? null : interpreter.runningStatement();
        SourceFile file = at == null ? new SourceFile(name, text) : at.file();
        Span where = at == null ? new Span(file, 1, 1, 1, 1) : at;
        result.complete(Analysis.failed(version, text, file,
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

    private static Analysis failed(int version, String text, String name, String message) {
        SourceFile file = new SourceFile(name, text);
        return Analysis.failed(version, text, file, List.of(Diagnostic.error(new Span(file, 1, 1, 1, 1), message, null)), false);
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
