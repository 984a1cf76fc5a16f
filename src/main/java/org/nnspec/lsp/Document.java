package org.nnspec.lsp;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * An open document: its latest text and version, the analysis waiting to run after the
 * typing pause, and the analyses made so far. Guarded by its own lock; an analysis is only
 * read once made.
 */
final class Document {
    final String uri;
    /** The file it is, or null for a buffer with no file (imports then resolve from the working directory). */
    final Path path;
    private String text;
    private int version;
    private ScheduledFuture<?> pending;
    /** Counts the analyses scheduled: only the last one scheduled runs. */
    private long ticket;
    private Analysis latest;
    private Analysis lastParsed;
    /** Completed with the analysis of the version current when it is made. */
    private CompletableFuture<Analysis> next = new CompletableFuture<>();

    Document(String uri, String text, int version) {
        this.uri = uri;
        this.path = Uris.path(uri);
        this.text = text;
        this.version = version;
    }

    /** The name the analysis gives the file: its path, so that its imports resolve beside it. */
    String name() { return path != null ? path.toString() : "<" + uri + ">"; }

    synchronized void update(String text, int version) {
        this.text = text;
        this.version = version;
    }

    synchronized String text() { return text; }
    synchronized int version() { return version; }

    /** A new number for the analysis about to be scheduled, which makes any scheduled before it unneeded. */
    synchronized long nextTicket() { return ++ticket; }

    synchronized long ticket() { return ticket; }

    /** Replaces the analysis waiting to run; the one it replaces is cancelled. */
    synchronized void schedule(ScheduledFuture<?> task) {
        if (pending != null) pending.cancel(false);
        pending = task;
    }

    synchronized void cancel() {
        if (pending != null) pending.cancel(false);
    }

    /**
     * Records an analysis; true when it is of the current version (its diagnostics are then
     * published), false when the text has changed since (a newer analysis is on its way).
     */
    boolean finished(Analysis a) {
        CompletableFuture<Analysis> waiting;
        synchronized (this) {
            latest = a;
            if (a.program() != null) lastParsed = a;
            if (a.version() != version) return false;
            waiting = next;
            next = new CompletableFuture<>();
        }
        waiting.complete(a);
        return true;
    }

    /** The analysis of the current version, when it is made; an older one if it is late. */
    CompletableFuture<Analysis> current(long waitNanos) {
        synchronized (this) {
            if (latest != null && latest.version() == version) return CompletableFuture.completedFuture(latest);
            Analysis fallback = latest;
            return next.copy().completeOnTimeout(fallback, waitNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** The last analysis whose text parsed (the current one has syntax errors while typing), or null. */
    synchronized Analysis lastParsed() { return lastParsed; }
}
