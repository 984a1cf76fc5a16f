package org.nnspec.diag;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** Diagnostics as people read them (rustc style: location, quoted line, caret) and as JSON. */
public final class DiagnosticRenderer {
    private static final String RED = "\u001b[1;31m", YELLOW = "\u001b[1;33m", BLUE = "\u001b[1;34m",
            BOLD = "\u001b[1m", RESET = "\u001b[0m";

    /** Longer lines are quoted as a window of this many characters around the culprit. */
    static final int MAX_QUOTED = 160;
    private static final int CONTEXT = 40;

    private DiagnosticRenderer() {}

    public static String text(Diagnostic d, boolean color) {
        StringBuilder sb = new StringBuilder();
        String word = d.severity().word();
        String tint = d.severity() == Severity.ERROR ? RED : d.severity() == Severity.WARNING ? YELLOW : BLUE;
        String message = ControlChars.escapeLine(d.message());
        sb.append(color ? tint + word + RESET + BOLD + ": " + message + RESET : word + ": " + message).append('\n');
        Span s = d.span();
        if (s != null && !s.isNone()) {
            String lineNo = Integer.toString(s.line());
            String pad = " ".repeat(lineNo.length());
            String bar = color ? BLUE + "|" + RESET : "|";
            sb.append(pad).append(color ? BLUE + "--> " + RESET : "--> ")
                    .append(ControlChars.escapeLine(s.file().name())).append(':').append(s.line()).append(':').append(s.column()).append('\n');
            String line = printable(s.file().line(s.line()));
            int start = Math.max(1, s.column());
            int end = s.endLine() == s.line() ? Math.max(start + 1, s.endColumn()) : Math.max(start + 1, line.length() + 1);
            if (line.length() > MAX_QUOTED) {
                // quote a window of a very long line (a 16 MiB one-line file, a 100,000-digit number)
                int from = Math.max(0, Math.min(start - 1 - CONTEXT, line.length() - MAX_QUOTED));
                int to = Math.min(line.length(), from + MAX_QUOTED);
                String prefix = from > 0 ? "…" : "";
                line = prefix + line.substring(from, to) + (to < line.length() ? "…" : "");
                start = start - from + prefix.length();
                end = Math.min(end - from + prefix.length(), to - from + prefix.length() + 1);
                end = Math.max(end, start + 1);
            }
            sb.append(pad).append(' ').append(bar).append('\n');
            sb.append(color ? BLUE + lineNo + RESET : lineNo).append(' ').append(bar).append(' ').append(line).append('\n');
            StringBuilder under = new StringBuilder();
            for (int i = 1; i < start; i++) under.append(i - 1 < line.length() && line.charAt(i - 1) == '\t' ? '\t' : ' ');
            String carets = "^".repeat(Math.max(1, end - start));
            under.append(color ? tint + carets + RESET : carets);
            sb.append(pad).append(' ').append(bar).append(' ').append(under).append('\n');
        }
        if (d.help() != null) sb.append(color ? BOLD + "help" + RESET : "help").append(": ").append(ControlChars.escapeLine(d.help())).append('\n');
        return sb.toString();
    }

    /** Control characters in a quoted line would garble the terminal; show them as '?'. */
    private static String printable(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            sb.append(c != '\t' && (c == '\n' || ControlChars.isControl(c)) ? '?' : c); // one column, so the caret stays under it
        }
        return sb.toString();
    }

    public static void json(Diagnostic d, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("kind", "diagnostic");
        g.writeStringField("severity", d.severity().word());
        Span s = d.span();
        if (s != null && !s.isNone()) {
            g.writeStringField("file", s.file().name());
            g.writeNumberField("line", s.line());
            g.writeNumberField("column", s.column());
            g.writeNumberField("end_line", s.endLine());
            g.writeNumberField("end_column", s.endColumn());
        } else {
            g.writeNullField("file");
        }
        g.writeStringField("message", d.message());
        if (d.help() != null) g.writeStringField("help", d.help());
        else g.writeNullField("help");
        g.writeEndObject();
    }
}
