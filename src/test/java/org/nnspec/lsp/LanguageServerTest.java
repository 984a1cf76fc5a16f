package org.nnspec.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nnspec.lsp.LspSession.at;
import static org.nnspec.lsp.LspSession.doc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The language server driven through LSP4J's client launcher (docs/language.md section 16).
 * Expected positions are counted by hand in the texts beside them; expected shapes and counts
 * are worked by hand from PyTorch's formulas.
 */
class LanguageServerTest {
    private static LspSession session;

    @BeforeAll
    static void start() throws Exception {
        session = new LspSession(TimeUnit.SECONDS.toNanos(2));
    }

    @AfterAll
    static void stop() throws Exception {
        session.close();
    }

    private static final String BAD = String.join("\n",
            "# the example of docs/language.md section 10",
            "network Bad {",
            "  input (N, 576)",
            "  fc: Linear(512, 10)",
            "}",
            "Bad",
            "");

    @Test
    void initializeNamesTheServerAndTheVersionItWasStartedWith() {
        assertEquals("nnspec", session.capabilities.getServerInfo().getName());
        assertEquals("0.0-test", session.capabilities.getServerInfo().getVersion()); // LspSession's
    }

    @Test
    void diagnosticsAppearAtTheSpanAndGoWhenTheFileIsFixed() throws Exception {
        String uri = "file:///tmp/nnspec-lsp-test/bad.nnspec";
        session.open(uri, BAD);
        List<Diagnostic> found = session.diagnostics(uri, 1).getDiagnostics();
        assertEquals(1, found.size(), found.toString());
        Diagnostic d = found.get(0);
        // "  fc: Linear(512, 10)" is the 4th line (LSP line 3); "  fc: " is 6 characters, so the
        // call starts at character 6, and "Linear(512, 10)" is 15 long, so it ends at 21
        assertEquals(new Range(at(3, 6), at(3, 21)), d.getRange());
        assertEquals(DiagnosticSeverity.Error, d.getSeverity());
        assertEquals("Linear expects 512 input features, but its input (N, 576) has 576\nhelp: write Linear(576, 10)", d.getMessage());

        session.change(uri, 2, BAD.replace("Linear(512, 10)", "Linear(576, 10)"));
        assertEquals(List.of(), session.diagnostics(uri, 2).getDiagnostics());
    }

    @Test
    void columnsCountUtf16CodeUnits() throws Exception {
        String uri = "file:///tmp/nnspec-lsp-test/emoji.nnspec";
        // 😀 is one code point but two UTF-16 units: `print "😀", ` is 11 code points, 12 units
        session.open(uri, "print \"😀\", nowhere\n");
        List<Diagnostic> found = session.diagnostics(uri, 1).getDiagnostics();
        assertEquals(1, found.size(), found.toString());
        // "nowhere" is 7 long
        assertEquals(new Range(at(0, 12), at(0, 19)), found.get(0).getRange());
    }

    private static final String CNN = String.join("\n",
            "network SmallCNN {",
            "  input (N, 3, 64, 64)",
            "  conv1: Conv2d(in_channels=3, out_channels=16, kernel_size=3, stride=1, padding=1)",
            "  pool1: MaxPool2d(kernel_size=2, stride=2)",
            "}",
            "rate = 2 + 3",
            "");

    @Test
    void hoverShowsTheShapeParametersAndMacsOfALayer() throws Exception {
        String uri = "file:///tmp/nnspec-lsp-test/cnn.nnspec";
        session.open(uri, CNN);
        session.diagnostics(uri, 1);
        // on `Conv2d` (line 2, after "  conv1: ", 9 characters): padding 1 keeps 64 × 64:
        // H_out = ⌊(64 + 2·1 − 3)/1⌋ + 1 = 64; params 3·3·3·16 weights + 16 biases = 448;
        // MACs per sample 16 · 64 · 64 outputs · 27 = 1,769,472
        String conv = hoverText(uri, 2, 11);
        assertTrue(conv.contains("(N, 3, 64, 64) → (N, 16, 64, 64)"), conv);
        assertTrue(conv.contains("448"), conv);
        assertTrue(conv.contains("1,769,472"), conv);
        // on the label `pool1` (line 3, characters 2 to 7): 2 × 2 windows, stride 2, halve 64 to 32
        String pool = hoverText(uri, 3, 4);
        assertTrue(pool.contains("(N, 16, 64, 64) → (N, 16, 32, 32)"), pool);
    }

    @Test
    void hoverShowsAValueAndACatalogEntry() throws Exception {
        String uri = "file:///tmp/nnspec-lsp-test/values.nnspec";
        session.open(uri, CNN + "W = [1 2; 3 4]\nW\nsoftmax([1 2])\n");
        session.diagnostics(uri, 1);
        // `rate` on line 5: 2 + 3
        assertTrue(hoverText(uri, 5, 1).contains("rate = 5"), hoverText(uri, 5, 1));
        String w = hoverText(uri, 7, 0);
        assertTrue(w.contains("2×2 matrix"), w);
        assertTrue(w.contains("3  4") || w.contains("3 4"), w);
        // `softmax` on line 8: a built-in; `MaxPool2d` on line 3: its signature starts with kernel_size
        assertTrue(hoverText(uri, 8, 2).contains("softmax("), hoverText(uri, 8, 2));
        String pool = hoverText(uri, 3, 12);
        assertTrue(pool.contains("MaxPool2d(kernel_size"), pool);
    }

    @Test
    void completionOffersLayersAndTheFilesNames() throws Exception {
        String uri = "file:///tmp/nnspec-lsp-test/complete.nnspec";
        session.open(uri, "my_rate = 0.3\nblock ConvBlock(c_in, c_out) {\n  Conv2d(c_in, c_out, 3)\n}\n");
        session.diagnostics(uri, 1);
        List<CompletionItem> items = session.server.getTextDocumentService()
                .completion(new CompletionParams(doc(uri), at(4, 0))).get(20, TimeUnit.SECONDS).getLeft();
        CompletionItem conv = items.stream().filter(i -> i.getLabel().equals("Conv2d")).findFirst().orElseThrow();
        assertTrue(conv.getDetail().startsWith("Conv2d(in_channels, out_channels, kernel_size"), conv.getDetail());
        assertEquals("Conv2d(${1:in_channels}, ${2:out_channels}, ${3:kernel_size})$0", conv.getInsertText());
        List<String> labels = items.stream().map(CompletionItem::getLabel).collect(Collectors.toList());
        assertTrue(labels.contains("my_rate"), labels.toString());
        assertTrue(labels.contains("ConvBlock"), labels.toString());
        assertTrue(labels.contains("network"), labels.toString());
        assertTrue(labels.contains("softmax"), labels.toString());
        // the block's parameters are names only inside it
        assertFalse(labels.contains("c_in"), labels.toString());
    }

    private static final String BLOCKS = String.join("\n",
            "block ConvBlock(c_in, c_out) {",
            "  Conv2d(c_in, c_out, 3, padding=1)",
            "  ReLU()",
            "}",
            "network Net {",
            "  input (N, 3, 32, 32)",
            "  b1: ConvBlock(3, 8)",
            "  b2: ConvBlock(8, 16)",
            "}",
            "");

    @Test
    void definitionJumpsToABlockAndToAParameter() throws Exception {
        String uri = "file:///tmp/nnspec-lsp-test/blocks.nnspec";
        session.open(uri, BLOCKS);
        session.diagnostics(uri, 1);
        // `ConvBlock` on line 6 leads to its name on line 0: "block " is 6 characters, "ConvBlock" 9
        assertEquals(List.of(new Location(uri, new Range(at(0, 6), at(0, 15)))), definition(uri, 6, 8));
        // `c_out` inside the block (line 1, "  Conv2d(c_in, " is 15 characters) leads to its parameter:
        // "block ConvBlock(c_in, " is 22 characters, "c_out" 5
        assertEquals(List.of(new Location(uri, new Range(at(0, 22), at(0, 27)))), definition(uri, 1, 16));
        // the layer in the block, used twice: 3 → 8 and 8 → 16 channels, 32 × 32 kept by padding 1
        String conv = hoverText(uri, 1, 4);
        assertTrue(conv.contains("(N, 3, 32, 32) → (N, 8, 32, 32)"), conv);
        assertTrue(conv.contains("(N, 8, 32, 32) → (N, 16, 32, 32)"), conv);
    }

    @Test
    void anErrorInsideABlockNamesTheBlocksUses() throws Exception {
        String uri = "file:///tmp/nnspec-lsp-test/blockerror.nnspec";
        session.open(uri, BLOCKS.replace("Conv2d(c_in, c_out, 3, padding=1)", "Conv2d(3, c_out, 3, padding=1)") + "Net\n");
        List<Diagnostic> found = session.diagnostics(uri, 1).getDiagnostics();
        // b2 gives the block 8 channels where its Conv2d now wants 3: one error, at the call on
        // line 1 ("  " then "Conv2d(3, c_out, 3, padding=1)", 30 long), with both uses related
        assertEquals(1, found.size(), found.toString());
        assertEquals(new Range(at(1, 2), at(1, 32)), found.get(0).getRange());
        // "  b1: " is 6 characters and "ConvBlock(3, 8)" 15; "ConvBlock(8, 16)" is 16
        assertEquals(List.of(new Range(at(6, 6), at(6, 21)), new Range(at(7, 6), at(7, 22))),
                found.get(0).getRelatedInformation().stream().map(r -> r.getLocation().getRange()).collect(Collectors.toList()));
    }

    @Test
    void definitionFollowsImports(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("lib.nnspec"), "# shared\nrate = 0.5\n");
        Path main = dir.resolve("main.nnspec");
        String text = "import \"lib.nnspec\"\nx = rate * 2\n";
        Files.writeString(main, text);
        String uri = Uris.uri(main);
        session.open(uri, text);
        assertEquals(List.of(), session.diagnostics(uri, 1).getDiagnostics());
        // `rate` on line 1 ("x = " is 4 characters) is defined on line 1 of lib.nnspec, characters 0 to 4
        assertEquals(List.of(new Location(Uris.uri(dir.resolve("lib.nnspec")), new Range(at(1, 0), at(1, 4)))), definition(uri, 1, 5));
        // and its value, 0.5, shows on hover; x = 0.5 · 2 = 1
        assertTrue(hoverText(uri, 1, 5).contains("0.5"), hoverText(uri, 1, 5));
        assertTrue(hoverText(uri, 1, 0).contains("x = 1"), hoverText(uri, 1, 0));
    }

    @Test
    void plotIsCheckedButNotWritten(@TempDir Path dir) throws Exception {
        Path main = dir.resolve("plots.nnspec");
        String text = "plot([1 2; 3 4], \"m.svg\")\nplot([1 2; 3 4], \"m.png\")\n";
        String uri = Uris.uri(main);
        session.open(uri, text);
        List<Diagnostic> found = session.diagnostics(uri, 1).getDiagnostics();
        // the second plot is refused (only .svg) at its path, line 1
        assertEquals(1, found.size(), found.toString());
        assertEquals(1, found.get(0).getRange().getStart().getLine());
        assertFalse(Files.exists(dir.resolve("m.svg")));
        assertFalse(Files.exists(Path.of("m.svg")));
    }

    @Test
    void anEndlessLoopStopsAtTheTimeLimitAndTheServerStillAnswers() throws Exception {
        String uri = "file:///tmp/nnspec-lsp-test/endless.nnspec";
        String text = "a = 1\nfor i in range(10000000) {\n  for j in range(10000000) {\n    x = i + j\n  }\n}\nb = 2\n";
        long start = System.nanoTime();
        session.open(uri, text);
        List<Diagnostic> found = session.diagnostics(uri, 1).getDiagnostics();
        assertEquals(1, found.size(), found.toString());
        assertTrue(found.get(0).getMessage().startsWith("stopped: the editor's analysis took longer than its time limit"), found.get(0).getMessage());
        // at the loop, which starts on line 1
        assertEquals(1, found.get(0).getRange().getStart().getLine());
        // the limit is 2 s here; the answer comes well before a run of the whole loop would end
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15));
        // the server still answers, about this file and others
        assertTrue(hoverText(uri, 0, 0).contains("a = 1"), hoverText(uri, 0, 0));
        String other = "file:///tmp/nnspec-lsp-test/after.nnspec";
        session.open(other, "y = 1 +\n");
        assertEquals(1, session.diagnostics(other, 1).getDiagnostics().size());
    }

    @Test
    void changesWhileASlowFileIsAnalysedAreAnalysedOnceNotOneAfterAnother() throws Exception {
        String uri = "file:///tmp/nnspec-lsp-test/typing.nnspec";
        String endless = "for i in range(10000000) {\n  for j in range(10000000) {\n    x = i + j\n  }\n}\ny = %d\n";
        int before = session.analysesRun();
        session.open(uri, String.format(endless, 1));
        // five changes 300 ms apart (more than the 250 ms pause, so each one's analysis is
        // scheduled) while version 1 runs to the 2 s limit
        for (int v = 2; v <= 6; v++) {
            Thread.sleep(300);
            session.change(uri, v, String.format(endless, v));
        }
        List<Diagnostic> found = session.diagnostics(uri, 6).getDiagnostics();
        assertTrue(found.get(0).getMessage().startsWith("stopped: the editor's analysis"), found.toString());
        // another file's analysis queues behind whatever is left, so when its diagnostics come
        // every analysis of the typing has run: version 1, then only the text current when the
        // worker is free again (version 6, or one more on a slow machine), then the other file;
        // not six analyses of 2 s each, one after another
        String other = "file:///tmp/nnspec-lsp-test/typing-other.nnspec";
        session.open(other, "z = 1\n");
        session.diagnostics(other, 1);
        int ran = session.analysesRun() - before;
        assertTrue(ran >= 3 && ran <= 4, ran + " analyses");
    }

    @Test
    void whileTheTextDoesNotParseHoverAndDefinitionDoNotReadAnOlderTextsLines() throws Exception {
        String uri = "file:///tmp/nnspec-lsp-test/stale.nnspec";
        session.open(uri, "alpha = 1\nbeta = 2\ngamma = beta\n");
        session.diagnostics(uri, 1);
        // a line that does not parse is typed above: every name moves down a line
        session.change(uri, 2, "x = (\nalpha = 1\nbeta = 2\ngamma = beta\nsoftmax([1 2])\n");
        assertEquals(1, session.diagnostics(uri, 2).getDiagnostics().size());
        // line 1 is now `alpha = 1`; the last text that parsed has `beta = 2` there, and its
        // value is not what this line says: no value, and no stale definition either
        Hover h = session.server.getTextDocumentService().hover(new HoverParams(doc(uri), at(1, 1))).get(20, TimeUnit.SECONDS);
        assertTrue(h == null || !h.getContents().getRight().getValue().contains("beta"), String.valueOf(h));
        assertEquals(List.of(), definition(uri, 3, 9));
        // a built-in is still explained from the catalog (line 4, `softmax`)
        assertTrue(hoverText(uri, 4, 2).contains("softmax("), hoverText(uri, 4, 2));

        // typing below the last line that parsed keeps the lines above it: they still answer.
        // Version 3 parses (x = 1), version 4 breaks line 4 only
        session.change(uri, 3, "x = 1\nalpha = 1\nbeta = 2\ngamma = beta\n");
        session.diagnostics(uri, 3);
        session.change(uri, 4, "x = 1\nalpha = 1\nbeta = 2\ngamma = beta\ndelta = (\n");
        assertEquals(1, session.diagnostics(uri, 4).getDiagnostics().size());
        // `beta` on line 3 ("gamma = " is 8 characters) is defined on line 2, characters 0 to 4
        assertEquals(List.of(new Location(uri, new Range(at(2, 0), at(2, 4)))), definition(uri, 3, 9));
        assertTrue(hoverText(uri, 1, 1).contains("alpha = 1"), hoverText(uri, 1, 1));
    }

    @Test
    void documentSymbolsListNetworksBlocksAndLayers() throws Exception {
        String uri = "file:///tmp/nnspec-lsp-test/symbols.nnspec";
        session.open(uri, BLOCKS);
        session.diagnostics(uri, 1);
        List<DocumentSymbol> symbols = session.server.getTextDocumentService()
                .documentSymbol(new DocumentSymbolParams(doc(uri))).get(20, TimeUnit.SECONDS)
                .stream().map(e -> e.getRight()).collect(Collectors.toList());
        assertEquals(List.of("ConvBlock", "Net"), symbols.stream().map(DocumentSymbol::getName).collect(Collectors.toList()));
        List<String> layers = symbols.get(1).getChildren().stream().map(DocumentSymbol::getName).collect(Collectors.toList());
        assertEquals(List.of("input", "b1", "b2"), layers);
    }

    @Test
    void garbageNeverBreaksTheServer() throws Exception {
        String uri = "file:///tmp/nnspec-lsp-test/garbage.nnspec";
        String[] texts = {"network {{{{ ((( ]]] \u0000 \uD800", "(".repeat(5000), "x = [1 2; 3]\n" + "\"unclosed", "", "\t\r\n\r"};
        session.open(uri, texts[0]);
        session.diagnostics(uri, 1);
        for (int i = 1; i < texts.length; i++) {
            session.change(uri, i + 1, texts[i]);
            session.diagnostics(uri, i + 1);
            session.server.getTextDocumentService().hover(new HoverParams(doc(uri), at(0, 3))).get(20, TimeUnit.SECONDS);
            session.server.getTextDocumentService().completion(new CompletionParams(doc(uri), at(0, 1))).get(20, TimeUnit.SECONDS);
            session.server.getTextDocumentService().definition(new DefinitionParams(doc(uri), at(9, 9))).get(20, TimeUnit.SECONDS);
        }
    }

    private static String hoverText(String uri, int line, int character) throws Exception {
        Hover h = session.server.getTextDocumentService().hover(new HoverParams(doc(uri), at(line, character))).get(20, TimeUnit.SECONDS);
        assertNotNull(h, "no hover at " + line + ":" + character);
        return h.getContents().getRight().getValue();
    }

    private static List<? extends Location> definition(String uri, int line, int character) throws Exception {
        return session.server.getTextDocumentService().definition(new DefinitionParams(doc(uri), at(line, character)))
                .get(20, TimeUnit.SECONDS).getLeft();
    }
}
