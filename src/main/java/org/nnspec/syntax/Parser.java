package org.nnspec.syntax;

import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;
import org.nnspec.ast.Program;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.SourceFile;
import org.nnspec.diag.Span;
import org.nnspec.syntax.gen.NNSpecLexer;
import org.nnspec.syntax.gen.NNSpecParser;

/**
 * Source text to AST: lexer, layout filter, parser, AST builder. Parses with ANTLR's fast SLL
 * mode first and falls back to full LL (with error reporting) only when that fails.
 */
public final class Parser {
    private Parser() {}

    /** The program, or null when there were syntax errors (they are in {@code diags}). */
    public static Program parse(SourceFile file, Diagnostics diags) {
        Diagnostics syntax = new Diagnostics();
        NNSpecParser.ProgramContext tree;
        LayoutFilter filter = filter(file);
        NNSpecParser parser = parser(filter);
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            tree = parser.program();
        } catch (ParseCancellationException e) {
            if (filter.tooDeep() != null) return tooDeep(file, filter.tooDeep(), diags);
            filter = filter(file);
            parser = parser(filter);
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            parser.setErrorHandler(new RecoveryStrategy());
            parser.addErrorListener(new SyntaxErrors(file, syntax));
            try {
                tree = parser.program();
            } catch (ParseCancellationException enough) {
                // SyntaxErrors stopped the parse after MAX_ERRORS: it has said so
                syntax.all().forEach(diags::report);
                return null;
            }
        }
        Token deep = filter.tooDeep();
        if (deep != null) return tooDeep(file, deep, diags);
        syntax.all().forEach(diags::report);
        if (syntax.hasErrors()) return null;
        Diagnostics built = new Diagnostics();
        AstBuilder builder = new AstBuilder(file, built);
        Program program = new Program(file, builder.program(tree), builder.calledNames());
        built.all().forEach(diags::report);
        return built.hasErrors() ? null : program;
    }

    /**
     * Nesting beyond LayoutFilter.MAX_DEPTH: one located error. The fast parse has failed on
     * the abandoned input; the slow one with error recovery is not tried, as it would spend
     * seconds reporting the echoes of the same problem.
     */
    private static Program tooDeep(SourceFile file, Token deep, Diagnostics diags) {
        int col = deep.getCharPositionInLine() + 1;
        diags.error(new Span(file, deep.getLine(), col, deep.getLine(), col + 1),
                "brackets are nested more than " + LayoutFilter.MAX_DEPTH + " deep here",
                "split the expression into named parts");
        return null;
    }

    private static LayoutFilter filter(SourceFile file) {
        NNSpecLexer lexer = new NNSpecLexer(CharStreams.fromString(file.text(), file.name()));
        lexer.removeErrorListeners();
        return new LayoutFilter(lexer);
    }

    private static NNSpecParser parser(LayoutFilter filter) {
        // The whole file is lexed before parsing starts, so the layout filter has seen all of
        // it: brackets nested beyond its limit are known whichever way the parse goes.
        CommonTokenStream tokens = new CommonTokenStream(filter);
        tokens.fill();
        NNSpecParser parser = new NNSpecParser(tokens);
        parser.removeErrorListeners();
        return parser;
    }
}
