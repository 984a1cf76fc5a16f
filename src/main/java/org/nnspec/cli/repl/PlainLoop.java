package org.nnspec.cli.repl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The session over standard input that is not a terminal (a pipe, a file): no prompts, no
 * line editing; lines are joined into inputs with the same continuation rule as at the
 * terminal, each input runs and prints at once, and an error does not stop the session.
 */
public final class PlainLoop {
    private PlainLoop() {}

    /** Reads {@code in} to its end (or {@code :quit}); returns 1 when any input had an error, else 0. */
    public static int run(Session session, InputStream in) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        StringBuilder pending = new StringBuilder();
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.strip().startsWith(":")) {
                    // no line of code starts with ':': a command ends an unfinished input
                    String unfinished = pending.toString();
                    pending.setLength(0);
                    if (!unfinished.isEmpty() && !session.submit(unfinished)) return exitCode(session);
                    if (!session.submit(line)) return exitCode(session);
                    continue;
                }
                if (pending.length() == 0) {
                    if (line.isBlank()) continue;
                } else {
                    pending.append('\n');
                }
                pending.append(line);
                String text = pending.toString();
                if (Continuation.needsMore(text)) continue;
                pending.setLength(0);
                if (!session.submit(text)) return exitCode(session);
            }
        } catch (IOException e) {
            session.error("cannot read standard input: " + e.getMessage(), null);
        }
        if (pending.length() > 0) session.submit(pending.toString());
        return exitCode(session);
    }

    static int exitCode(Session session) {
        return session.failedInputs() > 0 ? 1 : 0;
    }
}
