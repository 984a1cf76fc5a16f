package org.nnspec.diag;

/**
 * Text for a terminal: a control character in a string or a label (an escape sequence that
 * would move the cursor, recolour or retitle the terminal) is written as {@code \u001b}.
 * Line breaks and tabs stay (docs/language.md section 14).
 */
public final class ControlChars {
    private ControlChars() {}

    static boolean isControl(char c) {
        return c < 0x20 && c != '\n' && c != '\t' || c == 0x7f || c >= 0x80 && c <= 0x9f;
    }

    /** {@code text} with each control character other than a line break or a tab escaped. */
    public static String escape(String text) {
        int i = 0;
        while (i < text.length() && !isControl(text.charAt(i))) i++;
        if (i == text.length()) return text; // nearly always: no copy
        StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c)) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }
}
