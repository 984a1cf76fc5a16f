package org.nnspec.cli.repl;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.file.Path;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.keymap.KeyMap;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.Reference;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.Size;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.jline.utils.InfoCmp;

/**
 * The session at a terminal, with JLine: line editing, the continuation prompt, history in
 * {@code ~/.nnspec_history}, completion and colour. Ctrl-C drops the input being typed,
 * Ctrl-D on an empty line (or {@code :quit}) ends the session. Only this class and the
 * JLine adapters next to it refer to JLine, so running a file never loads it.
 */
final class TerminalLoop {
    static final String PROMPT = "nnspec> ";
    static final String CONTINUATION = "   ...> ";

    private TerminalLoop() {}

    /** Runs the session on the process's terminal; null when no terminal could be set up. */
    static Integer run(Repl.Settings settings) {
        Terminal terminal;
        try {
            terminal = TerminalBuilder.builder().system(true).name("nnspec").build();
        } catch (IOException | RuntimeException e) {
            return null;
        }
        try (Terminal t = terminal) {
            return run(t, settings, Repl.historyFile(), System.getenv("NO_COLOR") != null);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * A terminal that reports no columns (a fresh {@code docker exec -t}, some CI terminals)
     * is given 80, and 24 rows if it reports none: the line editor draws the prompt and the
     * input by the width, and with 0 it draws nothing readable.
     */
    static void assumeAWidth(Terminal terminal) {
        Size size = terminal.getSize();
        if (size.getColumns() <= 0) terminal.setSize(new Size(80, size.getRows() > 0 ? size.getRows() : 24));
    }

    /** Runs the session on {@code terminal} until {@code :quit} or end of input; returns 0. */
    static int run(Terminal terminal, Repl.Settings settings, String history, boolean noColorEnv) {
        assumeAWidth(terminal);
        boolean color = !settings.noColor() && !noColorEnv && hasColor(terminal);
        Charset cs = terminal.encoding();
        PrintStream out = new PrintStream(terminal.output(), true, cs);
        Session session = new Session(out, out, settings.precision(), color, settings.format(), settings.explain());
        session.dtype(settings.dtype());
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("nnspec")
                .parser(new ReplParser())
                .completer(new ReplCompleter(session))
                .highlighter(new ReplHighlighter(color))
                .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
                .variable(LineReader.HISTORY_SIZE, 2000)
                .variable(LineReader.HISTORY_FILE_SIZE, 2000)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .option(LineReader.Option.HISTORY_IGNORE_SPACE, false);
        if (history != null && !history.isEmpty()) builder.variable(LineReader.HISTORY_FILE, Path.of(history));
        LineReader reader = builder.build();
        // Ctrl-C normally arrives as SIGINT, which JLine turns into UserInterruptException; a
        // terminal that passes it through as a key gets the same effect from this binding
        reader.getWidgets().put("nnspec-cancel", () -> {
            throw new UserInterruptException(reader.getBuffer().toString());
        });
        reader.getKeyMaps().get(LineReader.EMACS).bind(new Reference("nnspec-cancel"), KeyMap.ctrl('C'));
        String prompt = color
                ? new AttributedString(PROMPT, AttributedStyle.BOLD.foreground(AttributedStyle.GREEN)).toAnsi(terminal)
                : PROMPT;
        out.println("nnspec " + settings.version() + " · :help for help, :quit or Ctrl-D to leave");
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt);
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            // Ctrl-C while the input runs stops it (Session.interrupt), not the session
            Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> session.interrupt());
            try {
                if (!submit(session, line)) break;
            } finally {
                terminal.handle(Terminal.Signal.INT, previous);
            }
        }
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            out.println("nnspec: could not save the history: " + e.getMessage());
        }
        out.flush();
        return 0;
    }

    /** A command typed at a continuation prompt ends the unfinished input before it runs. */
    static boolean submit(Session session, String input) {
        String last = Continuation.lastLine(input);
        int nl = input.lastIndexOf('\n');
        if (nl >= 0 && last.startsWith(":")) {
            return session.submit(input.substring(0, nl)) && session.submit(last);
        }
        return session.submit(input);
    }

    private static boolean hasColor(Terminal terminal) {
        if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
            return Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
        }
        Integer colors = terminal.getNumericCapability(InfoCmp.Capability.max_colors);
        return colors != null && colors >= 8;
    }
}
