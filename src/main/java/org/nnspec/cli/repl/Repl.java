package org.nnspec.cli.repl;

import java.io.InputStream;
import java.io.PrintStream;
import org.nnspec.eval.OutputFormat;

/**
 * Starts a session: at a terminal with the JLine line editor ({@link TerminalLoop}, the only
 * class that loads JLine), otherwise reading standard input plainly ({@link PlainLoop}).
 */
public final class Repl {
    private Repl() {}

    /**
     * Settings from the command line ({@code --precision}, {@code --format json},
     * {@code --explain}, {@code --no-color}) and the version shown in the greeting.
     */
    public record Settings(int precision, OutputFormat format, boolean explain, boolean noColor, String version,
                           org.nnspec.nn.Cost.DType dtype) {
        public Settings(int precision, OutputFormat format, boolean explain, boolean noColor, String version) {
            this(precision, format, explain, noColor, version, org.nnspec.nn.Cost.DType.FP32);
        }
    }

    /**
     * Runs a session to its end and returns the exit code: at a terminal always 0; when
     * reading plainly, 1 if any input had an error (so a scripted session can be checked), else 0.
     */
    public static int start(InputStream in, PrintStream out, PrintStream err, boolean terminal, Settings settings) {
        if (terminal) {
            Integer code = TerminalLoop.run(settings);
            if (code != null) return code;
            err.println("nnspec: could not set up the terminal for line editing; reading lines plainly");
        }
        Session session = new Session(out, err, settings.precision(), false, settings.format(), settings.explain());
        session.dtype(settings.dtype());
        return PlainLoop.run(session, in);
    }

    /** Where history is kept: {@code nnspec.history} property, {@code NNSPEC_HISTORY}, or {@code ~/.nnspec_history}; empty means none. */
    static String historyFile() {
        String p = System.getProperty("nnspec.history");
        if (p == null) p = System.getenv("NNSPEC_HISTORY");
        if (p == null) p = System.getProperty("user.home") + java.io.File.separator + ".nnspec_history";
        return p;
    }
}
