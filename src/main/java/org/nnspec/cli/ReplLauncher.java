package org.nnspec.cli;

import org.nnspec.cli.repl.Repl;

/**
 * Starts the interactive session ({@code nnspec repl}, or no arguments). JLine is loaded
 * only past this point, and only at a terminal, so {@code nnspec FILE} never loads it.
 */
final class ReplLauncher {
    private ReplLauncher() {}

    static int start(Main.Context context, Commands.RunOptions options) {
        Repl.Settings settings = new Repl.Settings(options.precision, options.format,
                options.explain, options.noColor, Main.version(), options.dtype);
        return Repl.start(context.in(), context.out(), context.err(), context.terminal(), settings);
    }
}
