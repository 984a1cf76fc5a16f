package org.nnspec.lsp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.TextDocumentService;

/**
 * The open documents (full-document sync): each change is analysed after a pause in typing
 * and its diagnostics published; hover, completion, definition and symbols answer from the
 * analysis of the current text, waiting for it when it is on its way. A request never fails
 * because of what the document says: at worst it answers with nothing.
 */
final class DocumentService implements TextDocumentService {
    /** The pause in typing after which a changed document is analysed. */
    static final long DEBOUNCE_MILLIS = 250;

    private final Map<String, Document> documents = new ConcurrentHashMap<>();
    private final Analyzer analyzer;
    private final ScheduledExecutorService timer;
    private volatile LanguageClient client;

    DocumentService(Analyzer analyzer, ScheduledExecutorService timer) {
        this.analyzer = analyzer;
        this.timer = timer;
    }

    void connect(LanguageClient client) { this.client = client; }

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        var item = params.getTextDocument();
        Document doc = new Document(item.getUri(), item.getText() == null ? "" : item.getText(), item.getVersion());
        Document old = documents.put(doc.uri, doc);
        if (old != null) old.cancel();
        schedule(doc, 0);
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        Document doc = documents.get(params.getTextDocument().getUri());
        List<TextDocumentContentChangeEvent> changes = params.getContentChanges();
        if (doc == null || changes == null || changes.isEmpty()) return;
        // full sync: the last change is the whole text
        String text = changes.get(changes.size() - 1).getText();
        Integer version = params.getTextDocument().getVersion();
        doc.update(text == null ? "" : text, version == null ? doc.version() + 1 : version);
        schedule(doc, DEBOUNCE_MILLIS);
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        Document doc = documents.remove(params.getTextDocument().getUri());
        if (doc == null) return;
        doc.cancel();
        LanguageClient c = client;
        if (c != null) c.publishDiagnostics(new PublishDiagnosticsParams(doc.uri, List.of()));
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
        // another open file may import the one saved: analyse them all again
        for (Document doc : documents.values()) schedule(doc, DEBOUNCE_MILLIS);
    }

    private void schedule(Document doc, long delayMillis) {
        synchronized (doc) {
            long ticket = doc.nextTicket();
            doc.schedule(timer.schedule(() -> analyse(doc, ticket), delayMillis, TimeUnit.MILLISECONDS));
        }
    }

    /**
     * Queues the analysis of {@code doc}; the text is read when the worker comes to it, and
     * not at all when a later change or save has scheduled another since ({@code ticket} is no
     * longer the document's last) or the document was closed, so changes that arrive while a
     * slow file is analysed are analysed once, not one after another.
     */
    private void analyse(Document doc, long ticket) {
        analyzer.analyze(() -> {
            if (documents.get(doc.uri) != doc) return null;
            synchronized (doc) {
                return doc.ticket() != ticket ? null : new Analyzer.Job(doc.version(), doc.text(), doc.name(), doc.path);
            }
        }).thenAccept(a -> {
            if (a == null || !doc.finished(a) || documents.get(doc.uri) != doc) return;
            LanguageClient c = client;
            if (c == null) return;
            try {
                c.publishDiagnostics(new PublishDiagnosticsParams(doc.uri, Publisher.of(a, doc.uri), a.version()));
            } catch (RuntimeException e) {
                LspCommand.log("could not publish the diagnostics of " + doc.uri + ": " + e);
            }
        });
    }

    /**
     * Answers from the analysis of the current text when it has a syntax tree, else from the
     * last one that had (the text being typed does not parse yet); null without a document.
     * A question about a place ({@code at} not null: hover, definition) takes the older
     * analysis only when its text is the same up to the end of that place's line, as its
     * positions are then this text's; else it is asked of the current analysis, which has no
     * syntax tree (a hover then shows only the catalog's entry for the word).
     */
    private <T> CompletableFuture<T> answer(String uri, T nothing, Position at, Function<Analysis, T> question) {
        Document doc = documents.get(uri);
        if (doc == null) return CompletableFuture.completedFuture(nothing);
        long wait = analyzer.limitNanos() + TimeUnit.SECONDS.toNanos(2);
        return doc.current(wait).thenApply(a -> {
            Analysis use = a != null && a.program() != null ? a : doc.lastParsed();
            if (use == null || a != null && use != a && at != null && !sameUpTo(a.text(), use.text(), at.getLine())) use = a;
            if (use == null) return nothing;
            try {
                T answer = question.apply(use);
                return answer == null ? nothing : answer;
            } catch (RuntimeException | StackOverflowError e) {
                LspCommand.log("could not answer about " + uri + ": " + e);
                return nothing;
            }
        });
    }

    /** Whether the two texts are the same from their start to the end of 0-based line {@code line}. */
    static boolean sameUpTo(String a, String b, int line) {
        int end = 0;
        for (int i = 0; i <= line; i++) {
            int nl = a.indexOf('\n', end);
            if (nl < 0) return b.regionMatches(0, a, 0, a.length()) && lineEnds(b, a.length());
            end = nl + 1;
        }
        return b.regionMatches(0, a, 0, end);
    }

    /** Whether {@code text}'s line ends at {@code at} (the text ends there, or a line break follows). */
    private static boolean lineEnds(String text, int at) {
        return at == text.length() || text.charAt(at) == '\n' || text.charAt(at) == '\r';
    }

    private static Outline outline(Analysis a) {
        return a.program() == null ? null : new Outline(a.program());
    }

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
        return answer(params.getTextDocument().getUri(), null, params.getPosition(), a -> Hovers.at(a, outline(a), params.getPosition()));
    }

    @Override
    public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
        String uri = params.getTextDocument().getUri();
        return answer(uri, Either.forLeft(Completions.at(null, null, 0, 0)), null, a -> {
            int[] lc = Positions.lineColumn(a.file(), params.getPosition());
            return Either.forLeft(Completions.at(a, outline(a), lc[0], lc[1]));
        });
    }

    @Override
    public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(DefinitionParams params) {
        String uri = params.getTextDocument().getUri();
        return answer(uri, Either.forLeft(List.of()), params.getPosition(), a -> Either.forLeft(Definitions.at(a, outline(a), uri, params.getPosition())));
    }

    @Override
    public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(DocumentSymbolParams params) {
        return answer(params.getTextDocument().getUri(), List.of(), null, a -> {
            if (a.program() == null) return List.of();
            List<Either<SymbolInformation, DocumentSymbol>> out = new java.util.ArrayList<>();
            for (DocumentSymbol s : Symbols.of(a.program())) out.add(Either.forRight(s));
            return out;
        });
    }
}
