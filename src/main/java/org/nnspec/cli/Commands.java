package org.nnspec.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.MissingArgumentException;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.apache.commons.cli.UnrecognizedOptionException;
import org.nnspec.eval.OutputFormat;

/**
 * The command line (docs/language.md section 1): subcommands {@code run} (the default),
 * {@code check}, {@code repl} and {@code layers}, and their options, parsed with Apache
 * Commons CLI.
 */
final class Commands {
    private static final Set<String> SUBCOMMANDS = Set.of("run", "check", "repl", "layers", "grade", "export", "lsp");

    static final String USAGE = String.join("\n",
            "Usage: nnspec [run|check] [options] FILE...",
            "       nnspec repl [options]",
            "       nnspec layers [NAME]",
            "       nnspec export FILE NETWORK [--to pytorch] [-o OUT.py]",
            "       nnspec grade DIR [--out DIR] [--format text|json] [--max-time S] [--max-output B]",
            "       nnspec lsp [--max-time S]",
            "       nnspec --help | --version",
            "",
            "Shapes, parameter counts, gradients and attention, worked out from a .nnspec file.",
            "",
            "Commands:",
            "  run FILE...      run files (the default command); '-' reads standard input",
            "  check FILE...    parse and run silently, printing diagnostics only",
            "  repl             interactive session (also: no arguments on a terminal)",
            "  layers [NAME]    the layer catalog, or one layer's signature and rules",
            "  export FILE NETWORK",
            "                   write NETWORK as a PyTorch module (an nn.Module per block, the",
            "                   summary's layer names) to standard output or to -o OUT.py",
            "  grade DIR        run every .nnspec file in DIR under --sandbox, each in its own JVM,",
            "                   outputs and plots under --out (default: a new temporary folder);",
            "                   one row per file: status, seconds, errors, output",
            "  lsp              a language server for editors on standard input and output: diagnostics",
            "                   as you type, hover, completion, go to definition (docs/language.md section 16);",
            "                   --max-time bounds each analysis (default: 5)",
            "",
            "Options:",
            "  --format text|json   output format (default: text)",
            "  --explain            show the work behind every result",
            "  --precision N        significant digits for reals (default: 6)",
            "  --depth N            fold blocks deeper than N into one row of a network summary",
            "  --dtype TYPE         a network summary's bytes in fp32 (default), bf16, fp16, fp8, int8 or int4",
            "  --no-color           no colour in diagnostics (also: NO_COLOR in the environment)",
            "  --sandbox            for files you did not write: imports only beside the file, plots",
            "                       only inside --out and never replacing a file, and the limits below",
            "                       on by default (docs/language.md section 14)",
            "  --out DIR            where plot writes (required for plots in the sandbox)",
            "  --max-time SECONDS   stop the run after this long (default: 10 in the sandbox, none otherwise)",
            "  --max-output BYTES   stop the run when its output reaches this size; K, M, G allowed",
            "                       (default: 10M in the sandbox, none otherwise)",
            "  -h, --help           this help",
            "  -V, --version        the version",
            "",
            "Exit codes: 0 success, 1 errors in the program, 2 usage or I/O error.",
            "");

    /** Options shared by {@code run}, {@code check}, {@code repl} and the bare {@code nnspec FILE…}. */
    static final class RunOptions {
        OutputFormat format = OutputFormat.TEXT;
        boolean explain;
        int precision = 6;
        boolean noColor;
        Integer depth;
        org.nnspec.nn.Cost.DType dtype = org.nnspec.nn.Cost.DType.FP32;
        boolean sandbox;
        java.nio.file.Path out;
        /** 0: no limit. */
        long maxNanos;
        /** 0: no limit. */
        long maxOutputBytes;
    }

    static final long SANDBOX_MAX_SECONDS = 10;
    static final long SANDBOX_MAX_OUTPUT = 10_000_000;

    private Commands() {}

    private static Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("format").hasArg().argName("text|json").build());
        o.addOption(Option.builder().longOpt("explain").build());
        o.addOption(Option.builder().longOpt("precision").hasArg().argName("N").build());
        o.addOption(Option.builder().longOpt("depth").hasArg().argName("N").build());
        o.addOption(Option.builder().longOpt("dtype").hasArg().argName("TYPE").build());
        o.addOption(Option.builder().longOpt("no-color").build());
        o.addOption(Option.builder().longOpt("sandbox").build());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("DIR").build());
        o.addOption(Option.builder().longOpt("max-time").hasArg().argName("SECONDS").build());
        o.addOption(Option.builder().longOpt("max-output").hasArg().argName("BYTES").build());
        o.addOption(Option.builder().longOpt("to").hasArg().argName("pytorch").build());
        o.addOption(Option.builder("o").longOpt("output").hasArg().argName("OUT.py").build());
        o.addOption(Option.builder("h").longOpt("help").build());
        o.addOption(Option.builder("V").longOpt("version").build());
        return o;
    }

    /** Usage errors: the message is printed with a pointer to --help, and the exit code is 2. */
    static final class UsageError extends Exception {
        UsageError(String message) { super(message, null, false, false); }
    }

    static int dispatch(Main.Context context, String[] args) {
        String command = args.length > 0 && SUBCOMMANDS.contains(args[0]) ? args[0] : null;
        List<String> rest = Arrays.asList(args).subList(command == null ? 0 : 1, args.length);
        try {
            CommandLine line = new DefaultParser().parse(options(), rest.toArray(new String[0]), false);
            for (String alone : new String[] {"help", "version"}) {
                if (line.hasOption(alone) && !line.getArgList().isEmpty()) {
                    throw new UsageError("--" + alone + " takes no other arguments, but was given '" + line.getArgList().get(0) + "'");
                }
            }
            if (line.hasOption("help")) {
                context.out().print(USAGE);
                return 0;
            }
            if (line.hasOption("version")) {
                context.out().println("nnspec " + Main.version());
                return 0;
            }
            List<String> operands = line.getArgList();
            if ("layers".equals(command)) {
                if (operands.size() > 1) throw new UsageError("layers takes at most one layer name");
                return LayersCommand.run(context, operands.isEmpty() ? null : operands.get(0));
            }
            if (!"export".equals(command)) {
                for (String exportOnly : new String[] {"to", "output"}) {
                    if (line.hasOption(exportOnly)) throw new UsageError("--" + exportOnly + " is an option of export: nnspec export FILE NETWORK --" + exportOnly + " …");
                }
            }
            RunOptions options = runOptions(line);
            if ("export".equals(command)) {
                if (operands.size() != 2) throw new UsageError("export takes a file and a network: nnspec export FILE NETWORK [-o OUT.py]");
                String to = line.getOptionValue("to", "pytorch");
                if (!ExportCommand.TARGETS.contains(to)) {
                    throw new UsageError("export writes " + String.join(", ", ExportCommand.TARGETS) + ", not '" + to + "'");
                }
                String outFile = line.getOptionValue("output");
                return ExportCommand.run(context, options, operands.get(0), operands.get(1), outFile == null ? null : java.nio.file.Path.of(outFile));
            }
            if ("lsp".equals(command)) {
                if (!operands.isEmpty()) throw new UsageError("lsp takes no files: the editor sends them");
                // the only reference to org.nnspec.lsp: a file run never loads LSP4J
                return org.nnspec.lsp.LspCommand.run(context.in(), context.out(), context.err(), options.maxNanos, Main.version());
            }
            if ("grade".equals(command)) {
                if (operands.size() != 1) throw new UsageError("grade takes one folder: nnspec grade DIR");
                return GradeCommand.run(context, options, operands.get(0));
            }
            if ("repl".equals(command) || command == null && operands.isEmpty()) {
                if (!operands.isEmpty()) throw new UsageError("repl takes no files; use :load FILE inside it");
                for (String fileOnly : new String[] {"sandbox", "max-time", "max-output"}) {
                    if (line.hasOption(fileOnly)) {
                        throw new UsageError("--" + fileOnly + " is for running files (the session is your own input): "
                                + "give the file, as in nnspec --" + fileOnly + (fileOnly.equals("sandbox") ? "" : " …") + " FILE, or '-' for standard input");
                    }
                }
                return ReplLauncher.start(context, options);
            }
            if (operands.isEmpty()) throw new UsageError(command + " needs at least one FILE ('-' reads standard input)");
            return Runner.run(context, options, operands, "check".equals(command));
        } catch (UnrecognizedOptionException e) {
            return usage(context.err(), "unknown option '" + e.getOption() + "'");
        } catch (MissingArgumentException e) {
            return usage(context.err(), "option '--" + e.getOption().getLongOpt() + "' needs a value ("
                    + e.getOption().getArgName() + ")");
        } catch (ParseException | UsageError e) {
            return usage(context.err(), e.getMessage());
        }
    }

    private static RunOptions runOptions(CommandLine line) throws UsageError {
        RunOptions o = new RunOptions();
        if (line.hasOption("format")) {
            o.format = OutputFormat.named(line.getOptionValue("format"));
            if (o.format == null) {
                throw new UsageError("'" + line.getOptionValue("format") + "' is not a format: use " + OutputFormat.choices());
            }
        }
        o.explain = line.hasOption("explain");
        o.noColor = line.hasOption("no-color");
        if (line.hasOption("precision")) {
            o.precision = number(line.getOptionValue("precision"), "--precision");
            if (o.precision < 1 || o.precision > 17) {
                throw new UsageError("--precision must be between 1 and 17, not " + o.precision);
            }
        }
        if (line.hasOption("depth")) {
            o.depth = number(line.getOptionValue("depth"), "--depth");
            if (o.depth < 1) throw new UsageError("--depth must be 1 or more, not " + o.depth);
        }
        if (line.hasOption("dtype")) {
            o.dtype = org.nnspec.nn.Cost.DType.of(line.getOptionValue("dtype"));
            if (o.dtype == null) {
                throw new UsageError("'" + line.getOptionValue("dtype") + "' is not a dtype: use " + org.nnspec.nn.Cost.DType.names());
            }
        }
        o.sandbox = line.hasOption("sandbox");
        if (line.hasOption("out")) {
            java.nio.file.Path dir = java.nio.file.Path.of(line.getOptionValue("out"));
            if (!java.nio.file.Files.isDirectory(dir)) {
                throw new UsageError("--out must name an existing folder, and '" + line.getOptionValue("out") + "' is not one");
            }
            try {
                o.out = dir.toRealPath();
            } catch (java.io.IOException e) {
                throw new UsageError("cannot use --out '" + line.getOptionValue("out") + "': " + e.getMessage());
            }
        }
        double seconds = o.sandbox ? SANDBOX_MAX_SECONDS : 0;
        if (line.hasOption("max-time")) {
            String text = line.getOptionValue("max-time");
            try {
                seconds = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new UsageError("--max-time needs a number of seconds, not '" + text + "'");
            }
            if (!(seconds > 0) || seconds > 1e6) throw new UsageError("--max-time must be more than 0 seconds (and at most 1,000,000), not " + text);
        }
        o.maxNanos = (long) (seconds * 1e9);
        o.maxOutputBytes = o.sandbox ? SANDBOX_MAX_OUTPUT : 0;
        if (line.hasOption("max-output")) o.maxOutputBytes = bytes(line.getOptionValue("max-output"));
        return o;
    }

    /** {@code 10M}, {@code 512K}, {@code 1G} or a plain count of bytes (powers of 1000). */
    static long bytes(String text) throws UsageError {
        String t = text.trim();
        long unit = 1;
        if (!t.isEmpty()) {
            switch (Character.toUpperCase(t.charAt(t.length() - 1))) {
                case 'K': unit = 1_000; break;
                case 'M': unit = 1_000_000; break;
                case 'G': unit = 1_000_000_000; break;
                default: break;
            }
            if (unit > 1) t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Long.parseLong(t);
            if (n < 1 || n > Long.MAX_VALUE / unit) throw new NumberFormatException();
            return n * unit;
        } catch (NumberFormatException e) {
            throw new UsageError("--max-output needs a positive number of bytes such as 10M, 512K or 20000, not '" + text + "'");
        }
    }

    private static int number(String text, String option) throws UsageError {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UsageError(option + " needs a whole number, not '" + text + "'");
        }
    }

    private static int usage(PrintStream err, String message) {
        err.println("nnspec: " + message);
        err.println("try 'nnspec --help'");
        return 2;
    }
}
