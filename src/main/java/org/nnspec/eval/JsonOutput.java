package org.nnspec.eval;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.StringJoiner;
import org.nnspec.diag.Diagnostic;
import org.nnspec.diag.DiagnosticRenderer;

/** One JSON object per line for each result (docs/language.md section 9); diagnostics as JSON on stderr. */
final class JsonOutput implements Output {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    private final PrintStream out;
    private final PrintStream err;
    private final int precision;
    private final org.nnspec.nn.Cost.DType dtype;

    /** Only {@code settings.precision()} and {@code dtype()} matter: JSON has no colour, and summaries are whole. */
    JsonOutput(PrintStream out, PrintStream err, Output.Settings settings) {
        this.out = out;
        this.err = err;
        this.precision = settings.precision();
        this.dtype = settings.dtype();
    }

    /** What one line holds, written to a generator. */
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** One JSON object as a line of text (without its line break). */
    private static String line(Body body) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    @Override
    public void value(String label, Value v) {
        out.println(line(g -> result(g, label, v, null)));
    }

    /** A result: its own report (summary, attention), or a labelled value with its explanation. */
    private void result(JsonGenerator g, String label, Value v, String work) throws IOException {
        if (v instanceof NetworkValues.CostV c) {
            c.cost().writeJson(g, work);
            return;
        }
        if (ValueJson.report(g, v, dtype)) return;
        g.writeStartObject();
        g.writeStringField("kind", "value");
        g.writeStringField("label", label);
        g.writeFieldName("value");
        ValueJson.write(g, v);
        if (work != null) g.writeStringField("explanation", work);
        g.writeEndObject();
    }

    @Override
    public void print(List<Value> values) {
        StringJoiner j = new StringJoiner(" ");
        for (Value v : values) j.add(ValueText.printed(v, precision, 0));
        out.println(line(g -> {
            g.writeStartObject();
            g.writeStringField("kind", "print");
            g.writeStringField("text", j.toString());
            g.writeEndObject();
        }));
    }

    @Override
    public void explain(String label, Value v, String work) {
        out.println(line(g -> result(g, label, v, work)));
    }

    @Override
    public void note(String text) {
        out.println(line(g -> {
            g.writeStartObject();
            g.writeStringField("kind", "note");
            g.writeStringField("text", text);
            g.writeEndObject();
        }));
    }

    @Override
    public void diagnostic(Diagnostic d) {
        out.flush();
        err.println(line(g -> DiagnosticRenderer.json(d, g)));
        err.flush();
    }

    @Override
    public void flush() {
        out.flush();
        err.flush();
    }
}
