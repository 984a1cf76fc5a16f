package org.nnspec.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnspec.cli.Main;

/**
 * Running files you did not write (docs/language.md section 14). Each test works in a
 * temporary folder with decoy files standing for the user's (a secret, an answer key, a
 * Python .pth file) and checks that they are unchanged and unquoted, the refusal's message
 * and the exit code. Time limits here are generous guards, not measurements (README,
 * "Testing"): a 1 s --max-time must end the run within 3 s of its start.
 */
class SandboxTest {
    @TempDir Path root;
    Path work, secret, decoyPth, key;

    record Run(int code, String out, String err, long millis) {}

    @BeforeEach
    void decoys() throws IOException {
        work = Files.createDirectories(root.resolve("work"));
        Path keys = Files.createDirectories(root.resolve("keys"));
        secret = Files.writeString(keys.resolve("x.env"), "API_KEY = \"hunter2\"\n");
        key = Files.writeString(keys.resolve("answers.nnspec"), "answer = 4242\n");
        decoyPth = Files.writeString(work.resolve("site.pth"), "import os\n");
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(work.resolve(name), text);
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int code = Main.run(args, new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                (System.nanoTime() - start) / 1_000_000);
    }

    private void decoysUnchanged() throws IOException {
        assertEquals("API_KEY = \"hunter2\"\n", Files.readString(secret));
        assertEquals("answer = 4242\n", Files.readString(key));
        assertEquals("import os\n", Files.readString(decoyPth));
    }

    // --- always on ---------------------------------------------------------------------------

    @Test void devicesArePlainIoErrors() {
        assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero here");
        Run r = run("/dev/zero");
        assertEquals(2, r.code());
        assertEquals("nnspec: cannot read '/dev/zero': not a regular file (a device, a pipe or a socket)\n", r.err());
    }

    @Test void aNamedPipeIsRefusedBeforeItIsOpened() throws Exception {
        Path fifo = work.resolve("pipe.nnspec");
        Process mk;
        try {
            mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            assumeTrue(false, "no mkfifo here");
            return;
        }
        assumeTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo failed");
        // opening a pipe with no writer would block for ever: both are refused at once
        Run main = run(fifo.toString());
        assertEquals(2, main.code(), main.err());
        assertTrue(main.err().contains("not a regular file"), main.err());
        Run imported = run(file("imports.nnspec", "import \"pipe.nnspec\"\n").toString());
        assertEquals(1, imported.code());
        assertTrue(imported.err().contains("error: cannot read '" + fifo + "': not a regular file"), imported.err());
        assertTrue(imported.err().contains("imports.nnspec:1:8"), imported.err());
    }

    @Test void importReadsOnlyNnspecFilesAndNeverQuotesOthers() throws IOException {
        Run r = run(file("steal.nnspec", "import \"../keys/x.env\"\nprint API_KEY\n").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("error: import reads only .nnspec files, and '../keys/x.env' is not one"), r.err());
        assertFalse((r.out() + r.err()).contains("hunter2"), "the secret is never shown");
        decoysUnchanged();
    }

    @Test void aLinkNamedNnspecToAnotherFileIsNotImported() throws IOException {
        Path link = work.resolve("innocent.nnspec");
        try {
            Files.createSymbolicLink(link, secret);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no symbolic links here");
        }
        Run r = run(file("via_link.nnspec", "import \"innocent.nnspec\"\n").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("'innocent.nnspec' is a link to " + secret.toRealPath() + ", which is not one"), r.err());
        assertFalse(r.err().contains("hunter2"), "a line of the secret is never quoted");
    }

    @Test void theSessionRefusesTheSandboxAndTheLimits() {
        for (String option : new String[] {"--sandbox", "--max-time", "--max-output"}) {
            List<String> args = new ArrayList<>(List.of("repl", option));
            if (!option.equals("--sandbox")) args.add("5");
            Run r = run(args.toArray(new String[0]));
            assertEquals(2, r.code(), option);
            assertTrue(r.err().contains(option + " is for running files"), r.err());
        }
    }

    @Test void aWarningInALoopIsSaidOnce() throws IOException {
        Run r = run(file("warns.nnspec", "for i in range(10000) { x = 10^400 * 1.0 }\n").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.err().split("warning: ", -1).length - 1, r.err());
    }

    @Test void aThousandErrorsEndTheRun() throws IOException {
        Run r = run(file("broken.nnspec", "x = undefined\n".repeat(5000) + "print \"never\"\n").toString());
        assertEquals(1, r.code());
        assertEquals(1001, r.err().split("(?m)^error: ", -1).length - 1);
        assertTrue(r.err().contains("error: 1000 errors: the rest is not run\n    --> "), r.err().substring(r.err().length() - 300));
        assertFalse(r.out().contains("never"));
    }

    @Test void anOversizedImportIsALocatedError() throws IOException {
        Path big = work.resolve("big.nnspec");
        byte[] line = "x = 1\n".getBytes(StandardCharsets.US_ASCII);
        try (var out = Files.newOutputStream(big)) {
            for (long written = 0; written <= 16L * 1024 * 1024; written += line.length) out.write(line);
        }
        Run r = run(file("uses_big.nnspec", "import \"big.nnspec\"\n").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("larger than 16 MiB"), r.err());
        assertTrue(r.err().contains("uses_big.nnspec:1:8"), r.err());
    }

    @Test void plotWritesOnlySvgNeverThroughALinkAndSaysWhenItReplaces() throws IOException {
        Path link = work.resolve("link.svg");
        try {
            Files.createSymbolicLink(link, decoyPth);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no symbolic links here");
        }
        Path program = file("plots.nnspec", String.join("\n",
                "plot([1 2], \"" + decoyPth + "\")",
                "plot([1 2], \"" + link + "\")",
                "plot([1 2], \"" + work.resolve("m.svg") + "\")",
                "plot([1 2], \"" + work.resolve("m.svg") + "\")", ""));
        Run r = run(program.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("error: plot writes only .svg files, and '" + decoyPth + "' does not end in .svg"), r.err());
        assertTrue(r.err().contains("it is a symbolic link, and plot never writes through one"), r.err());
        assertTrue(r.out().contains("wrote " + work.resolve("m.svg") + "\n"), r.out());
        assertTrue(r.out().contains("wrote " + work.resolve("m.svg") + " (it replaced the file that was there)\n"), r.out());
        assertTrue(Files.isSymbolicLink(link));
        decoysUnchanged();
    }

    @Test void controlCharactersAreEscapedInTextOutput() throws IOException {
        Run r = run(file("esc.nnspec", "s = \"red\u001b[31m bell\u0007\"\nprint s\ns\n").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("red\\u001b[31m bell\\u0007\ns = \"red\\u001b[31m bell\\u0007\"\n", r.out());
    }

    @Test void aFailedWriteToStandardOutputIsExit2() throws Exception {
        assumeTrue(Files.exists(Path.of("/dev/full")), "no /dev/full here");
        Path program = file("ok.nnspec", "for i in range(1000) { print \"a line of output\", i }\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), program.toString())
                .redirectOutput(new java.io.File("/dev/full")).redirectErrorStream(false).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue(), err);
        assertTrue(err.contains("nnspec: writing standard output failed"), err);
    }

    // --- --sandbox -------------------------------------------------------------------------

    @Test void sandboxedImportsStayBesideTheFileEvenThroughLinks() throws IOException {
        Path lib = file("lib.nnspec", "k = 7\n");
        Run ok = run("--sandbox", file("uses_lib.nnspec", "import \"lib.nnspec\"\nprint k\n").toString());
        assertEquals(0, ok.code(), ok.err());
        assertEquals("7\n", ok.out());
        Run up = run("--sandbox", file("up.nnspec", "import \"../keys/answers.nnspec\"\nprint answer\n").toString());
        assertEquals(1, up.code());
        assertTrue(up.err().contains("error: the sandbox imports only files inside " + work.toRealPath()), up.err());
        assertFalse(up.out().contains("4242"), up.out());
        Path link = work.resolve("innocent.nnspec");
        try {
            Files.createSymbolicLink(link, key);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no symbolic links here");
        }
        Run linked = run("--sandbox", file("via_link.nnspec", "import \"innocent.nnspec\"\nprint answer\n").toString());
        assertEquals(1, linked.code());
        assertTrue(linked.err().contains("and 'innocent.nnspec' is " + key.toRealPath()), linked.err());
        assertFalse(linked.out().contains("4242"));
        // outside the sandbox the same import is the user's choice, as a script's is
        assertEquals(0, run(file("plain.nnspec", "import \"lib.nnspec\"\n").toString()).code());
        assertTrue(Files.exists(lib));
        decoysUnchanged();
    }

    @Test void sandboxedPlotsGoOnlyInsideOutAndNeverReplace() throws IOException {
        Path program = file("p.nnspec", "plot([1 2], \"m.svg\")\n");
        Run noOut = run("--sandbox", program.toString());
        assertEquals(1, noOut.code());
        assertTrue(noOut.err().contains("the sandbox writes plots only inside the folder given by --out, and there is none"), noOut.err());
        Path out = Files.createDirectories(root.resolve("out"));
        Run first = run("--sandbox", "--out", out.toString(), program.toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(Files.exists(out.resolve("m.svg")));
        Run again = run("--sandbox", "--out", out.toString(), program.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("a file of that name exists, and the sandbox never replaces one"), again.err());
        Run escape = run("--sandbox", "--out", out.toString(),
                file("escape.nnspec", "plot([1 2], \"../work/site.svg\")\nplot([1 2], \"" + work.resolve("abs.svg") + "\")\n").toString());
        assertEquals(1, escape.code());
        assertEquals(2, escape.err().split("is outside it", -1).length - 1, escape.err());
        assertFalse(Files.exists(work.resolve("site.svg")));
        assertFalse(Files.exists(work.resolve("abs.svg")));
        decoysUnchanged();
    }

    @Test void maxTimeStopsAnEndlessRunAtTheRunningStatement() throws IOException {
        Path program = file("endless.nnspec", "a = 1\nfor i in range(10^7) {\n  for j in range(10^7) { x = i * j }\n}\nprint \"never\"\n");
        Run r = run("--max-time", "1", program.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("error: stopped: the run took longer than --max-time allows\n --> " + program + ":2:1"), r.err());
        assertFalse(r.out().contains("never"));
        assertTrue(r.millis() < 3000, "stopped after " + r.millis() + " ms");
    }

    @Test void maxTimeStopsAGradientWhileItReplaysAnAssignment() throws IOException {
        Path program = file("slowgrad.nnspec", "w = 1.0\nk[0] = 1\nk[t] = k[t-1] * w\nz = k[9000000]\ngrad(z, w)\n");
        Run r = run("--max-time", "1", program.toString());
        assertEquals(1, r.code(), r.out());
        assertTrue(r.err().contains("error: stopped: the run took longer than --max-time allows"), r.err());
        assertFalse(r.out().contains("grad(z, w) = 0"), r.out());
    }

    @Test void maxOutputCutsAHugeOutput() throws IOException {
        Path program = file("huge.nnspec", "for i in range(10^6) { print \"spam spam spam\", i }\nprint \"never\"\n");
        Run r = run("--max-output", "1K", program.toString());
        assertEquals(1, r.code());
        assertEquals(1000, r.out().getBytes(StandardCharsets.UTF_8).length);
        assertTrue(r.err().startsWith("error: stopped: the output reached --max-output; the rest was cut\n --> " + program + ":1:1"), r.err());
    }

    @Test void theSandboxHasLimitsByDefault() throws IOException {
        // 10 MB of output: 1,000,000 lines of 11 bytes, and more
        Path program = file("flood.nnspec", "for i in range(2 * 10^6) { print \"0123456789\" }\n");
        Run r = run("--sandbox", program.toString());
        assertEquals(1, r.code());
        assertEquals(10_000_000, r.out().getBytes(StandardCharsets.UTF_8).length);
        assertTrue(r.err().contains("stopped: the output reached --max-output"), r.err());
    }

    @Test void limitOptionsAreCheckedAsUsage() {
        for (String[] bad : List.of(new String[] {"--max-time", "0"}, new String[] {"--max-time", "soon"},
                new String[] {"--max-output", "-5"}, new String[] {"--max-output", "10X"}, new String[] {"--out", "/no/such/folder"})) {
            List<String> args = new ArrayList<>(List.of(bad));
            args.add("-");
            Run r = run(args.toArray(new String[0]));
            assertEquals(2, r.code(), String.join(" ", bad));
            assertTrue(r.err().startsWith("nnspec: "), r.err());
        }
    }
}
