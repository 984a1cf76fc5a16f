package org.nnspec.lsp;

import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.nnspec.diag.SourceFile;
import org.nnspec.diag.Span;

/**
 * Between nnspec's spans and LSP's positions. A span counts lines and columns from 1, and
 * columns in code points (as ANTLR does); LSP counts both from 0, and characters in UTF-16
 * code units, so a letter outside the Basic Multilingual Plane is one column here and two
 * there.
 */
final class Positions {
    private Positions() {}

    /** The span as an LSP range in its own file; the file's start for a span with no place. */
    static Range range(Span span) {
        if (span == null || span.isNone()) return new Range(new Position(0, 0), new Position(0, 0));
        return new Range(position(span.file(), span.line(), span.column()), position(span.file(), span.endLine(), span.endColumn()));
    }

    /** 1-based line and code-point column to an LSP position, clamped to the text. */
    static Position position(SourceFile file, int line, int column) {
        int lines = file.lineCount();
        if (line > lines) {
            String last = file.line(lines);
            return new Position(Math.max(0, lines - 1), last.length());
        }
        if (line < 1) return new Position(0, 0);
        String text = file.line(line);
        return new Position(line - 1, utf16(text, column - 1));
    }

    /** The UTF-16 index of the {@code codePoints}-th code point of {@code line}, at most its length. */
    static int utf16(String line, int codePoints) {
        if (codePoints <= 0) return 0;
        int count = line.codePointCount(0, line.length());
        if (codePoints >= count) return line.length();
        return line.offsetByCodePoints(0, codePoints);
    }

    /** An LSP position as nnspec's 1-based line and code-point column. */
    static int[] lineColumn(SourceFile file, Position p) {
        int line = p.getLine() + 1;
        String text = file.line(line);
        int ch = Math.max(0, Math.min(p.getCharacter(), text.length()));
        return new int[] {line, text.codePointCount(0, ch) + 1};
    }

    /** Whether the span holds the position (its end included: a cursor just after a word is on it). */
    static boolean contains(Span span, int line, int column) {
        if (span == null || span.isNone()) return false;
        if (line < span.line() || line > span.endLine()) return false;
        if (line == span.line() && column < span.column()) return false;
        return line != span.endLine() || column <= span.endColumn();
    }

    /** Whether {@code inner} lies inside {@code outer}: for the innermost of several spans. */
    static boolean within(Span inner, Span outer) {
        return contains(outer, inner.line(), inner.column()) && contains(outer, inner.endLine(), inner.endColumn());
    }
}
