package org.nnspec.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The command line (LANGUAGE.md section 1), declared for picocli. */
final class Commands {
    private Commands() {}

    static final class Version implements IVersionProvider {
        @Override public String[] getVersion() { return new String[] {"nnspec " + Main.version()}; }
    }

    /** Options shared by {@code run}, {@code check} and the bare {@code nnspec FILE…}. */
    static final class RunOptions {
        @Option(names = "--format", paramLabel = "text|json", description = "output format (default: text)",
                converter = FormatConverter.class)
        Runner.Format format = Runner.Format.TEXT;

        @Option(names = "--explain", description = "show the work behind every result")
        boolean explain;

        @Option(names = "--precision", paramLabel = "N", description = "significant digits for reals (default: 6)")
        int precision = 6;

        @Option(names = "--no-color", description = "no colour in diagnostics (also: NO_COLOR in the environment)")
        boolean noColor;

        @Option(names = "--depth", paramLabel = "N", description = "fold network summaries below this depth")
        Integer depth;
    }

    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Runner.Format> {
        @Override
        public Runner.Format convert(String value) {
            switch (value) {
                case "text": return Runner.Format.TEXT;
                case "json": return Runner.Format.JSON;
                default: throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a format: use text or json");
            }
        }
    }

    @Command(name = "nnspec", mixinStandardHelpOptions = true, versionProvider = Version.class,
            subcommands = {Run.class, Check.class, Repl.class, Layers.class},
            description = {"Shapes, parameter counts, gradients and attention, worked out from a .nnspec file.", ""},
            footer = {"", "With no FILE on a terminal, starts the interactive session (nnspec repl).",
                    "Exit codes: 0 success, 1 errors in the program, 2 usage or I/O error."})
    static final class Top implements Callable<Integer> {
        final Main.Context context;

        @Mixin RunOptions options;

        @Parameters(paramLabel = "FILE", arity = "0..*", description = "files to run ('-' reads standard input)")
        List<String> files = new ArrayList<>();

        Top(Main.Context context) { this.context = context; }

        @Override
        public Integer call() {
            if (files.isEmpty()) return Repl.start(context, options);
            return Runner.run(context, options, files, false);
        }
    }

    @Command(name = "run", description = "run files (the default command)", mixinStandardHelpOptions = true)
    static final class Run implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand Top top;
        @Mixin RunOptions options;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "files to run ('-' reads standard input)")
        List<String> files = new ArrayList<>();

        @Override public Integer call() { return Runner.run(top.context, options, files, false); }
    }

    @Command(name = "check", description = "parse and check, printing diagnostics only", mixinStandardHelpOptions = true)
    static final class Check implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand Top top;
        @Mixin RunOptions options;

        @Parameters(paramLabel = "FILE", arity = "1..*", description = "files to check ('-' reads standard input)")
        List<String> files = new ArrayList<>();

        @Override public Integer call() { return Runner.run(top.context, options, files, true); }
    }

    @Command(name = "repl", description = "interactive session", mixinStandardHelpOptions = true)
    static final class Repl implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand Top top;
        @Mixin RunOptions options;

        @Override public Integer call() { return start(top.context, options); }

        static int start(Main.Context context, RunOptions options) {
            return ReplLauncher.start(context, options);
        }
    }

    @Command(name = "layers", description = "the layer catalog, or one layer's signature and rules",
            mixinStandardHelpOptions = true)
    static final class Layers implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand Top top;

        @Parameters(paramLabel = "NAME", arity = "0..1", description = "a layer, such as Conv2d")
        String name;

        @Override public Integer call() { return LayersCommand.run(top.context, name); }
    }
}
