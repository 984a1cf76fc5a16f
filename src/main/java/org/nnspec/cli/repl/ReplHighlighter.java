package org.nnspec.cli.repl;

import java.util.regex.Pattern;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.jline.reader.Highlighter;
import org.jline.reader.LineReader;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.nnspec.syntax.Keywords;
import org.nnspec.eval.Builtins;
import org.nnspec.nn.LayerCatalog;
import org.nnspec.syntax.gen.NNSpecLexer;

/**
 * Colours the line being typed with the language's own lexer: keywords, numbers, strings,
 * layer names, built-ins, comments and {@code :commands}. Plain when colour is off.
 */
final class ReplHighlighter implements Highlighter {
    private static final AttributedStyle KEYWORD = AttributedStyle.BOLD.foreground(AttributedStyle.MAGENTA);
    private static final AttributedStyle NUMBER = AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN);
    private static final AttributedStyle STRING = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    private static final AttributedStyle LAYER = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    private static final AttributedStyle BUILTIN = AttributedStyle.DEFAULT.foreground(AttributedStyle.BLUE);
    private static final AttributedStyle COMMENT = AttributedStyle.DEFAULT.faint();
    private static final AttributedStyle BAD = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED);
    private static final AttributedStyle COMMAND = AttributedStyle.BOLD;

    private final boolean color;

    ReplHighlighter(boolean color) { this.color = color; }

    @Override
    public AttributedString highlight(LineReader reader, String buffer) {
        if (!color || buffer.length() > Continuation.MAX_CHARS) return new AttributedString(buffer);
        AttributedStringBuilder sb = new AttributedStringBuilder();
        if (buffer.stripLeading().startsWith(":")) {
            int end = buffer.indexOf(' ', buffer.indexOf(':'));
            if (end < 0) end = buffer.length();
            sb.styled(COMMAND, buffer.substring(0, end)).append(buffer.substring(end));
            return sb.toAttributedString();
        }
        NNSpecLexer lexer = new NNSpecLexer(CharStreams.fromString(buffer));
        lexer.removeErrorListeners();
        int at = 0;
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            int start = t.getStartIndex();
            int stop = t.getStopIndex() + 1;
            if (start < at || stop > buffer.length()) break;
            gap(sb, buffer.substring(at, start));
            sb.styled(style(t), buffer.substring(start, stop));
            at = stop;
        }
        gap(sb, buffer.substring(at));
        return sb.toAttributedString();
    }

    /** Text between tokens: white space and comments (the lexer skips both). */
    private static void gap(AttributedStringBuilder sb, String text) {
        int i = 0;
        while (i < text.length()) {
            int hash = text.indexOf('#', i);
            if (hash < 0) { sb.append(text.substring(i)); return; }
            sb.append(text.substring(i, hash));
            int nl = text.indexOf('\n', hash);
            int end = nl < 0 ? text.length() : nl;
            sb.styled(COMMENT, text.substring(hash, end));
            i = end;
        }
    }

    private static AttributedStyle style(Token t) {
        int type = t.getType();
        if (Keywords.isKeyword(type)) return KEYWORD;
        if (type == NNSpecLexer.INT || type == NNSpecLexer.REAL) return NUMBER;
        if (type == NNSpecLexer.STRING) return STRING;
        if (type == NNSpecLexer.UNTERMINATED_STRING || type == NNSpecLexer.BAD_CHAR) return BAD;
        if (type == NNSpecLexer.IDENT) {
            String name = t.getText();
            if (LayerCatalog.has(name)) return LAYER;
            if (Builtins.get(name) != null || Help.SPECIAL_FUNCTIONS.containsKey(name)) return BUILTIN;
        }
        return AttributedStyle.DEFAULT;
    }

    @Override public void setErrorPattern(Pattern errorPattern) {}
    @Override public void setErrorIndex(int errorIndex) {}
}
