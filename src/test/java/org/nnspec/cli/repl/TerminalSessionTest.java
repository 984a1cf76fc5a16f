package org.nnspec.cli.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnspec.eval.OutputFormat;

/**
 * The session at a terminal: JLine's external terminal (an emulated xterm with a line
 * discipline, fed keystrokes through a pipe) stands in for a person typing. Each step waits
 * until the screen output shows what a person would wait for.
 */
class TerminalSessionTest {
    private static final long WAIT_MS = 20_000;

    @TempDir Path home;
    private PipedOutputStream keys;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private Terminal terminal;
    private Thread session;
    private final AtomicInteger code = new AtomicInteger(-1);

    @BeforeEach
    void start() throws IOException {
        keys = new PipedOutputStream();
        PipedInputStream in = new PipedInputStream(keys, 1 << 16);
        terminal = TerminalBuilder.builder().system(false).streams(in, screen).type("xterm")
                .encoding(StandardCharsets.UTF_8).size(new org.jline.terminal.Size(120, 40)).build();
        // Ctrl-C reaches the line editor as a key here (a real terminal sends SIGINT instead;
        // both cancel the input: see the tmux check in the report)
        Attributes attributes = terminal.getAttributes();
        attributes.setLocalFlag(Attributes.LocalFlag.ISIG, false);
        terminal.setAttributes(attributes);
        String history = home.resolve("history").toString();
        Repl.Settings settings = new Repl.Settings(6, OutputFormat.TEXT, false, true, "test");
        session = new Thread(() -> code.set(TerminalLoop.run(terminal, settings, history, true)));
        session.setDaemon(true);
        session.start();
    }

    @AfterEach
    void stop() throws Exception {
        session.join(WAIT_MS);
        terminal.close();
    }

    private void type(String s) throws IOException {
        keys.write(s.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    private String screenText() {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    /** Waits until the screen shows {@code text} after position {@code from}; returns where it ends. */
    private int await(String text, int from) throws InterruptedException {
        long end = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < end) {
            String s = plain(screenText());
            int at = s.indexOf(text, from);
            if (at >= 0) return at + text.length();
            Thread.sleep(20);
        }
        fail("the screen never showed " + text + "; it shows:\n" + plain(screenText()));
        return -1;
    }

    /** The screen output without terminal escape sequences. */
    static String plain(String s) {
        return s.replaceAll("\u001b\\[[0-9;?]*[A-Za-z]", "").replaceAll("\u001b[=>]", "").replace("\r", "");
    }

    @Test
    void promptContinuationCompletionAndAnswers() throws Exception {
        int at = await("nnspec> ", 0);
        type("W = [1 2\r");
        at = await("   ...> ", at);
        type("3 4]\r");
        at = await("nnspec> ", at);
        type("sof\t");
        at = await("softmax", at);
        type("(W)\r");
        at = await("softmax(W) = 2×2 matrix", at);
        at = await("0.268941  0.731059", at);            // e/(e + e²) = 1/(1 + e) = 0.268941
        at = await("nnspec> ", at);
        type("nosuch + 1\r");
        at = await("error: 'nosuch' is not defined", at);
        at = await("1 | nosuch + 1", at);
        at = await("^^^^^^", at);
        at = await("nnspec> ", at);
        type("W[1, 0] * 10\r");                             // the session kept W after the error
        at = await("= 30", at);
        at = await("nnspec> ", at);
        type("\u0004");                                     // Ctrl-D on an empty line leaves
        session.join(WAIT_MS);
        assertFalse(session.isAlive(), "the session did not end on Ctrl-D");
        assertEquals(0, code.get());
        String history = Files.readString(home.resolve("history"));
        assertTrue(history.contains("softmax(W)"), history);
    }

    @Test
    void ctrlCCancelsTheInputNotTheSession() throws Exception {
        int at = await("nnspec> ", 0);
        type("x = (1 +\r");
        at = await("   ...> ", at);
        type("\u0003");                                     // Ctrl-C: drop the unfinished input
        at = await("nnspec> ", at);
        type("2 + 2\r");
        at = await("2 + 2 = 4", at);
        assertFalse(plain(screenText()).contains("error"), plain(screenText()));
        type(":quit\r");
        session.join(WAIT_MS);
        assertFalse(session.isAlive(), "the session did not end on :quit");
    }

    @Test
    void ctrlCStopsARunningStatementAndTheSessionGoesOn() throws Exception {
        int at = await("nnspec> ", 0);
        type("h[0] = 0.0; h[t] = h[t-1] + 0.5\r");
        at = await("nnspec> ", at);
        type("h[9000000]; print \"not reached\"\r");        // seconds of work
        at = await("print \"not reached\"\n", at);           // the line is in: it runs now
        // SIGINT while it runs (raised until the statement has seen it)
        long end = System.currentTimeMillis() + WAIT_MS;
        while (!plain(screenText()).contains("interrupted (Ctrl-C)") && System.currentTimeMillis() < end) {
            terminal.raise(Terminal.Signal.INT);
            Thread.sleep(100);
        }
        at = await("error: interrupted (Ctrl-C)", at);
        at = await("nnspec> ", at);
        type("h[3] + 1\r");                                // the session and its definitions are intact
        at = await("h[3] + 1 = 2.5", at);
        assertFalse(plain(screenText()).lines().anyMatch(l -> l.equals("not reached")), "the rest of the input ran after Ctrl-C");
        type(":quit\r");
        session.join(WAIT_MS);
        assertFalse(session.isAlive(), "the session did not end on :quit");
    }

    @Test
    void completionListsLayersWithTheirSignaturesAndTheSessionsNames() throws Exception {
        int at = await("nnspec> ", 0);
        type("my_width = 64\r");
        at = await("nnspec> ", at);
        type("my_w\t");
        at = await("my_width", at);
        type("\r");
        at = await("my_width = 64", at);
        type("MaxPool\t\t");
        at = await("MaxPool2d(kernel_size", at);         // the list shows the signature beside the name
        type("\u0003:q\r");
        session.join(WAIT_MS);
        assertFalse(session.isAlive());
    }
}
