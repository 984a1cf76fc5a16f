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
    private final boolean utf8;

    /** @param depth summary rows fold scopes deeper than this; 0 shows every layer */
    public TextOutput(PrintStream out, PrintStream err, int precision, boolean color, int depth) {
        this(out, err, precision, color, depth, false);
    }

    /**
     * @param utf8 {@code out} encodes UTF-8: results are then written as bytes, which
     *             String.getBytes makes much faster than PrintStream's encoder while neither
     *             is compiled (a 300-layer summary is 60 kB of text)
     */
    public TextOutput(PrintStream out, PrintStream err, int precision, boolean color, int depth, boolean utf8) {
        this.out = out;
        this.err = err;
        this.precision = precision;
        this.color = color;
        this.depth = depth;
        this.utf8 = utf8;
    }

    private static final byte[] NEWLINE = System.lineSeparator().getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private void line(String text) {
        if (!utf8) {
            out.println(text);
            return;
        }
        // Line by line: String's UTF-8 encoder is one loop over the characters, which for a
        // whole 60 kB summary would run in the bytecode interpreter; called once per line, it
        // is compiled after a few hundred lines.
        for (int start = 0, end; start <= text.length(); start = end + 1) {
            end = text.indexOf('\n', start);
            if (end < 0) end = text.length();
            byte[] bytes = text.substring(start, end).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.write(bytes, 0, bytes.length);
            out.write(NEWLINE, 0, NEWLINE.length);
        }
    }

    @Override
    public void value(String label, Value v) {
        String special = Renderers.text(v, precision, depth, false);
        line(special != null ? special : Show.labelled(label, v, precision));
    }

    @Override
    public void print(List<Value> values) {
        StringJoiner j = new StringJoiner(" ");
        for (Value v : values) {
            String special = Renderers.text(v, precision, depth, false);
            j.add(special != null ? special : Show.plain(v, precision));
        }
        line(j.toString());
    }

    @Override
    public void explain(String label, Value v, String work) {
        String special = Renderers.text(v, precision, depth, true);
        if (special != null) {
            line(special);
        } else {
            line(work != null ? work : Show.labelled(label, v, precision));
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
