package org.nnspec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.nnspec.cli.Main;

/** A program run through the command line in-process, as {@code bin/nnspec run -} runs it: what it printed and its exit code. */
public record ProgramRun(int code, String out, String err) {
    public static ProgramRun of(String program) {
        return run(program, "-");
    }

    /** The command line {@code args} run in-process with {@code stdin} on standard input. */
    public static ProgramRun run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e, false);
        }
        return new ProgramRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
