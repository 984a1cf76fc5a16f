package org.nnspec.cli.repl;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nnspec.ast.Program;
import org.nnspec.diag.SourceLoader;
import org.nnspec.diag.Diagnostic;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.SourceFile;
import org.nnspec.diag.Span;
import org.nnspec.eval.Interpreter;
import org.nnspec.eval.Output;
import org.nnspec.eval.OutputFormat;
import org.nnspec.eval.Value;
import org.nnspec.syntax.Parser;

/**
 * One interactive session, independent of how lines are read: a single interpreter whose
 * names persist across inputs, the output settings, and the count of inputs that had errors.
 * Each complete input is parsed as its own source ({@code <input N>}), so a diagnostic quotes
 * the typed line with its caret; {@code :}-commands go to {@link MetaCommands}.
 */
public final class Session {
    private final PrintStream out;
    private final PrintStream err;
    private final int precision;
    private final boolean color;
    private final Diagnostics diags = new Diagnostics();
    private final SwitchableOutput output;
    private final Interpreter interpreter;
    private OutputFormat format;
    private org.nnspec.nn.Cost.DType dtype = org.nnspec.nn.Cost.DType.FP32;
    private int inputs;
    private int failedInputs;

    public Session(PrintStream out, PrintStream err, int precision, boolean color, OutputFormat format, boolean explain) {
        this.out = out;
        this.err = err;
        this.precision = precision;
        this.color = color;
        this.format = format;
        this.output = new SwitchableOutput(outputFor(format));
        this.interpreter = new Interpreter(output, diags, SourceLoader::forImport);
        interpreter.keepAllHistory();
        interpreter.setExplainAll(explain);
    }

    private Output outputFor(OutputFormat f) {
        return f.output(out, err, new Output.Settings(precision, color, 0, dtype));
    }

    /** The format of network summaries' bytes ({@code --dtype}, docs/language.md section 13). */
    public void dtype(org.nnspec.nn.Cost.DType d) {
        dtype = d;
        output.switchTo(outputFor(format));
    }

    /** Handles one complete input (code or a {@code :}-command). Returns false when the session should end. */
    public boolean submit(String input) {
        String trimmed = input.strip();
        if (trimmed.isEmpty()) return true;
        int errorsBefore = diags.errorCount();
        boolean goOn = true;
        try {
            if (trimmed.startsWith(":")) {
                goOn = MetaCommands.run(this, trimmed);
            } else {
                evaluate(input);
            }
        } finally {
            output.flush();
            if (diags.errorCount() > errorsBefore) failedInputs++;
        }
        return goOn;
    }

    private void evaluate(String text) {
        interpreter.clearStop();
        inputs++;
        SourceFile file = new SourceFile("<input " + inputs + ">", text);
        runSource(file, null);
    }

    /** Parses and runs {@code file} in the session; syntax errors are printed and nothing runs. */
    void runSource(SourceFile file, Path path) {
        Diagnostics syntax = new Diagnostics();
        Program program = Parser.parse(file, syntax);
        for (Diagnostic d : syntax.all()) {
            diags.report(d);
            output.diagnostic(d);
        }
        if (program == null) return;
        interpreter.run(program, path);
    }

    /** Reports a problem with a command (no source position); counts as an error. */
    void error(String message, String help) {
        Diagnostic d = Diagnostic.error(Span.NONE, message, help);
        diags.report(d);
        output.diagnostic(d);
    }

    /** A line of information for the person at the keyboard (a JSON note in JSON mode). */
    void note(String text) { output.note(text); }

    void setFormat(OutputFormat f) {
        format = f;
        output.switchTo(outputFor(f));
    }

    OutputFormat format() { return format; }
    int precision() { return precision; }
    public Interpreter interpreter() { return interpreter; }

    /** Ctrl-C while a statement runs: it stops at its next loop or sequence step. */
    public void interrupt() { interpreter.requestStop(); }

    /** The session's own names and values, sorted by name, for {@code :vars} and completion. */
    public Map<String, Value> names() {
        return new TreeMap<>(interpreter.globals().locals());
    }

    /** Names of the session, for completion. */
    public List<String> nameList() { return List.copyOf(names().keySet()); }

    /** How many inputs (code or commands) reported at least one error. */
    public int failedInputs() { return failedInputs; }
}
