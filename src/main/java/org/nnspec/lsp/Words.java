package org.nnspec.lsp;

import org.eclipse.lsp4j.Position;

/**
 * The identifier at a cursor, read from the document's current text (it may not parse): what
 * hover and go to definition look up. Identifiers are letters, digits and {@code _}, Unicode's
 * included, as in the grammar.
 */
final class Words {
    private Words() {}

    /**
     * The word at the position, with the UTF-16 start on its line, and whether a {@code .}
     * stands just before it (a field, {@code Net.params}).
     */
    record Word(String text, int line, int start, boolean afterDot) {}

    static Word at(String text, Position p) {
        String line = line(text, p.getLine());
        if (line == null) return null;
        int at = Math.min(Math.max(0, p.getCharacter()), line.length());
        int start = at, end = at;
        while (start > 0) {
            int cp = line.codePointBefore(start);
            if (!part(cp)) break;
            start -= Character.charCount(cp);
        }
        while (end < line.length()) {
            int cp = line.codePointAt(end);
            if (!part(cp)) break;
            end += Character.charCount(cp);
        }
        if (start == end) return null;
        String word = line.substring(start, end);
        if (Character.isDigit(word.codePointAt(0))) return null; // a number, not a name
        return new Word(word, p.getLine(), start, start > 0 && line.charAt(start - 1) == '.');
    }

    /** The start of the identifier that ends at the position (what completion replaces). */
    static int prefixStart(String text, Position p) {
        String line = line(text, p.getLine());
        if (line == null) return p.getCharacter();
        int start = Math.min(Math.max(0, p.getCharacter()), line.length());
        while (start > 0 && part(line.codePointBefore(start))) start -= Character.charCount(line.codePointBefore(start));
        return start;
    }

    private static boolean part(int cp) {
        return cp == '_' || Character.isLetterOrDigit(cp);
    }

    /** The 0-based line of the text without its terminator, or null past the end. */
    static String line(String text, int line) {
        int start = 0;
        for (int i = 0; i < line; i++) {
            int nl = text.indexOf('\n', start);
            if (nl < 0) return null;
            start = nl + 1;
        }
        int end = text.indexOf('\n', start);
        if (end < 0) end = text.length();
        if (end > start && text.charAt(end - 1) == '\r') end--;
        return text.substring(start, end);
    }
}
