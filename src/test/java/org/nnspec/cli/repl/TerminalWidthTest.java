package org.nnspec.cli.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

/** A terminal that reports 0 columns is taken to have 80 (issue #21), one that reports a width keeps it. */
class TerminalWidthTest {
    private static Terminal terminal(int columns, int rows) throws IOException {
        return TerminalBuilder.builder().system(false).streams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream())
                .type("xterm").encoding(StandardCharsets.UTF_8).size(new Size(columns, rows)).build();
    }

    @Test void noColumnsBecomeEighty() throws IOException {
        try (Terminal t = terminal(0, 0)) {
            TerminalLoop.assumeAWidth(t);
            assertEquals(new Size(80, 24), t.getSize());
        }
        try (Terminal t = terminal(0, 50)) {
            TerminalLoop.assumeAWidth(t);
            assertEquals(new Size(80, 50), t.getSize());
        }
    }

    @Test void aReportedWidthStays() throws IOException {
        try (Terminal t = terminal(132, 0)) {
            TerminalLoop.assumeAWidth(t);
            assertEquals(new Size(132, 0), t.getSize());
        }
    }
}
