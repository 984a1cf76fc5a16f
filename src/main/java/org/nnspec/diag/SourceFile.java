package org.nnspec.diag;

/** A program text with its display name; answers line lookups for diagnostics. */
public final class SourceFile {
    private final String name;
    private final String text;
    private final int[] lineStarts;

    public SourceFile(String name, String text) {
        this.name = name;
        this.text = text;
        int[] starts = new int[64];
        int n = 0;
        starts[n++] = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            if (n == starts.length) starts = java.util.Arrays.copyOf(starts, n * 2);
            starts[n++] = i + 1;
        }
        lineStarts = java.util.Arrays.copyOf(starts, n);
    }

    public String name() { return name; }
    public String text() { return text; }
    public int lineCount() { return lineStarts.length; }

    /** The text of 1-based line {@code line}, without its line terminator. */
    public String line(int line) {
        if (line < 1 || line > lineStarts.length) return "";
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
        if (end > start && text.charAt(end - 1) == '\r') end--;
        return text.substring(start, Math.max(start, end));
    }

    /** The text a span covers. */
    public String slice(Span span) {
        int a = offset(span.line(), span.column());
        int b = offset(span.endLine(), span.endColumn());
        if (a < 0 || b < a) return "";
        return text.substring(a, Math.min(b, text.length()));
    }

    /** Offset of 1-based (line, column); column counts UTF-16 chars from 1. */
    public int offset(int line, int column) {
        if (line < 1 || line > lineStarts.length) return text.length();
        return Math.min(text.length(), lineStarts[line - 1] + Math.max(0, column - 1));
    }
}
