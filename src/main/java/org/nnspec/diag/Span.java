package org.nnspec.diag;

/**
 * A region of a source file: 1-based line and column of the first character, and the
 * 1-based line and column just past the last character (end exclusive).
 */
public record Span(SourceFile file, int line, int column, int endLine, int endColumn) {
    /** A span for errors that have no place in any file (command line, I/O). */
    public static final Span NONE = new Span(null, 0, 0, 0, 0);

    public boolean isNone() { return file == null; }

    /** The smallest span covering both. */
    public Span to(Span other) {
        if (isNone()) return other;
        if (other.isNone()) return this;
        return new Span(file, line, column, other.endLine, other.endColumn);
    }

    public String text() { return file == null ? "" : file.slice(this); }
}
