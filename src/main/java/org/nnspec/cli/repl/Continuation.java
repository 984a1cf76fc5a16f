package org.nnspec.cli.repl;

import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.nnspec.syntax.LayoutFilter;
import org.nnspec.syntax.gen.NNSpecLexer;
import org.nnspec.syntax.gen.NNSpecParser;

/**
 * Decides whether typed text is a complete input or needs another line: it runs the
 * language's own lexer over the text (so brackets inside strings and comments do not count)
 * and asks for more while a {@code ( [ {} is open, or the last token is a binary operator,
 * a comma, {@code =}, {@code in}, {@code else}, or a line-joining backslash. Surplus closing
 * brackets or an unterminated string make the input complete: the parser then reports them,
 * and so do two empty lines in a row, and a line starting with ':' (a session command:
 * no line of code starts with one).
 */
public final class Continuation {
    /** Inputs longer than this are submitted as they are, so a runaway paste cannot grow forever. */
    static final int MAX_CHARS = 1 << 20;

    private Continuation() {}

    /** True when {@code text} is unfinished and the next line belongs to it. */
    public static boolean needsMore(String text) {
        if (text.length() > MAX_CHARS || endsWithTwoBlankLines(text) || lastLine(text).startsWith(":")) return false;
        NNSpecLexer lexer = new NNSpecLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        int depth = 0;
        Token last = null;
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
            int type = t.getType();
            if (type == NNSpecLexer.UNTERMINATED_STRING) return false;
            if (type == NNSpecLexer.LPAREN || type == NNSpecLexer.LBRACK || type == NNSpecLexer.LBRACE) {
                depth++;
            } else if (type == NNSpecLexer.RPAREN || type == NNSpecLexer.RBRACK || type == NNSpecLexer.RBRACE) {
                depth--;
                if (depth < 0) return false;
            }
            if (type != NNSpecLexer.NEWLINE) last = t;
        }
        return depth > 0 || last != null && continues(last);
    }

    /** The last line, without leading white space. */
    static String lastLine(String text) {
        return text.substring(text.lastIndexOf('\n') + 1).stripLeading();
    }

    /**
     * Two empty lines in a row end an unfinished input anyway, so a stray {@code (} cannot
     * swallow the rest of a piped script: the input goes to the parser, which reports it.
     */
    static boolean endsWithTwoBlankLines(String text) {
        int end = text.length();
        for (int blank = 0; blank < 2; blank++) {
            int nl = text.lastIndexOf('\n', end - 1);
            if (nl < 0 || !text.substring(nl + 1, end).isBlank()) return false;
            end = nl;
        }
        return !text.substring(0, end).isBlank();
    }

    /** Ends an input that must go on: the file rule (a binary operator, ',' or '='), and also 'in' and 'else'. */
    private static boolean continues(Token t) {
        int type = t.getType();
        if (LayoutFilter.continuesExpression(type) || type == NNSpecLexer.ASSIGN || type == NNSpecLexer.COMMA) return true;
        if (type == NNSpecParser.IN || type == NNSpecParser.ELSE) return true;
        return type == NNSpecLexer.BAD_CHAR && t.getText().equals("\\");
    }
}
