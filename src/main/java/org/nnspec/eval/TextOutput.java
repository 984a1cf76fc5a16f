package org.nnspec.eval;

import java.io.PrintStream;
import java.util.List;
import java.util.StringJoiner;
import org.nnspec.diag.Diagnostic;
import org.nnspec.diag.DiagnosticRenderer;

/** Results as text for people (LANGUAGE.md section 9); diagnostics to standard error. */
final class TextOutput implements Output {
    private final PrintStream out;
    private final PrintStream err;
    private final int precision;
    private final boolean color;
    private final int depth;

    TextOutput(PrintStream out, PrintStream err, Output.Settings settings) {
        this.out = out;
        this.err = err;
        this.precision = settings.precision();
        this.color = settings.color();
        this.depth = settings.depth();
    }

    private void line(String text) { out.println(text); }

    @Override
    public void value(String label, Value v) {
        String special = Renderers.text(v, precision, depth, false);
        line(special != null ? special : ValueText.labelled(label, v, precision));
    }

    @Override
    public void print(List<Value> values) {
        StringJoiner j = new StringJoiner(" ");
        for (Value v : values) {
            String special = Renderers.text(v, precision, depth, false);
            j.add(special != null ? special : ValueText.plain(v, precision));
        }
        line(j.toString());
    }

    @Override
    public void explain(String label, Value v, String work) {
        String special = Renderers.text(v, precision, depth, true);
        if (special != null) {
            line(special);
        } else {
            line(work != null ? work : ValueText.labelled(label, v, precision));
        }
    }

    @Override
    public void note(String text) { line(text); }

    @Override
    public void diagnostic(Diagnostic d) {
        out.flush();
        err.print(DiagnosticRenderer.text(d, color));
        err.flush();
    }

    @Override
    public void flush() {
        out.flush();
        err.flush();
    }
}
