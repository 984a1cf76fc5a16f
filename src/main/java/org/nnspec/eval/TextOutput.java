package org.nnspec.eval;

import java.io.PrintStream;
import java.util.List;
import java.util.StringJoiner;
import org.nnspec.diag.ControlChars;
import org.nnspec.diag.Diagnostic;
import org.nnspec.diag.DiagnosticRenderer;

/** Results as text for people (docs/language.md section 9); diagnostics to standard error. */
final class TextOutput implements Output {
    private final PrintStream out;
    private final PrintStream err;
    private final int precision;
    private final boolean color;
    private final int depth;
    private final org.nnspec.nn.Cost.DType dtype;

    TextOutput(PrintStream out, PrintStream err, Output.Settings settings) {
        this.out = out;
        this.err = err;
        this.precision = settings.precision();
        this.color = settings.color();
        this.depth = settings.depth();
        this.dtype = settings.dtype();
    }

    @Override
    public void value(String label, Value v) {
        String report = ValueText.report(v, precision, depth, dtype, false);
        out.println(ControlChars.escape(report != null ? report : ValueText.labelled(label, v, precision)));
    }

    @Override
    public void print(List<Value> values) {
        StringJoiner j = new StringJoiner(" ");
        for (Value v : values) j.add(ValueText.printed(v, precision, depth, dtype));
        out.println(ControlChars.escape(j.toString()));
    }

    @Override
    public void explain(String label, Value v, String work) {
        String report = ValueText.report(v, precision, depth, dtype, true);
        if (report != null) {
            out.println(ControlChars.escape(report));
        } else {
            out.println(ControlChars.escape(work != null ? work : ValueText.labelled(label, v, precision)));
        }
    }

    @Override
    public void note(String text) { out.println(ControlChars.escape(text)); }

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
