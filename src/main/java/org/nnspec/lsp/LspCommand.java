package org.nnspec.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * {@code nnspec lsp}: the language server on standard input and output until the client
 * sends {@code exit} or closes its end. Standard output carries only the protocol: anything
 * else that would print there goes to standard error, and LSP4J's log becomes one line per
 * problem there, never a stack trace.
 */
public final class LspCommand {
    /** The analysis time limit when {@code --max-time} is not given. */
    public static final long DEFAULT_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static volatile PrintStream log = System.err;
    /** Held here: java.util.logging keeps its loggers weakly, and would forget the handler set below. */
    private static final Logger LSP4J = Logger.getLogger("org.eclipse.lsp4j");

    private LspCommand() {}

    /**
     * Serves one client; returns the exit code (0 after shutdown and exit, or when the client
     * closed the stream). {@code version} is nnspec's, which the server tells the client.
     */
    public static int run(InputStream in, OutputStream out, PrintStream err, long limitNanos, String version) {
        log = err;
        System.setOut(err);
        quietLsp4j();
        NnspecServer server = new NnspecServer(limitNanos > 0 ? limitNanos : DEFAULT_LIMIT_NANOS, version);
        Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, out);
        server.connect(launcher.getRemoteProxy());
        Future<Void> listening = launcher.startListening();
        CompletableFuture<Object> ended = CompletableFuture.anyOf(server.exited(), CompletableFuture.runAsync(() -> {
            try {
                listening.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                // the stream ended badly: the client is gone all the same
            }
        }));
        int code;
        try {
            Object result = ended.get();
            code = result instanceof Integer c ? c : 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = 1;
        } catch (ExecutionException e) {
            code = 1;
        }
        listening.cancel(true);
        server.stop();
        return code;
    }

    /** One line on standard error (the editor's output panel). */
    static void log(String message) {
        log.println("nnspec lsp: " + message);
        log.flush();
    }

    /** LSP4J logs a bad message with its stack trace: here it becomes one line. */
    private static void quietLsp4j() {
        LSP4J.setUseParentHandlers(false);
        for (Handler h : LSP4J.getHandlers()) LSP4J.removeHandler(h);
        LSP4J.addHandler(new Handler() {
            @Override public void publish(LogRecord r) {
                if (r.getLevel().intValue() < Level.WARNING.intValue()) return;
                String message = r.getMessage();
                Throwable t = r.getThrown();
                log((message == null ? "" : message) + (t == null ? "" : " (" + t.getClass().getSimpleName()
                        + (t.getMessage() == null ? "" : ": " + t.getMessage().lines().findFirst().orElse("")) + ")"));
            }
            @Override public void flush() { log.flush(); }
            @Override public void close() {}
        });
    }

}
