package org.nnspec.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.nnspec.diag.SourceLoader;
import org.nnspec.ast.Program;
import org.nnspec.diag.Diagnostic;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.SourceFile;
import org.nnspec.eval.Interpreter;
import org.nnspec.eval.Output;
import org.nnspec.syntax.Parser;

/** {@code nnspec run} and {@code nnspec check}: read, parse, run, report; compute the exit code. */
final class Runner {
    private Runner() {}

    static int run(Main.Context context, Commands.RunOptions options, List<String> files, boolean checkOnly) {
        int worst = 0;
        for (String name : files) {
            worst = Math.max(worst, runOne(context, options, name, checkOnly));
        }
        return worst;
    }

    static Output output(Main.Context context, Commands.RunOptions options, PrintStream out) {
        boolean color = context.terminal() && !options.noColor && System.getenv("NO_COLOR") == null;
        return options.format.output(out, context.err(),
                new Output.Settings(options.precision, color, options.depth == null ? 0 : options.depth));
    }

    private static int runOne(Main.Context context, Commands.RunOptions options, String name, boolean checkOnly) {
        PrintStream out = checkOnly ? new PrintStream(java.io.OutputStream.nullOutputStream()) : context.out();
        Output output = output(context, options, out);
        SourceFile file;
        Path path = null;
        try {
            if (name.equals("-")) {
                file = SourceLoader.stdin(context.in());
            } else {
                path = Path.of(name);
                file = SourceLoader.file(name, path);
            }
        } catch (SourceLoader.IoProblem e) {
            context.err().println("nnspec: " + e.getMessage());
            return 2;
        } catch (SourceLoader.EncodingProblem e) {
            output.diagnostic(e.diagnostic());
            return 1;
        } catch (java.nio.file.InvalidPathException e) {
            context.err().println("nnspec: cannot read '" + name + "': not a valid path");
            return 2;
        }
        Diagnostics diags = new Diagnostics();
        Program program = Parser.parse(file, diags);
        if (program == null) {
            for (Diagnostic d : diags.all()) output.diagnostic(d);
            output.flush();
            return 1;
        }
        Interpreter interpreter = new Interpreter(output, diags, SourceLoader::forImport);
        interpreter.setExplainAll(options.explain);
        interpreter.setPrecision(options.precision);
        interpreter.run(program, path);
        output.flush();
        return diags.hasErrors() ? 1 : 0;
    }
}
