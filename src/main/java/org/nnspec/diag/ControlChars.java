package org.nnspec.diag;

/**
 * Text for a terminal: a control character in a string or a label (an escape sequence that
 * would move the cursor, recolour or retitle the terminal) is written as {@code \u001b}.
 * Line breaks and tabs stay (docs/language.md section 14).
 */
public final class ControlChars {
    private ControlChars() {}

    private static boolean isBreak(char c) { return c == '\n' || c == '\r'; }

    static boolean isControl(char c) {
        return c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c >= 0x80 && c <= 0x9f;
    }

    /** {@code text} with each control character other than a line break or a tab escaped. */
    public static String escape(String text) {
        return escape(text, false);
    }

    /**
     * One line: also its line breaks escaped, so that a diagnostic's message, which may quote
     * a program's string, is one line that no string can add to.
     */
    public static String escapeLine(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean lineBreaks) {
        // The text can be a whole summary table, scanned while this code is still cold
        // (interpreted): an array, and two comparisons for most characters, since every
        // character escaped is below U+0020 or between U+007F and U+009F.
        char[] chars = text.toCharArray();
        int i = 0;
        for (; i < chars.length; i++) {
            char c = chars[i];
            if ((c < 0x20 || c >= 0x7f && c < 0xa0) && (isControl(c) || lineBreaks && isBreak(c))) break;
        }
        if (i == chars.length) return text; // nearly always: no copy
        StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < chars.length; i++) {
            char c = chars[i];
            if (isControl(c) || lineBreaks && isBreak(c)) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }
}
