package org.nnspec.eval;

/** Why a running statement was stopped from outside ({@link Interpreter#requestStop(StopReason)}). */
public enum StopReason {
    CTRL_C("interrupted (Ctrl-C)", "everything defined before this statement is still there"),
    TIME_LIMIT("stopped: the run took longer than --max-time allows", "give it more time with --max-time SECONDS"),
    OUTPUT_LIMIT("stopped: the output reached --max-output; the rest was cut", "allow more with --max-output BYTES"),
    /** An editor's analysis (nnspec lsp) of the file being typed; what comes after the statement is not checked. */
    ANALYSIS_TIME_LIMIT("stopped: the editor's analysis took longer than its time limit; the rest of the file was not checked",
            "run the file with bin/nnspec FILE, or start the server with nnspec lsp --max-time SECONDS");

    /** The diagnostic's message and hint. */
    public final String message, help;

    StopReason(String message, String help) {
        this.message = message;
        this.help = help;
    }
}
