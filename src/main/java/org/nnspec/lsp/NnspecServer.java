package org.nnspec.lsp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * nnspec's language server (docs/language.md section 16): full-document sync, diagnostics,
 * hover, completion, go to definition and document symbols. {@link LspCommand} connects it to
 * standard input and output; tests connect it to pipes.
 */
public final class NnspecServer implements LanguageServer, LanguageClientAware {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "nnspec-lsp-timer");
        t.setDaemon(true);
        return t;
    });
    private final Analyzer analyzer;
    private final DocumentService documents;
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private volatile boolean shutDown;

    private final String version;

    /**
     * @param limitNanos how long the analysis of one version of a document may run
     * @param version nnspec's version, told to the client
     */
    public NnspecServer(long limitNanos, String version) {
        this.version = version;
        analyzer = new Analyzer(limitNanos, timer);
        documents = new DocumentService(analyzer, timer);
    }

    @Override
    public void connect(LanguageClient client) { documents.connect(client); }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        ServerCapabilities c = new ServerCapabilities();
        c.setTextDocumentSync(TextDocumentSyncKind.Full);
        c.setHoverProvider(true);
        c.setCompletionProvider(new CompletionOptions(false, java.util.List.of()));
        c.setDefinitionProvider(true);
        c.setDocumentSymbolProvider(true);
        return CompletableFuture.completedFuture(new InitializeResult(c, new ServerInfo("nnspec", version)));
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutDown = true;
        return CompletableFuture.completedFuture(null);
    }

    /** The exit code LSP asks for: 0 after a shutdown request, 1 without one. */
    @Override
    public void exit() {
        exited.complete(shutDown ? 0 : 1);
    }

    /** Completed with the exit code when the client sends {@code exit}. */
    CompletableFuture<Integer> exited() { return exited; }

    /** How many analyses have run so far (for tests: the work a burst of changes costs). */
    int analysesRun() { return analyzer.runs(); }

    /** Stops the server's threads. */
    void stop() {
        timer.shutdownNow();
        analyzer.shutdown();
    }

    @Override
    public TextDocumentService getTextDocumentService() { return documents; }

    @Override
    public WorkspaceService getWorkspaceService() {
        return new WorkspaceService() {
            @Override public void didChangeConfiguration(DidChangeConfigurationParams params) {}
            @Override public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {}
        };
    }
}
