package org.nnspec.syntax;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenFactory;
import org.antlr.v4.runtime.TokenSource;
import org.antlr.v4.runtime.misc.Pair;
import org.nnspec.syntax.gen.NNSpecLexer;

/**
 * The token filter between lexer and parser. It knows the bracket depth and applies the
 * layout rules of docs/language.md sections 2 and 5:
 * <ul>
 *   <li>inside {@code ( )} and index brackets ({@code h[t-1]}) newlines are dropped;</li>
 *   <li>inside matrix brackets a newline separates rows (it becomes a {@code ;}), except
 *       right after {@code [}, {@code ;} or {@code ,} and right before {@code ]};</li>
 *   <li>inside matrix brackets whitespace separates elements the way MATLAB does: a
 *       {@code ,} is inserted between two elements written side by side, so {@code [1 -2]}
 *       has two elements while {@code [1 - 2]} and {@code [1-2]} have one;</li>
 *   <li>inside {@code { }} and at top level a newline ends a statement, except after a
 *       binary operator, {@code ,} or {@code =} (the expression goes on) and before
 *       {@code else}.</li>
 * </ul>
 * Brackets nested deeper than {@link #MAX_DEPTH} stop the parse with a located error
 * instead of overflowing the parser's stack.
 */
public final class LayoutFilter implements TokenSource {
    public static final int MAX_DEPTH = 256;

    private enum Bracket { PAREN, INDEX, MATRIX, BRACE }

    private record Open(Bracket kind, Token token) {}

    private final TokenSource lexer;
    private final List<Token> tokens = new ArrayList<>(); // the whole file's, ending with EOF
    private int next; // the index of the next token to take
    private final Deque<Token> pending = new ArrayDeque<>();
    private final Deque<Open> stack = new ArrayDeque<>();
    private Token previous; // last token handed to the parser
    private Token tooDeep;

    /** Lexes the whole input first: the rules look ahead past newlines, and the parser reads it all anyway. */
    public LayoutFilter(TokenSource lexer) {
        this.lexer = lexer;
        Token t;
        do {
            t = lexer.nextToken();
            tokens.add(t);
        } while (t.getType() != Token.EOF);
    }

    /** The bracket that made the nesting too deep, or null. */
    public Token tooDeep() { return tooDeep; }

    @Override
    public Token nextToken() {
        if (!pending.isEmpty()) return emit(pending.poll());
        while (true) {
            Token t = take();
            int type = t.getType();
            if (tooDeep != null && type != Token.EOF) continue; // drain: the parse is abandoned
            Bracket ctx = stack.isEmpty() ? Bracket.BRACE : stack.peek().kind();
            if (type == NNSpecLexer.NEWLINE) {
                Token nl = newline(t, ctx);
                if (nl == null) continue;
                return emit(nl);
            }
            if (type == NNSpecLexer.SEMI && (ctx == Bracket.BRACE && endsStatement(previousType())
                    || ctx == Bracket.MATRIX && previousType() == NNSpecLexer.SEMI)) {
                continue; // a run of separators is one separator
            }
            if (ctx == Bracket.MATRIX && separatesElements(t)) {
                pending.add(t);
                track(t);
                return emit(synthetic(NNSpecLexer.COMMA, ",", previous, t));
            }
            track(t);
            if (type == NNSpecLexer.RBRACE && endsStatement(ctx)) {
                // "branch { } branch { }": a statement that ends with a block may be followed
                // by the next one on the same line.
                pending.add(synthetic(NNSpecLexer.NEWLINE, "\n", t, t));
            }
            return emit(t);
        }
    }

    private boolean endsStatement(Bracket closed) {
        if (closed != Bracket.BRACE) return false;
        switch (peek(0).getType()) {
            case NNSpecLexer.NEWLINE: case NNSpecLexer.SEMI: case Token.EOF: case NNSpecLexer.ELSE:
            case NNSpecLexer.SHORTCUT: case NNSpecLexer.RBRACE: case NNSpecLexer.RPAREN: case NNSpecLexer.RBRACK:
            case NNSpecLexer.COMMA:
                return false;
            default:
                return true;
        }
    }

    private Token newline(Token nl, Bracket ctx) {
        if (ctx == Bracket.PAREN || ctx == Bracket.INDEX) return null;
        int prev = previous == null ? -1 : previous.getType();
        if (ctx == Bracket.MATRIX) {
            if (prev == NNSpecLexer.LBRACK || prev == NNSpecLexer.SEMI || prev == NNSpecLexer.COMMA
                    || continuesExpression(prev)) {
                return null;
            }
            if (nextSignificant().getType() == NNSpecLexer.RBRACK) return null;
            return synthetic(NNSpecLexer.SEMI, ";", nl, nl);
        }
        if (prev == NNSpecLexer.COMMA || prev == NNSpecLexer.ASSIGN || continuesExpression(prev)) return null;
        if (endsStatement(prev)) return null;
        if (nextSignificant().getType() == NNSpecLexer.ELSE && !labelFollows()) return null;
        // residual { … } on one line, shortcut { … } on the next, as else may follow '}'
        if (prev == NNSpecLexer.RBRACE && shortcutBodyFollows()) return null;
        return nl;
    }

    private int previousType() {
        return previous == null ? -1 : previous.getType();
    }

    /**
     * At statement level, a separator right after another separator, after '{' or at the start
     * is redundant. Dropping it keeps every run of separators one token long, so the parser's
     * decisions between "another separator" and "the next statement" look one token ahead
     * instead of scanning the whole run (200,000 blank lines took minutes).
     */
    private static boolean endsStatement(int type) {
        return type == -1 || type == NNSpecLexer.NEWLINE || type == NNSpecLexer.SEMI || type == NNSpecLexer.LBRACE;
    }

    /** Binary operators after which an expression must go on. */
    public static boolean continuesExpression(int type) {
        switch (type) {
            case NNSpecLexer.PLUS: case NNSpecLexer.MINUS: case NNSpecLexer.STAR: case NNSpecLexer.SLASH:
            case NNSpecLexer.DSLASH: case NNSpecLexer.PERCENT: case NNSpecLexer.AT: case NNSpecLexer.CARET:
            case NNSpecLexer.EQ: case NNSpecLexer.NE: case NNSpecLexer.LT: case NNSpecLexer.LE:
            case NNSpecLexer.GT: case NNSpecLexer.GE: case NNSpecLexer.AND: case NNSpecLexer.OR:
            case NNSpecLexer.NOT:
                return true;
            default:
                return false;
        }
    }

    private static boolean endsOperand(int type) {
        switch (type) {
            case NNSpecLexer.INT: case NNSpecLexer.REAL: case NNSpecLexer.STRING: case NNSpecLexer.IDENT:
            case NNSpecLexer.TRUE: case NNSpecLexer.FALSE: case NNSpecLexer.RPAREN: case NNSpecLexer.RBRACK:
                return true;
            default:
                return false;
        }
    }

    private static boolean startsOperand(int type) {
        switch (type) {
            case NNSpecLexer.INT: case NNSpecLexer.REAL: case NNSpecLexer.STRING: case NNSpecLexer.IDENT:
            case NNSpecLexer.TRUE: case NNSpecLexer.FALSE: case NNSpecLexer.LPAREN: case NNSpecLexer.LBRACK:
            case NNSpecLexer.MINUS: case NNSpecLexer.PLUS: case NNSpecLexer.NOT:
                return true;
            default:
                return false;
        }
    }

    /** MATLAB's rule: whitespace between an operand and the start of another separates them. */
    private boolean separatesElements(Token t) {
        if (previous == null || !endsOperand(previous.getType()) || !startsOperand(t.getType())) return false;
        if (!gapBetween(previous, t)) return false;
        int type = t.getType();
        if (type == NNSpecLexer.MINUS || type == NNSpecLexer.PLUS) {
            // "1 - 2" is a difference; "1 -2" is two elements.
            return !gapBetween(t, peek(0));
        }
        return true;
    }

    private static boolean gapBetween(Token a, Token b) {
        return a.getStopIndex() + 1 < b.getStartIndex();
    }

    private void track(Token t) {
        switch (t.getType()) {
            case NNSpecLexer.LPAREN:
                push(Bracket.PAREN, t);
                break;
            case NNSpecLexer.LBRACE:
                push(Bracket.BRACE, t);
                break;
            case NNSpecLexer.LBRACK: {
                Bracket ctx = stack.isEmpty() ? Bracket.BRACE : stack.peek().kind();
                boolean afterOperand = previous != null && endsOperand(previous.getType());
                boolean index = afterOperand && (!gapBetween(previous, t) || ctx != Bracket.MATRIX);
                push(index ? Bracket.INDEX : Bracket.MATRIX, t);
                break;
            }
            case NNSpecLexer.RPAREN:
                pop(Bracket.PAREN);
                break;
            case NNSpecLexer.RBRACE:
                pop(Bracket.BRACE);
                break;
            case NNSpecLexer.RBRACK:
                if (!stack.isEmpty() && (stack.peek().kind() == Bracket.INDEX || stack.peek().kind() == Bracket.MATRIX)) {
                    stack.pop();
                } else {
                    pop(Bracket.MATRIX);
                }
                break;
            default:
                break;
        }
    }

    private void push(Bracket kind, Token t) {
        stack.push(new Open(kind, t));
        if (stack.size() > MAX_DEPTH && tooDeep == null) tooDeep = t;
    }

    /** Pops to the nearest opener of this kind; an unmatched closer is left to the parser. */
    private void pop(Bracket kind) {
        boolean present = false;
        for (Open o : stack) {
            if (o.kind() == kind || (kind == Bracket.MATRIX && o.kind() == Bracket.INDEX)) {
                present = true;
                break;
            }
        }
        if (!present) return;
        while (!stack.isEmpty()) {
            Bracket k = stack.pop().kind();
            if (k == kind || (kind == Bracket.MATRIX && k == Bracket.INDEX)) return;
        }
    }

    private Token emit(Token t) {
        if (t.getType() != Token.EOF || previous == null || previous.getType() != Token.EOF) previous = t;
        return t;
    }

    /** A separator the parser needs but the source spells with whitespace or a newline. */
    private Token synthetic(int type, String text, Token after, Token before) {
        CommonToken c = new CommonToken(new Pair<>(lexer, lexer.getInputStream()), type,
                Token.DEFAULT_CHANNEL, after.getStopIndex() + 1, before.getStartIndex() - 1);
        c.setText(text);
        c.setLine(after.getLine());
        int width = after.getStopIndex() - after.getStartIndex() + 1;
        c.setCharPositionInLine(after.getCharPositionInLine() + width);
        if (after.getType() == NNSpecLexer.NEWLINE) {
            c.setCharPositionInLine(after.getCharPositionInLine());
            c.setStartIndex(after.getStartIndex());
            c.setStopIndex(after.getStopIndex());
        }
        return c;
    }

    private Token take() {
        Token t = tokens.get(next);
        if (next < tokens.size() - 1) next++; // EOF again after the end, as a lexer gives it
        return t;
    }

    private Token peek(int k) {
        return tokens.get(Math.min(next + k, tokens.size() - 1));
    }

    /** Whether the next significant token is a word used as a label ({@code else: Linear(…)}). */
    private boolean labelFollows() {
        int k = 0;
        while (peek(k).getType() == NNSpecLexer.NEWLINE) k++;
        return peek(k + 1).getType() == NNSpecLexer.COLON;
    }

    /** Whether the next significant tokens are {@code shortcut {}, not a layer labelled shortcut. */
    private boolean shortcutBodyFollows() {
        int k = 0;
        while (peek(k).getType() == NNSpecLexer.NEWLINE) k++;
        if (peek(k).getType() != NNSpecLexer.SHORTCUT) return false;
        k++;
        while (peek(k).getType() == NNSpecLexer.NEWLINE) k++;
        return peek(k).getType() == NNSpecLexer.LBRACE;
    }

    private Token nextSignificant() {
        for (int k = 0; ; k++) {
            Token t = peek(k);
            if (t.getType() != NNSpecLexer.NEWLINE) return t;
        }
    }

    @Override public int getLine() { return lexer.getLine(); }
    @Override public int getCharPositionInLine() { return lexer.getCharPositionInLine(); }
    @Override public CharStream getInputStream() { return lexer.getInputStream(); }
    @Override public String getSourceName() { return lexer.getSourceName(); }
    @Override public void setTokenFactory(TokenFactory<?> factory) { lexer.setTokenFactory(factory); }
    @Override public TokenFactory<?> getTokenFactory() { return lexer.getTokenFactory(); }
}
