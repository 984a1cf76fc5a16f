package org.nnspec.lsp;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * The server and a client, connected in-process through two pipes with LSP4J's own launchers,
 * so every request and notification crosses the protocol as JSON, as from an editor.
 */
final class LspSession implements AutoCloseable {
    final LanguageServer server;
    final InitializeResult capabilities;
    private final NnspecServer impl;
    private final Future<Void> serverListening, clientListening;
    private final LinkedBlockingQueue<PublishDiagnosticsParams> published = new LinkedBlockingQueue<>();

    LspSession(long limitNanos) throws Exception {
        Pipe toServer = Pipe.open(), toClient = Pipe.open();
        impl = new NnspecServer(limitNanos, "0.0-test");
        Launcher<LanguageClient> s = LSPLauncher.createServerLauncher(impl, Channels.newInputStream(toServer.source()),
                Channels.newOutputStream(toClient.sink()));
        impl.connect(s.getRemoteProxy());
        serverListening = s.startListening();
        Launcher<LanguageServer> c = LSPLauncher.createClientLauncher(new Client(), Channels.newInputStream(toClient.source()),
                Channels.newOutputStream(toServer.sink()));
        clientListening = c.startListening();
        server = c.getRemoteProxy();
        capabilities = server.initialize(new InitializeParams()).get(20, TimeUnit.SECONDS);
        server.initialized(new InitializedParams());
    }

    void open(String uri, String text) {
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "nnspec", 1, text)));
    }

    void change(String uri, int version, String text) {
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(new VersionedTextDocumentIdentifier(uri, version),
                List.of(new TextDocumentContentChangeEvent(text))));
    }

    /** The diagnostics published for version {@code version} of {@code uri}; fails after a while without them. */
    PublishDiagnosticsParams diagnostics(String uri, int version) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < end) {
            PublishDiagnosticsParams p = published.poll(100, TimeUnit.MILLISECONDS);
            if (p != null && p.getUri().equals(uri) && p.getVersion() != null && p.getVersion() == version) return p;
        }
        throw new AssertionError("no diagnostics for version " + version + " of " + uri);
    }

    /** How many analyses the server has run so far. */
    int analysesRun() { return impl.analysesRun(); }

    static TextDocumentIdentifier doc(String uri) { return new TextDocumentIdentifier(uri); }

    static Position at(int line, int character) { return new Position(line, character); }

    @Override
    public void close() throws Exception {
        try {
            server.shutdown().get(10, TimeUnit.SECONDS);
            server.exit();
            impl.exited().get(10, TimeUnit.SECONDS);
        } finally {
            impl.stop();
            serverListening.cancel(true);
            clientListening.cancel(true);
        }
    }

    private final class Client implements LanguageClient {
        @Override public void telemetryEvent(Object object) {}
        @Override public void publishDiagnostics(PublishDiagnosticsParams diagnostics) { published.add(diagnostics); }
        @Override public void showMessage(MessageParams messageParams) {}
        @Override public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
            return CompletableFuture.completedFuture(null);
        }
        @Override public void logMessage(MessageParams message) {}
    }
}
