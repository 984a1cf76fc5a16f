package org.nnspec.syntax;

import java.util.ArrayDeque;
import java.util.Deque;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.SourceFile;
import org.nnspec.diag.Span;
import org.nnspec.syntax.gen.NNSpecLexer;

/**
 * Turns ANTLR's syntax errors into diagnostics phrased for people: "expected ')' to close the
 * '(' on line 1", "unexpected character '€'", "expected an expression after '+'". Reports at
 * most one error per line, and nothing after an unclosed bracket (everything after it is
 * inside the bracket, so later errors would only be echoes).
 */
final class SyntaxErrors extends BaseErrorListener {
    private final SourceFile file;
    private final Diagnostics diags;
    /** After this many errors the parse stops: the rest are usually echoes, and each costs time. */
    static final int MAX_ERRORS = 50;

    private int lastLine = -1;
    private int reported;
    private boolean unclosedReported;

    SyntaxErrors(SourceFile file, Diagnostics diags) {
        this.file = file;
        this.diags = diags;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int col,
                            String antlrMessage, RecognitionException e) {
        if (unclosedReported || !(offendingSymbol instanceof Token) || !(recognizer instanceof Parser parser)) return;
        Token bad = (Token) offendingSymbol;
        TokenStream tokens = parser.getInputStream();
        Token before = previous(tokens, bad);
        Span where = place(bad, before);
        if (where.line() == lastLine) return;
        lastLine = where.line();
        if (++reported > MAX_ERRORS) {
            diags.error(where, "too many syntax errors (" + MAX_ERRORS + "); stopping here", "correct the ones above first");
            throw new ParseCancellationException();
        }

        int type = bad.getType();
        if (type == NNSpecLexer.BAD_CHAR) {
            String ch = bad.getText();
            diags.error(where, "unexpected character " + describeChar(ch), helpForChar(ch));
            return;
        }
        if (type == NNSpecLexer.UNTERMINATED_STRING) {
            diags.error(where, "this string is never closed", "add a closing '\"' before the end of the line");
            return;
        }
        IntervalSet expected = safeExpected(parser);
        Token open = innermostOpen(tokens, bad);
        boolean statementCouldEnd = expected.contains(NNSpecLexer.NEWLINE) || expected.contains(NNSpecLexer.SEMI);
        if (statementCouldEnd && before != null && bad.getLine() == before.getLine() && type != Token.EOF
                && !isCloser(type) && (open == null || open.getType() == NNSpecLexer.LBRACE)) {
            diags.error(where, "expected the end of the statement before " + describe(bad),
                    "put each statement on its own line, or separate them with ';'");
            return;
        }
        if (type == NNSpecLexer.NEWLINE || type == Token.EOF || type == NNSpecLexer.SEMI) {
            Message missing = missingBody(tokens, before);
            if (missing != null) {
                diags.error(where, missing.text(), missing.help());
                return;
            }
        }
        if (open != null) {
            int closer = closerOf(open.getType());
            boolean laterLine = before != null && bad.getLine() > before.getLine() && open.getType() != NNSpecLexer.LBRACE;
            if (type == Token.EOF || type == NNSpecLexer.NEWLINE || isCloser(type) && type != closer
                    || expected.contains(closer) || laterLine) {
                String msg = "expected '" + text(closer) + "' to close the '" + open.getText() + "' on line "
                        + open.getLine();
                String help = null;
                if (type == Token.EOF) {
                    msg += ", found the end of the file";
                    help = "add the missing '" + text(closer) + "'";
                } else if (laterLine) {
                    msg += ", found " + describe(bad);
                    help = "add the missing '" + text(closer) + "' where the expression ends, on line " + before.getLine();
                } else if (!isCloser(type) && expected.contains(NNSpecLexer.COMMA)) {
                    msg += ", found " + describe(bad);
                    help = "separate items with ','";
                } else if (!isCloser(type) || type != closer) {
                    msg += ", found " + describe(bad);
                }
                diags.error(where, msg, help);
                if (type == Token.EOF || !expected.contains(NNSpecLexer.COMMA) && !closedLater(tokens, open, bad)) {
                    unclosedReported = true;
                }
                return;
            }
        }
        if (isCloser(type) && open == null) {
            diags.error(where, "unmatched '" + bad.getText() + "'",
                    "remove it, or add the '" + text(openerOf(type)) + "' it closes");
            return;
        }
        String after = before == null ? ""
                : before.getType() == NNSpecLexer.NEWLINE ? " at the start of the line"
                : " after '" + before.getText() + "'";
        if (before != null && type == NNSpecLexer.ASSIGN && Keywords.isKeyword(before.getType())) {
            diags.error(new Span(file, before.getLine(), before.getCharPositionInLine() + 1, before.getLine(),
                            before.getCharPositionInLine() + 1 + before.getText().length()), "'" + before.getText() + "' is a keyword, so it cannot be assigned to",
                    "use another name, such as " + before.getText() + "_ (docs/language.md section 2 lists the keywords)");
            return;
        }
        if (expected.contains(NNSpecLexer.INT) && expected.contains(NNSpecLexer.IDENT)) {
            diags.error(where, "expected an expression" + after + ", found " + describe(bad),
                    namelike(type) ? "'" + bad.getText() + "' is a keyword, not a name" : null);
            return;
        }
        if (type == NNSpecLexer.ASSIGN && before != null && before.getType() != NNSpecLexer.IDENT) {
            diags.error(where, "unexpected '='", "only a name or a sequence element h[t] can be assigned; "
                    + "compare with '=='");
            return;
        }
        String wanted = expectedList(expected).replaceFirst("^; expected ", "");
        if (expected.contains(NNSpecLexer.NEWLINE) || expected.contains(NNSpecLexer.SEMI) || expected.contains(Token.EOF)) {
            diags.error(where, "expected the end of the statement before " + describe(bad),
                    "put each statement on its own line, or separate them with ';'");
        } else if (!wanted.isEmpty()) {
            diags.error(where, "expected " + wanted + ", found " + describe(bad), null);
        } else {
            diags.error(where, "did not expect " + describe(bad) + " here", null);
        }
    }

    /** A keyword that reads like a name someone might give a value (add, input, block), not an operator or a command. */
    private static boolean namelike(int type) {
        switch (type) {
            case NNSpecLexer.NETWORK: case NNSpecLexer.BLOCK: case NNSpecLexer.INPUT: case NNSpecLexer.RESIDUAL:
            case NNSpecLexer.SHORTCUT: case NNSpecLexer.CONCAT: case NNSpecLexer.ADD: case NNSpecLexer.MULTIPLY:
            case NNSpecLexer.EXPERTS: case NNSpecLexer.BRANCH: case NNSpecLexer.REPEAT:
                return true;
            default:
                return false;
        }
    }

    /** A diagnostic's text and help. */
    private record Message(String text, String help) {}

    /**
     * A statement that takes a body ({@code repeat 3 {…}}, {@code for}, {@code if}, {@code network},
     * …) ended after {@code before}, without its '{': what to say, or null when the statement
     * is not one of those.
     */
    private static Message missingBody(TokenStream tokens, Token before) {
        if (before == null) return null;
        int i = before.getTokenIndex();
        int start = -1;
        for (; i >= 0; i--) {
            int t = tokens.get(i).getType();
            if (t == NNSpecLexer.NEWLINE || t == NNSpecLexer.SEMI || t == NNSpecLexer.LBRACE) break;
            if (t == NNSpecLexer.RBRACE) return null;
            if (t >= 0 && t != NNSpecLexer.IDENT && t != NNSpecLexer.COLON) start = i;
        }
        if (start < 0) return null;
        Token keyword = tokens.get(start);
        BodyKeyword body = bodyKeyword(keyword.getType());
        if (body == null) return null;
        String kw = keyword.getText();
        if (before == keyword && body.needs() != null) {
            return new Message("expected " + body.needs() + " after '" + kw + "'", "write " + body.example());
        }
        StringBuilder text = new StringBuilder();
        for (int j = start; j <= before.getTokenIndex(); j++) {
            Token t = tokens.get(j);
            if (t.getType() < 0) continue;
            if (text.length() > 0 && t.getStartIndex() > tokens.get(j - 1).getStopIndex() + 1) text.append(' ');
            text.append(t.getText());
        }
        boolean cut = text.length() > 40;
        return new Message("expected '{' to open the body of '" + (cut ? kw + " …" : text) + "'",
                "open it on the same line: " + (cut ? kw + " …" : text) + " { … }");
    }

    /**
     * A keyword whose statement has a body: what it needs between itself and the '{', with an
     * example of the whole statement (both null when the '{' follows it directly).
     */
    private record BodyKeyword(String needs, String example) {}

    /** The body statement {@code keyword} starts, or null when it starts none. */
    private static BodyKeyword bodyKeyword(int keyword) {
        switch (keyword) {
            case NNSpecLexer.REPEAT: return new BodyKeyword("a count", "repeat 3 { … }");
            case NNSpecLexer.FOR: return new BodyKeyword("a loop such as 'for c in [16, 32]'", "for c in [16, 32] { … }");
            case NNSpecLexer.IF: return new BodyKeyword("a condition", "if depth > 2 { … }");
            case NNSpecLexer.NETWORK: return new BodyKeyword("a name", "network Net { input (N, 3, 32, 32) … }");
            case NNSpecLexer.BLOCK: return new BodyKeyword("a name", "block Stage(c) { … }");
            case NNSpecLexer.EXPERTS: return new BodyKeyword("its counts", "experts(count=8, active=2) { … }");
            case NNSpecLexer.RESIDUAL: case NNSpecLexer.SHORTCUT: case NNSpecLexer.CONCAT: case NNSpecLexer.ADD:
            case NNSpecLexer.MULTIPLY: case NNSpecLexer.BRANCH: case NNSpecLexer.ELSE:
                return new BodyKeyword(null, null);
            default: return null;
        }
    }

    /**
     * Whether {@code open} is closed somewhere after {@code bad}. Only a bracket that is never
     * closed silences the rest of the file; one closed later on (as in {@code [1, 2,, 3]}) does
     * not, so the mistakes on later lines are reported too.
     */
    private static boolean closedLater(TokenStream tokens, Token open, Token bad) {
        if (tokens instanceof org.antlr.v4.runtime.BufferedTokenStream b) b.fill();
        int opener = open.getType(), closer = closerOf(opener), depth = 0;
        for (int i = open.getTokenIndex() + 1; i < tokens.size(); i++) {
            int type = tokens.get(i).getType();
            if (type == Token.EOF) return false;
            if (type == opener) depth++;
            else if (type == closer && depth-- == 0) return i >= bad.getTokenIndex();
            // the layout filter ends an open '(' or '[' at the '}' of its block, and so does the parse
            else if (type == NNSpecLexer.RBRACE && opener != NNSpecLexer.LBRACE && depth == 0) return i >= bad.getTokenIndex();
        }
        return false;
    }

    private static IntervalSet safeExpected(Parser parser) {
        try {
            return parser.getExpectedTokens();
        } catch (RuntimeException e) {
            return new IntervalSet();
        }
    }

    private String expectedList(IntervalSet expected) {
        if (expected.size() == 0 || expected.size() > 4) return "";
        StringBuilder sb = new StringBuilder();
        var list = new java.util.ArrayList<>(expected.toList());
        list.remove(Integer.valueOf(Token.EOF));
        list.remove(Integer.valueOf(NNSpecLexer.SEMI));
        list.remove(Integer.valueOf(NNSpecLexer.NEWLINE));
        // symbols and kinds of token first, keywords after them: "expected '{' or 'if'"
        list.sort(java.util.Comparator.comparing((Integer type) -> Keywords.isKeyword(type)).thenComparing(type -> type));
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) sb.append(i == list.size() - 1 ? " or " : ", ");
            sb.append(describeType(list.get(i)));
        }
        return "; expected " + sb;
    }

    private Span place(Token bad, Token before) {
        if ((bad.getType() == Token.EOF || bad.getType() == NNSpecLexer.NEWLINE) && before != null) {
            int width = before.getStopIndex() - before.getStartIndex() + 1;
            int column = before.getCharPositionInLine() + 1 + Math.max(width, 0);
            if (before.getType() == NNSpecLexer.NEWLINE) {
                column = before.getCharPositionInLine() + 1;
            }
            return new Span(file, before.getLine(), column, before.getLine(), column + 1);
        }
        if (bad.getType() == Token.EOF) {
            int line = Math.max(1, file.lineCount());
            int column = file.line(line).length() + 1;
            return new Span(file, line, column, line, column + 1);
        }
        int width = Math.max(1, bad.getStopIndex() - bad.getStartIndex() + 1);
        if (bad.getType() == NNSpecLexer.NEWLINE) width = 1;
        return new Span(file, bad.getLine(), bad.getCharPositionInLine() + 1, bad.getLine(),
                bad.getCharPositionInLine() + 1 + width);
    }

    private static Token previous(TokenStream tokens, Token bad) {
        int i = bad.getTokenIndex() - 1;
        return i >= 0 ? tokens.get(i) : null;
    }

    private static Token innermostOpen(TokenStream tokens, Token bad) {
        Deque<Token> stack = new ArrayDeque<>();
        int end = bad.getTokenIndex();
        for (int i = 0; i < end; i++) {
            Token t = tokens.get(i);
            int type = t.getType();
            if (type == NNSpecLexer.LPAREN || type == NNSpecLexer.LBRACK || type == NNSpecLexer.LBRACE) {
                stack.push(t);
            } else if (isCloser(type)) {
                int opener = openerOf(type);
                if (stack.stream().anyMatch(o -> o.getType() == opener)) {
                    while (!stack.isEmpty() && stack.pop().getType() != opener) {
                        // pop to the matching opener
                    }
                }
            }
        }
        return stack.peek();
    }

    private static boolean isCloser(int type) {
        return type == NNSpecLexer.RPAREN || type == NNSpecLexer.RBRACK || type == NNSpecLexer.RBRACE;
    }

    private static int closerOf(int opener) {
        if (opener == NNSpecLexer.LPAREN) return NNSpecLexer.RPAREN;
        if (opener == NNSpecLexer.LBRACK) return NNSpecLexer.RBRACK;
        return NNSpecLexer.RBRACE;
    }

    private static int openerOf(int closer) {
        if (closer == NNSpecLexer.RPAREN) return NNSpecLexer.LPAREN;
        if (closer == NNSpecLexer.RBRACK) return NNSpecLexer.LBRACK;
        return NNSpecLexer.LBRACE;
    }

    private static String text(int type) {
        String literal = NNSpecLexer.VOCABULARY.getLiteralName(type);
        return literal == null ? NNSpecLexer.VOCABULARY.getSymbolicName(type) : literal.substring(1, literal.length() - 1);
    }

    static String describe(Token t) {
        int type = t.getType();
        if (type == Token.EOF) return "the end of the file";
        if (type == NNSpecLexer.NEWLINE) return "the end of the line";
        if (type == NNSpecLexer.SEMI && !";".equals(sourceText(t))) return "the end of the line";
        if (type == NNSpecLexer.INT || type == NNSpecLexer.REAL) return "the number " + t.getText();
        if (type == NNSpecLexer.IDENT) return "the name '" + t.getText() + "'";
        if (type == NNSpecLexer.STRING) return "the string " + t.getText();
        if (Keywords.isKeyword(type)) return "the keyword '" + t.getText() + "'";
        return "'" + t.getText() + "'";
    }

    private static String sourceText(Token t) {
        var in = t.getInputStream();
        if (in == null || t.getStartIndex() < 0 || t.getStopIndex() < t.getStartIndex()) return "";
        return in.getText(org.antlr.v4.runtime.misc.Interval.of(t.getStartIndex(), t.getStopIndex()));
    }

    private static String describeType(int type) {
        if (type == Token.EOF) return "the end of the file";
        if (type == NNSpecLexer.NEWLINE) return "a new line";
        if (type == NNSpecLexer.IDENT) return "a name";
        if (type == NNSpecLexer.INT || type == NNSpecLexer.REAL) return "a number";
        if (type == NNSpecLexer.STRING) return "a string";
        return "'" + text(type) + "'";
    }

    /**
     * A character as a message shows it: quoted, or as its code point ({@code U+200B}) when
     * it would not be seen: control and format characters (zero-width ones among them),
     * separators other than the space, and unassigned code points.
     */
    static String describeChar(String ch) {
        int cp = ch.codePointAt(0);
        int type = Character.getType(cp);
        if (Character.isISOControl(cp) || !Character.isDefined(cp) || type == Character.FORMAT
                || cp != ' ' && (type == Character.SPACE_SEPARATOR || type == Character.LINE_SEPARATOR
                        || type == Character.PARAGRAPH_SEPARATOR)) {
            return String.format("U+%04X", cp);
        }
        return "'" + ch + "'";
    }

    private static String helpForChar(String ch) {
        switch (ch) {
            case "'": return "strings are written in double quotes: \"text\"";
            case "\\": return "nnspec is not LaTeX: write sqrt(3)*ln(80), not \\sqrt{3}\\ln(80)";
            case "$": return "nnspec is not LaTeX: leave out the '$'";
            case "&": case "|": return "write 'and' / 'or'";
            case "!": return "write 'not x', or '!=' for inequality";
            case "×": case "·": return "write '*' for multiplication and '@' for a matrix product";
            case "−": return "this is a typographic minus: write '-'";
            default: return null;
        }
    }
}
