package org.nnspec.cli.repl;

import java.util.List;
import org.jline.reader.CompletingParsedLine;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;

/**
 * JLine's view of the buffer: on Enter, asks for another line (JLine then shows the
 * continuation prompt) while {@link Continuation} says the input is unfinished; for
 * completion, the word at the cursor is the identifier being typed, a {@code :command},
 * or the argument of {@code :help} / {@code :load}.
 */
final class ReplParser implements Parser {
    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if ((context == ParseContext.ACCEPT_LINE || context == ParseContext.SECONDARY_PROMPT)
                && !line.strip().startsWith(":") && Continuation.needsMore(line)) {
            throw new EOFError(-1, -1, "the input is not finished");
        }
        return Word.at(line, Math.max(0, Math.min(cursor, line.length())));
    }

    @Override
    public boolean isEscapeChar(char ch) { return false; }

    /** The word under the cursor. */
    record Word(String line, int cursor, int start, int end) implements CompletingParsedLine {
        static Word at(String line, int cursor) {
            String lead = line.stripLeading();
            int offset = line.length() - lead.length();
            if (lead.startsWith(":")) {
                int space = -1;
                for (int i = offset; i < line.length(); i++) {
                    if (Character.isWhitespace(line.charAt(i))) { space = i; break; }
                }
                if (space < 0 || cursor <= space) return new Word(line, cursor, offset, space < 0 ? line.length() : space);
                int start = cursor;
                while (start > space + 1 && !Character.isWhitespace(line.charAt(start - 1))) start--;
                int end = cursor;
                while (end < line.length() && !Character.isWhitespace(line.charAt(end))) end++;
                return new Word(line, cursor, start, end);
            }
            int start = cursor;
            while (start > 0 && identifierPart(line.charAt(start - 1))) start--;
            int end = cursor;
            while (end < line.length() && identifierPart(line.charAt(end))) end++;
            return new Word(line, cursor, start, end);
        }

        static boolean identifierPart(char c) { return c == '_' || Character.isLetterOrDigit(c); }

        /** The text typed before the word: tells the completer what kind of word it is. */
        String before() { return line.substring(0, start); }

        @Override public String word() { return line.substring(start, end); }
        @Override public int wordCursor() { return cursor - start; }
        @Override public int wordIndex() { return 0; }
        @Override public List<String> words() { return List.of(word()); }
        @Override public CharSequence escape(CharSequence candidate, boolean complete) { return candidate; }
        @Override public int rawWordCursor() { return wordCursor(); }
        @Override public int rawWordLength() { return end - start; }
    }
}
