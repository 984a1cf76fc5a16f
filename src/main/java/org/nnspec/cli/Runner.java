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
import org.nnspec.eval.RunPolicy;
import org.nnspec.eval.StopReason;
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
                new Output.Settings(options.precision, color, options.depth == null ? 0 : options.depth, options.dtype));
    }

    private static int runOne(Main.Context context, Commands.RunOptions options, String name, boolean checkOnly) {
        // the interpreter made below, for the limits to stop; the clock starts before the file
        // is read and parsed, which take time of their own on a large one
        Interpreter[] running = new Interpreter[1];
        Output[] shown = new Output[1];
        Thread watchdog = options.maxNanos > 0 ? watchdog(running, shown, context, options.maxNanos) : null;
        try {
            return runOne(context, options, name, checkOnly, running, shown);
        } finally {
            if (watchdog != null) watchdog.interrupt();
        }
    }

    private static int runOne(Main.Context context, Commands.RunOptions options, String name, boolean checkOnly,
                              Interpreter[] running, Output[] shown) {
        PrintStream out = checkOnly ? new PrintStream(java.io.OutputStream.nullOutputStream()) : context.out();
        if (options.maxOutputBytes > 0 && !checkOnly) {
            out = new PrintStream(new LimitedOutputStream(context.out(), options.maxOutputBytes, () -> {
                if (running[0] != null) running[0].requestStop(StopReason.OUTPUT_LIMIT);
            }), false, java.nio.charset.StandardCharsets.UTF_8);
        }
        Output output = output(context, options, out);
        shown[0] = output;
        Loaded loaded = load(context, output, name);
        if (loaded.exitCode != 0) return loaded.exitCode;
        Path path = loaded.path;
        Diagnostics diags = loaded.diags;
        Program program = loaded.program;
        Interpreter interpreter = new Interpreter(output, diags, SourceLoader::forImport);
        running[0] = interpreter;
        interpreter.setExplainAll(options.explain);
        interpreter.setPrecision(options.precision);
        interpreter.setPolicy(policy(options, path));
        interpreter.run(program, path);
        output.flush();
        return diags.hasErrors() ? 1 : 0;
    }

    /**
     * A file read and parsed: its program, path (null for standard input) and diagnostics, or
     * the exit code of a file that could not be read (2) or parsed (1), its diagnostics shown.
     */
    record Loaded(Program program, Path path, Diagnostics diags, int exitCode) {}

    static Loaded load(Main.Context context, Output output, String name) {
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
            return new Loaded(null, null, null, 2);
        } catch (SourceLoader.EncodingProblem e) {
            output.diagnostic(e.diagnostic());
            output.flush();
            return new Loaded(null, null, null, 1);
        } catch (java.nio.file.InvalidPathException e) {
            context.err().println("nnspec: cannot read '" + name + "': not a valid path");
            return new Loaded(null, null, null, 2);
        }
        Diagnostics diags = new Diagnostics();
        Program program = Parser.parse(file, diags);
        if (program == null) {
            for (Diagnostic d : diags.all()) output.diagnostic(d);
            output.flush();
            return new Loaded(null, path, diags, 1);
        }
        return new Loaded(program, path, diags, 0);
    }

    /** What the run may touch: in the sandbox, imports beside the file and plots inside --out. */
    private static RunPolicy policy(Commands.RunOptions options, Path path) {
        if (!options.sandbox) return new RunPolicy(false, null, options.out);
        Path root;
        try {
            root = (path == null ? Path.of("") : path.toAbsolutePath().getParent()).toRealPath();
        } catch (java.io.IOException e) {
            root = Path.of("").toAbsolutePath();
        }
        return new RunPolicy(true, root, options.out);
    }

    /**
     * --max-time: at the deadline the interpreter is asked to stop at its next check (a loop
     * step, a sequence step, a statement), which reports where it was; a statement that reaches
     * none within a second more ends the process with the same diagnostic.
     */
    private static Thread watchdog(Interpreter[] running, Output[] shown, Main.Context context, long nanos) {
        Thread t = new Thread(() -> {
            try {
                java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);
                if (running[0] != null) running[0].requestStop(StopReason.TIME_LIMIT);
                if (!context.ownsProcess()) return; // in-process (tests): the stop request is all
                Thread.sleep(1000);
            } catch (InterruptedException finished) {
                return;
            }
            org.nnspec.diag.Span at = running[0] == null ? null : running[0].runningStatement();
            if (shown[0] == null) {
                context.err().println("nnspec: " + StopReason.TIME_LIMIT.message);
                context.err().flush();
                Runtime.getRuntime().halt(1);
            }
            Output output = shown[0];
            output.diagnostic(at == null
                    ? Diagnostic.error(org.nnspec.diag.Span.NONE, StopReason.TIME_LIMIT.message, StopReason.TIME_LIMIT.help)
                    : Diagnostic.error(at, StopReason.TIME_LIMIT.message, StopReason.TIME_LIMIT.help));
            output.flush();
            context.out().flush();
            Runtime.getRuntime().halt(1);
        }, "nnspec-max-time");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
