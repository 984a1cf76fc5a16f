package org.nnspec.syntax;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.nnspec.ast.Expr;
import org.nnspec.ast.Limits;
import org.nnspec.ast.Expr.Argument;
import org.nnspec.ast.Expr.BinaryOp;
import org.nnspec.ast.Expr.UnaryOp;
import org.nnspec.ast.Stmt;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.SourceFile;
import org.nnspec.diag.Span;
import org.nnspec.render.Numbers;
import org.nnspec.syntax.gen.NNSpecBaseVisitor;
import org.nnspec.syntax.gen.NNSpecLexer;
import org.nnspec.syntax.gen.NNSpecParser;
import org.nnspec.syntax.gen.NNSpecParser.*;

/**
 * Turns the parse tree into the AST. The only class that sees ANTLR's {@code *Context} types;
 * converts ANTLR's 0-based columns to 1-based spans, once, here.
 */
final class AstBuilder extends NNSpecBaseVisitor<Object> {
    private final SourceFile file;
    private final Diagnostics diags;
    private final java.util.Set<String> calledNames = new java.util.HashSet<>();

    AstBuilder(SourceFile file, Diagnostics diags) {
        this.file = file;
        this.diags = diags;
    }

    List<Stmt> program(ProgramContext ctx) {
        return statements(ctx.statement());
    }

    private List<Stmt> statements(List<StatementContext> list) {
        List<Stmt> out = new ArrayList<>(list.size());
        for (StatementContext s : list) {
            Stmt stmt = statement(s);
            if (stmt != null) out.add(stmt);
        }
        return out;
    }

    private List<Stmt> body(BodyContext ctx) {
        return ctx == null ? List.of() : statements(ctx.statement());
    }

    Span span(ParserRuleContext ctx) {
        Token stop = ctx.stop != null && ctx.stop.getTokenIndex() >= ctx.start.getTokenIndex() ? ctx.stop : ctx.start;
        return span(ctx.start, stop);
    }

    Span span(Token t) {
        return span(t, t);
    }

    Span span(Token start, Token stop) {
        int width = stop.getType() == Token.EOF ? 0 : Math.max(0, stop.getStopIndex() - stop.getStartIndex() + 1);
        return new Span(file, start.getLine(), start.getCharPositionInLine() + 1,
                stop.getLine(), stop.getCharPositionInLine() + 1 + width);
    }

    /** The expressions of a list, in order, unmodifiable. */
    private List<Expr> exprs(List<ExprContext> contexts) {
        return contexts.stream().map(this::expr).toList();
    }

    private Stmt statement(StatementContext ctx) {
        Span span = span(ctx);
        if (ctx instanceof PrintStmtContext c) {
            return new Stmt.Print(exprs(c.expr()), span);
        } else if (ctx instanceof ExplainStmtContext c) {
            return new Stmt.Explain(expr(c.expr()), span);
        } else if (ctx instanceof ImportStmtContext c) {
            return new Stmt.Import(unquote(c.STRING().getSymbol()), span(c.STRING().getSymbol()), span);
        } else if (ctx instanceof NetworkStmtContext c) {
            return new Stmt.NetworkDef(c.IDENT().getText(), span(c.IDENT().getSymbol()), params(c.paramList()),
                    c.paramList() != null, body(c.body()), span);
        } else if (ctx instanceof BlockStmtContext c) {
            return new Stmt.BlockDef(c.IDENT().getText(), span(c.IDENT().getSymbol()), params(c.paramList()),
                    body(c.body()), span);
        } else if (ctx instanceof ForStmtContext c) {
            return new Stmt.For(c.IDENT().getText(), span(c.IDENT().getSymbol()), expr(c.expr()), body(c.body()), span);
        } else if (ctx instanceof IfStmtContext c) {
            return ifStatement(c.ifStatement());
        } else if (ctx instanceof InputStmtContext c) {
            return new Stmt.Input(expr(c.expr()), span);
        } else if (ctx instanceof CompositeStmtContext c) {
            return composite(null, c.composite(), span);
        } else if (ctx instanceof KeywordLabelStmtContext c) {
            String name = c.keyword().getText();
            if (c.composite() != null) return composite(name, c.composite(), span);
            return new Stmt.Layer(name, span(c.keyword()), expr(c.expr()), span);
        } else if (ctx instanceof ExprStmtContext c) {
            return exprStatement(c, span);
        }
        return null; // an alternative the parser could not complete; its error is already reported
    }

    private Stmt composite(String name, CompositeContext ctx, Span span) {
        if (ctx instanceof ResidualStmtContext c) {
            List<Stmt> shortcut = c.SHORTCUT() == null ? null : body(c.body(1));
            Span shortcutSpan = c.SHORTCUT() == null ? null : span(c.SHORTCUT().getSymbol());
            return new Stmt.Residual(name, body(c.body(0)), shortcut, shortcutSpan, span);
        } else if (ctx instanceof ConcatStmtContext c) {
            return new Stmt.Concat(name, args(c.argList()), body(c.body()), span);
        } else if (ctx instanceof MergeStmtContext c) {
            return new Stmt.Merge(name, c.op.getType() == NNSpecParser.MULTIPLY, body(c.body()), span);
        } else if (ctx instanceof ExpertsStmtContext c) {
            return new Stmt.Experts(name, args(c.argList()), body(c.body()), span);
        } else if (ctx instanceof BranchStmtContext c) {
            return new Stmt.Branch(name, body(c.body()), span);
        } else if (ctx instanceof RepeatStmtContext c) {
            return new Stmt.Repeat(name, expr(c.expr()), body(c.body()), span);
        }
        return null; // as above
    }

    /**
     * An expression, or one followed by {@code = value} (x = …, h[t] = …) or {@code : layer}
     * (conv1: Conv2d(…), stage: residual { … }): what stands before '=' or ':' is checked here.
     */
    private Stmt exprStatement(ExprStmtContext c, Span span) {
        ExprContext first = c.expr(0);
        if (c.ASSIGN() != null) {
            Token name = plainName(first);
            if (name != null) return new Stmt.Assign(name.getText(), span(name), expr(c.expr(1)), span);
            ArgListContext index = lastIndex(first);
            if ((name = indexedName(first)) != null
                    && index.arg().size() == 1 && index.COMMA().isEmpty() && index.arg(0).ASSIGN() == null) {
                return new Stmt.SequenceDef(name.getText(), span(name), expr(index.arg(0).expr(0)), expr(c.expr(1)), span);
            }
            diags.error(span(first), "cannot assign to this: the left of = is a name (x = 1) or a sequence step (h[t] = …)",
                    index != null ? "a sequence step is a name with one index, as in h[t]" : "to compare, write ==");
            return null;
        }
        if (c.COLON() != null) {
            Token name = plainName(first);
            if (name == null) {
                diags.error(span(first), "a layer's name before ':' must be a plain name, as in conv1: Conv2d(3, 16, 3)", null);
                return null;
            }
            if (c.composite() != null) return composite(name.getText(), c.composite(), span);
            return new Stmt.Layer(name.getText(), span(name), expr(c.expr(1)), span);
        }
        return new Stmt.ExprStmt(expr(first), span);
    }

    /** The name token when the expression is a bare name, else null. */
    private static Token plainName(ExprContext e) {
        return e instanceof AtomExprContext a && a.atom() instanceof NameAtomContext n ? n.IDENT().getSymbol() : null;
    }

    /** When the expression is an index ({@code h[t]}, {@code a.b[1]}), its argument list, else null. */
    private static ArgListContext lastIndex(ExprContext e) {
        return e instanceof IndexContext i ? i.argList() : null;
    }

    /** For {@code h[t]}, the name h: a bare name with one index step after it and nothing else. */
    private static Token indexedName(ExprContext e) {
        return e instanceof IndexContext i ? plainName(i.expr()) : null;
    }

    private Stmt.If ifStatement(IfStatementContext c) {
        List<Stmt> otherwise = List.of();
        if (c.ifStatement() != null) {
            otherwise = List.of(ifStatement(c.ifStatement()));
        } else if (c.body().size() > 1) {
            otherwise = body(c.body(1));
        }
        return new Stmt.If(expr(c.expr()), body(c.body(0)), otherwise, span(c));
    }

    private List<Stmt.Param> params(ParamListContext ctx) {
        if (ctx == null) return List.of();
        List<Stmt.Param> out = new ArrayList<>();
        for (ParamContext p : ctx.param()) {
            out.add(new Stmt.Param(p.IDENT().getText(), p.expr() == null ? null : expr(p.expr()), span(p)));
        }
        return out;
    }

    private List<Argument> args(ArgListContext ctx) {
        if (ctx == null) return List.of();
        List<Argument> out = new ArrayList<>();
        for (ArgContext a : ctx.arg()) {
            if (a.ASSIGN() == null) {
                out.add(new Argument(null, null, expr(a.expr(0)), span(a)));
                continue;
            }
            ExprContext left = a.expr(0);
            Token name = plainName(left);
            if (name == null) {
                diags.error(span(left), "a keyword argument's name must be a plain name, as in kernel_size=3",
                        "to compare, write ==");
                continue;
            }
            out.add(new Argument(name.getText(), span(name), expr(a.expr(1)), span(a)));
        }
        return out;
    }

    /** An expression: one record per labelled alternative of the grammar's expression rule. */
    Expr expr(ExprContext ctx) {
        return (Expr) ctx.accept(this);
    }

    @Override
    public Expr visitAtomExpr(AtomExprContext c) {
        return (Expr) c.atom().accept(this);
    }

    @Override
    public Expr visitCall(CallContext c) {
        Expr callee = expr(c.expr());
        if (callee instanceof Expr.Name n) calledNames.add(n.name());
        return new Expr.Call(callee, args(c.argList()), span(c));
    }

    /** The names called in what has been built so far (Program.calledNames). */
    java.util.Set<String> calledNames() { return calledNames; }

    @Override
    public Expr visitIndex(IndexContext c) {
        return new Expr.Index(expr(c.expr()), args(c.argList()), span(c));
    }

    @Override
    public Expr visitField(FieldContext c) {
        return new Expr.Field(expr(c.expr()), c.name.getText(), span(c.name), span(c));
    }

    @Override
    public Expr visitUnary(UnaryContext c) {
        return new Expr.Unary(c.op.getType() == NNSpecLexer.MINUS ? UnaryOp.NEG : UnaryOp.PLUS, expr(c.expr()), span(c));
    }

    @Override
    public Expr visitNot(NotContext c) {
        return new Expr.Unary(UnaryOp.NOT, expr(c.expr()), span(c));
    }

    @Override
    public Expr visitPower(PowerContext c) {
        return binary(c.expr(0), c.CARET().getSymbol(), c.expr(1), c);
    }

    @Override
    public Expr visitMultiplicative(MultiplicativeContext c) {
        return binary(c.expr(0), c.op, c.expr(1), c);
    }

    @Override
    public Expr visitAdditive(AdditiveContext c) {
        return binary(c.expr(0), c.op, c.expr(1), c);
    }

    @Override
    public Expr visitComparison(ComparisonContext c) {
        return binary(c.expr(0), c.op, c.expr(1), c);
    }

    @Override
    public Expr visitAnd(AndContext c) {
        return binary(c.expr(0), c.AND().getSymbol(), c.expr(1), c);
    }

    @Override
    public Expr visitOr(OrContext c) {
        return binary(c.expr(0), c.OR().getSymbol(), c.expr(1), c);
    }

    private Expr binary(ExprContext left, Token op, ExprContext right, ExprContext whole) {
        return new Expr.Binary(op(op), expr(left), expr(right), span(op), span(whole));
    }

    private static BinaryOp op(Token t) {
        switch (t.getType()) {
            case NNSpecLexer.CARET: return BinaryOp.POW;
            case NNSpecLexer.AND: return BinaryOp.AND;
            case NNSpecLexer.OR: return BinaryOp.OR;
            case NNSpecLexer.PLUS: return BinaryOp.ADD;
            case NNSpecLexer.MINUS: return BinaryOp.SUB;
            case NNSpecLexer.STAR: return BinaryOp.MUL;
            case NNSpecLexer.SLASH: return BinaryOp.DIV;
            case NNSpecLexer.DSLASH: return BinaryOp.FLOORDIV;
            case NNSpecLexer.PERCENT: return BinaryOp.MOD;
            case NNSpecLexer.AT: return BinaryOp.MATMUL;
            case NNSpecLexer.EQ: return BinaryOp.EQ;
            case NNSpecLexer.NE: return BinaryOp.NE;
            case NNSpecLexer.LT: return BinaryOp.LT;
            case NNSpecLexer.LE: return BinaryOp.LE;
            case NNSpecLexer.GT: return BinaryOp.GT;
            case NNSpecLexer.GE: return BinaryOp.GE;
            default: throw new IllegalStateException("operator " + t.getText());
        }
    }

    /** {@code 1_000} as {@code 1000}; most literals have no '_' and are returned as they are. */
    private static String withoutUnderscores(String literal) {
        return literal.indexOf('_') < 0 ? literal : literal.replace("_", "");
    }

    @Override
    public Expr visitIntAtom(IntAtomContext c) {
        Span span = span(c);
        String digits = withoutUnderscores(c.INT().getText());
        if (digits.length() > Limits.MAX_EXACT_DIGITS) {
            // checked before BigInteger parses it, which takes time quadratic in the digits
            diags.error(span, "this integer has " + Numbers.grouped(digits.length()) + " digits; at most "
                    + Numbers.grouped(Limits.MAX_EXACT_DIGITS) + " are allowed", "write it as a power, or as a real such as 1e400");
            return new Expr.IntLit(BigInteger.ZERO, span);
        }
        return new Expr.IntLit(new BigInteger(digits), span);
    }

    @Override
    public Expr visitRealAtom(RealAtomContext c) {
        return new Expr.RealLit(Double.parseDouble(withoutUnderscores(c.REAL().getText())), span(c));
    }

    @Override
    public Expr visitStringAtom(StringAtomContext c) {
        return new Expr.StrLit(unquote(c.STRING().getSymbol()), span(c));
    }

    @Override
    public Expr visitTrueAtom(TrueAtomContext c) {
        return new Expr.BoolLit(true, span(c));
    }

    @Override
    public Expr visitFalseAtom(FalseAtomContext c) {
        return new Expr.BoolLit(false, span(c));
    }

    @Override
    public Expr visitNameAtom(NameAtomContext c) {
        return new Expr.Name(c.IDENT().getText(), span(c));
    }

    /** A parenthesised expression, or a tuple when there is a comma or nothing inside. */
    @Override
    public Expr visitParenAtom(ParenAtomContext c) {
        if (c.expr().size() == 1 && c.COMMA().isEmpty()) return expr(c.expr(0));
        return new Expr.Tuple(exprs(c.expr()), span(c));
    }

    @Override
    public Expr visitMatrixAtom(MatrixAtomContext c) {
        List<List<Expr>> rows = new ArrayList<>();
        List<Span> rowSpans = new ArrayList<>();
        for (MatrixRowContext row : c.matrixRow()) {
            rows.add(exprs(row.expr()));
            rowSpans.add(span(row));
        }
        return new Expr.Matrix(rows, rowSpans, span(c));
    }

    /**
     * A string literal's text between its quotes, with its escapes {@code \"}, {@code \\},
     * {@code \n} and {@code \t} replaced; any other escape is an error at that escape.
     */
    private String unquote(Token t) {
        String s = t.getText();
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 1; i < s.length() - 1; i++) {
            char ch = s.charAt(i);
            if (ch != '\\' || i + 1 >= s.length() - 1) {
                sb.append(ch);
                continue;
            }
            int next = s.codePointAt(++i);
            switch (next) {
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case '"', '\\' -> sb.append((char) next);
                default -> {
                    int column = t.getCharPositionInLine() + 1 + s.codePointCount(0, i - 1);
                    diags.error(new Span(file, t.getLine(), column, t.getLine(), column + 2),
                            "unknown escape " + escapeShown(next) + " in a string",
                            "the escapes are \\\", \\\\, \\n and \\t; write \\\\ for a backslash itself");
                    sb.appendCodePoint(next);
                    i += Character.charCount(next) - 1;
                }
            }
        }
        return sb.toString();
    }

    /** {@code '\a'}; an invisible character after the backslash as its code point. */
    private static String escapeShown(int codePoint) {
        String ch = SyntaxErrors.describeChar(new String(Character.toChars(codePoint)));
        return ch.startsWith("'") ? "'\\" + ch.substring(1) : "'\\' followed by " + ch;
    }

}
