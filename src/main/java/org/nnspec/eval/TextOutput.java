package org.nnspec.eval;

import java.io.PrintStream;
import java.util.List;
import java.util.StringJoiner;
import org.nnspec.diag.Diagnostic;
import org.nnspec.diag.DiagnosticRenderer;

/** Results as text for people (LANGUAGE.md section 9); diagnostics to standard error. */
public final class TextOutput implements Output {
    private final PrintStream out;
    private final PrintStream err;
    private final int precision;
    private final boolean color;
    private final int depth;

    /** @param depth summary rows fold scopes deeper than this; 0 shows every layer */
    public TextOutput(PrintStream out, PrintStream err, int precision, boolean color, int depth) {
        this.out = out;
        this.err = err;
        this.precision = precision;
        this.color = color;
        this.depth = depth;
    }

    @Override
    public void value(String label, Value v) {
        String special = Renderers.text(v, precision, depth, false);
        out.println(special != null ? special : Show.labelled(label, v, precision));
    }

    @Override
    public void print(List<Value> values) {
        StringJoiner j = new StringJoiner(" ");
        for (Value v : values) {
            String special = Renderers.text(v, precision, depth, false);
            j.add(special != null ? special : Show.plain(v, precision));
        }
        out.println(j);
    }

    @Override
    public void explain(String label, Value v, String work) {
        String special = Renderers.text(v, precision, depth, true);
        if (special != null) {
            out.println(special);
        } else {
            if (work != null) out.println(work);
            else out.println(Show.labelled(label, v, precision));
        }
    }

    @Override
    public void note(String text) { out.println(text); }

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
