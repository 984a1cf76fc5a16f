package org.nnspec.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The diagnostic format of docs/language.md section 10, text and JSON. */
class DiagnosticRendererTest {
    private final SourceFile file = new SourceFile("bad.nnspec",
            "network Net {\n  input (N, 576)\n  fc: Linear(512, 10)\n}\n");

    @Test void textQuotesTheLineAndUnderlinesTheSpan() {
        Diagnostic d = Diagnostic.error(new Span(file, 3, 7, 3, 22),
                "Linear expects 512 input features, but its input (N, 576) has 576", "write Linear(576, 10)");
        assertEquals(String.join("\n",
                "error: Linear expects 512 input features, but its input (N, 576) has 576",
                " --> bad.nnspec:3:7",
                "  |",
                "3 |   fc: Linear(512, 10)",
                "  |       ^^^^^^^^^^^^^^^",
                "help: write Linear(576, 10)",
                ""), DiagnosticRenderer.text(d, false));
    }

    @Test void gutterGrowsWithTheLineNumber() {
        StringBuilder src = new StringBuilder();
        for (int i = 1; i <= 12; i++) src.append("x").append(i).append(" = 1\n");
        SourceFile f = new SourceFile("long.nnspec", src.toString());
        String text = DiagnosticRenderer.text(Diagnostic.error(new Span(f, 12, 1, 12, 4), "m", null), false);
        assertEquals(String.join("\n", "error: m", "  --> long.nnspec:12:1", "   |", "12 | x12 = 1", "   | ^^^", ""), text);
    }

    @Test void tabsInTheQuotedLineKeepTheCaretAligned() {
        SourceFile f = new SourceFile("tab.nnspec", "\tx = y\n");
        String text = DiagnosticRenderer.text(Diagnostic.error(new Span(f, 1, 6, 1, 7), "m", null), false);
        assertEquals("  | \t    ^", text.split("\n")[4]);
    }

    @Test void jsonHasTheDocumentedKeys() throws Exception {
        Diagnostic d = Diagnostic.error(new Span(file, 3, 7, 3, 22), "msg", "write Linear(576, 10)");
        StringWriter w = new StringWriter();
        try (var g = new com.fasterxml.jackson.core.JsonFactory().createGenerator(w)) {
            DiagnosticRenderer.json(d, g);
        }
        JsonNode n = new ObjectMapper().readTree(w.toString());
        assertEquals("diagnostic", n.get("kind").asText());
        assertEquals("error", n.get("severity").asText());
        assertEquals("bad.nnspec", n.get("file").asText());
        assertEquals(3, n.get("line").asInt());
        assertEquals(7, n.get("column").asInt());
        assertEquals(3, n.get("end_line").asInt());
        assertEquals(22, n.get("end_column").asInt());
        assertEquals("msg", n.get("message").asText());
        assertEquals("write Linear(576, 10)", n.get("help").asText());
    }
}
