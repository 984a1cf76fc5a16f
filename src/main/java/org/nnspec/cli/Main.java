package org.nnspec.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Entry point of {@code bin/nnspec} (docs/language.md section 1). Runs on a thread with a large
 * stack, so deeply nested programs end in a diagnostic rather than a stack overflow.
 */
public final class Main {
    private static final long STACK_BYTES = 1L << 30;

    private Main() {}

    public static void main(String[] args) {
        boolean terminal = System.console() != null;
        // Always UTF-8 (the output has ·, ×, →, ᵀ; JSON must be UTF-8): the JDK's default
        // streams follow the locale and printed '?' for each of them under LANG=C. Standard
        // output is buffered unless a person is watching it: the JDK's flushes at every line,
        // a write(2) per row of a 10,000-layer summary.
        PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                terminal, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = run(args, System.in, out, err, terminal, true);
        // A write that failed (a full disk, a closed pipe) is an I/O error: exit 2, said on
        // standard error when that still works.
        if (out.checkError()) {
            err.println("nnspec: writing standard output failed (is the disk full, or the reader gone?)");
            code = 2;
        }
        if (err.checkError()) code = 2;
        System.exit(code);
    }

    /**
     * Runs one command line. {@code terminal} says whether a person is at a terminal (colour,
     * the REPL on no arguments). Returns the exit code: 0 ok, 1 program errors, 2 usage or I/O.
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err, boolean terminal) {
        return run(args, in, out, err, terminal, false);
    }

    /** {@code ownsProcess}: this run is the whole process, which --max-time may end (not so in-process). */
    private static int run(String[] args, InputStream in, PrintStream out, PrintStream err, boolean terminal, boolean ownsProcess) {
        int[] code = {2};
        Thread worker = new Thread(null, () -> code[0] = runHere(args, in, out, err, terminal, ownsProcess), "nnspec", STACK_BYTES);
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return code[0];
    }

    private static int runHere(String[] args, InputStream in, PrintStream out, PrintStream err, boolean terminal, boolean ownsProcess) {
        Context context = new Context(in, out, err, terminal, ownsProcess);
        try {
            return Commands.dispatch(context, args);
        } catch (StackOverflowError e) {
            err.println("nnspec: the program is nested too deeply");
            return 1;
        } catch (RuntimeException e) {
            err.println("nnspec: internal error (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "); please report it");
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * Streams and facts about the environment that commands need; {@code ownsProcess} when the
     * run is the whole process (bin/nnspec), which a statement past --max-time may then end.
     */
    record Context(InputStream in, PrintStream out, PrintStream err, boolean terminal, boolean ownsProcess) {}

    static String version() {
        Properties p = new Properties();
        try (InputStream s = Main.class.getResourceAsStream("/nnspec.properties")) {
            if (s != null) p.load(s);
        } catch (java.io.IOException e) {
            // fall through to the default
        }
        return p.getProperty("version", "unknown");
    }
}
