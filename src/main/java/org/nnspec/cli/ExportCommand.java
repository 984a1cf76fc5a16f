package org.nnspec.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.nnspec.diag.Diagnostic;
import org.nnspec.diag.Diagnostics;
import org.nnspec.diag.NnspecException;
import org.nnspec.diag.SourceLoader;
import org.nnspec.eval.ExportSource;
import org.nnspec.eval.Interpreter;
import org.nnspec.eval.Output;
import org.nnspec.export.PyTorchExport;

/**
 * {@code nnspec export FILE NETWORK [--to pytorch] [-o OUT.py]} (docs/language.md section 15):
 * runs the file with its output discarded and its plots not written, builds the network with its defaults, and writes
 * it as a Python module; a file or network with errors is refused with its diagnostics.
 */
final class ExportCommand {
    private ExportCommand() {}

    static final List<String> TARGETS = List.of("pytorch");

    static int run(Main.Context context, Commands.RunOptions options, String fileName, String network, Path outFile) {
        Output output = Runner.output(context, options, new PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            Runner.Loaded loaded = Runner.load(context, output, fileName);
            if (loaded.exitCode() != 0) return loaded.exitCode();
            Diagnostics diags = loaded.diags();
            Interpreter interpreter = new Interpreter(output, diags, SourceLoader::forImport);
            interpreter.setPrecision(options.precision);
            interpreter.setPolicy(org.nnspec.eval.RunPolicy.ANALYSIS); // exporting writes the module, not the file's plots
            interpreter.run(loaded.program(), loaded.path());
            if (diags.hasErrors()) return refuse(context, output, fileName + " has errors, so nothing was exported");
            ExportSource.NetworkSource source;
            Diagnostics built = new Diagnostics();
            try {
                source = ExportSource.network(interpreter, network, built);
            } catch (NnspecException e) {
                output.diagnostic(e.toDiagnostic());
                return refuse(context, output, network + " cannot be built with its defaults, so nothing was exported");
            }
            if (source == null) {
                List<String> names = ExportSource.networkNames(interpreter.globals());
                context.err().println("nnspec: " + fileName + " defines no network named '" + network + "'"
                        + (names.isEmpty() ? " (it defines none)" : "; its networks: " + String.join(", ", names)));
                return 1;
            }
            boolean errors = false;
            for (Diagnostic d : built.all()) {
                if (d.severity() == org.nnspec.diag.Severity.ERROR) {
                    output.diagnostic(d);
                    errors = true;
                }
            }
            if (errors) return refuse(context, output, network + " has errors, so nothing was exported");
            String python;
            try {
                python = PyTorchExport.export(source, fileName, Main.version());
            } catch (NnspecException e) {
                output.diagnostic(e.toDiagnostic());
                return refuse(context, output, network + " cannot be written as PyTorch, so nothing was exported");
            }
            if (outFile == null) {
                context.out().print(python);
                return 0;
            }
            try {
                Files.writeString(outFile, python, StandardCharsets.UTF_8);
            } catch (IOException e) {
                context.err().println("nnspec: cannot write " + outFile + ": " + e.getMessage());
                return 2;
            }
            return 0;
        } finally {
            output.flush();
        }
    }

    private static int refuse(Main.Context context, Output output, String why) {
        output.flush(); // its diagnostics first
        context.err().println("nnspec: " + why);
        return 1;
    }
}
