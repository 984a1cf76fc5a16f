package org.nnspec.cli;

/** Starts the interactive session. */
final class ReplLauncher {
    private ReplLauncher() {}

    static int start(Main.Context context, Commands.RunOptions options) {
        context.err().println("nnspec: the interactive session is not available yet in this build; "
                + "run a file: nnspec FILE");
        return 2;
    }
}
