package org.nnspec.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that cannot be run: a clear message and the right exit code (docs/language.md section 1):
 * 2 for a file that cannot be read at all, 1 (located) for a problem inside a program,
 * including in an imported file.
 */
class FilesTest {
    @TempDir Path dir;

    private CliProbe.Outcome runFile(Path file, String... options) {
        String[] args = new String[options.length + 1];
        System.arraycopy(options, 0, args, 0, options.length);
        args[options.length] = file.toString();
        return CliProbe.runArgs(new byte[0], args);
    }

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private static void ioError(CliProbe.Outcome o, String message) {
        assertEquals(2, o.code(), o.err());
        assertEquals("nnspec: " + message + "\n", o.err());
    }

    private static void located(CliProbe.Outcome o, String message, String where) {
        assertEquals(1, o.code(), o.err());
        assertTrue(o.err().startsWith("error: " + message), o.err());
        assertTrue(o.err().contains(" --> " + where + "\n"), o.err());
    }

    @Test void missingFileDirectoryAndTooLargeFileAreIoErrors() throws IOException {
        ioError(runFile(dir.resolve("nope.nnspec")), "cannot read '" + dir.resolve("nope.nnspec") + "': no such file");
        ioError(runFile(dir), "cannot read '" + dir + "': it is a directory");
        Path big = dir.resolve("big.nnspec");
        Files.write(big, new byte[(16 << 20) + 1]);
        ioError(runFile(big), "cannot read '" + big + "': larger than 16 MiB");
    }

    @Test void tooLargeStandardInputIsAnIoError() {
        CliProbe.Outcome o = CliProbe.runArgs(new byte[(16 << 20) + 1], "-");
        ioError(o, "standard input is larger than 16 MiB");
    }

    @Test void unreadableFileIsAnIoError() throws IOException {
        Path p = write("secret.nnspec", "1\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(p), "running as root: every file is readable");
        ioError(runFile(p), "cannot read '" + p + "': permission denied");
    }

    @Test void invalidUtf8IsALocatedError() throws IOException {
        Path p = dir.resolve("latin1.nnspec");
        Files.write(p, "x = 1\ns = \"caf\u00e9\"\n".getBytes(StandardCharsets.ISO_8859_1));
        CliProbe.Outcome o = runFile(p);
        located(o, "this file is not valid UTF-8: byte 0xE9 at offset 14", p + ":2:9");
        assertTrue(o.err().contains("help: save the file as UTF-8"), o.err());
    }

    @Test void nulBytesAreLocatedErrors() throws IOException {
        Path p = dir.resolve("nul.nnspec");
        Files.write(p, "x = 1\ny = 2\u0000\n".getBytes(StandardCharsets.UTF_8));
        located(runFile(p), "unexpected character U+0000", p + ":2:6");
        // inside an import path: was an internal error (InvalidPathException)
        Path q = write("nulpath.nnspec", "import \"a\u0000b\"\n");
        located(runFile(q), "this is not a valid file path", q + ":1:8");
    }

    @Test void importProblemsAreLocatedAtTheImport() throws IOException {
        Path missing = write("missing.nnspec", "import \"gone.nnspec\"\n");
        located(runFile(missing), "cannot read '" + dir.resolve("gone.nnspec") + "': no such file", missing + ":1:8");
        Path directory = write("dir.nnspec", "import \"sub.nnspec\"\n");
        Files.createDirectories(dir.resolve("sub.nnspec"));
        located(runFile(directory), "cannot read '" + dir.resolve("sub.nnspec") + "': it is a directory", directory + ":1:8");
        Files.write(dir.resolve("latin1.nnspec"), "s = \"caf\u00e9\"\n".getBytes(StandardCharsets.ISO_8859_1));
        Path bad = write("enc.nnspec", "import \"latin1.nnspec\"\n");
        located(runFile(bad), "this file is not valid UTF-8", bad + ":1:8");
    }

    @Test void importCyclesAreLocatedErrors() throws IOException {
        Path self = write("self.nnspec", "import \"self.nnspec\"\n");
        located(runFile(self), "import cycle: self.nnspec is already being run", self + ":1:8");
        Path a = write("a.nnspec", "x = 1\nimport \"b.nnspec\"\n");
        Path b = write("b.nnspec", "import \"a.nnspec\"\n");
        CliProbe.Outcome o = runFile(a);
        located(o, "import cycle: a.nnspec is already being run", b + ":1:8");
    }

    @Test void deepImportChainsStop() throws IOException {
        for (int i = 0; i < 150; i++) write("chain" + i + ".nnspec", "import \"chain" + (i + 1) + ".nnspec\"\n");
        write("chain150.nnspec", "print \"bottom\"\n");
        CliProbe.Outcome o = runFile(dir.resolve("chain0.nnspec"));
        assertNull(o.violation(), o.violation());
        assertEquals(1, o.code(), o.err());
        assertTrue(o.err().contains("imports are nested more than 100 deep"), o.err());
        assertEquals("", o.out());
    }

    @Test void syntaxErrorsInAnImportAreReportedWithTheImport() throws IOException {
        write("broken.nnspec", "y = (1 +\n");
        Path main = write("main.nnspec", "import \"broken.nnspec\"\nprint 2\n");
        CliProbe.Outcome o = runFile(main);
        assertEquals(1, o.code(), o.err());
        assertTrue(o.err().contains(" --> " + dir.resolve("broken.nnspec") + ":1:"), o.err());
        assertTrue(o.err().contains("the imported file broken.nnspec has syntax errors"), o.err());
        assertEquals("2\n", o.out());
    }
}
