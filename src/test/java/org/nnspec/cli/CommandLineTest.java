package org.nnspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exit codes and messages of the command line (docs/language.md section 1). */
class CommandLineTest {
    record Result(String out, String err, int code) {}

    static Result run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        return new Result(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), code);
    }

    @Test void unknownFlagIsAUsageError() {
        Result r = run("", "--frobnicate", "x.nnspec");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--frobnicate"), r.err());
        assertTrue(r.err().contains("nnspec --help"), r.err());
    }

    @Test void missingFileIsAnIoError() {
        Result r = run("", "no/such/file.nnspec");
        assertEquals(2, r.code());
        assertEquals("nnspec: cannot read 'no/such/file.nnspec': no such file\n", r.err());
    }

    @Test void directoryIsAnIoError(@TempDir Path dir) {
        Result r = run("", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("it is a directory"), r.err());
    }

    @Test void badFormatAndPrecisionAreUsageErrors() {
        assertEquals(2, run("", "--format", "xml", "-").code());
        assertEquals(2, run("", "--precision", "0", "-").code());
    }

    @Test void versionAndHelp() {
        Result v = run("", "--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("nnspec 0."), v.out());
        Result h = run("", "--help");
        assertEquals(0, h.code());
        for (String word : new String[] {"run", "check", "repl", "layers", "--format", "--precision", "--no-color", "--explain"}) {
            assertTrue(h.out().contains(word), "help mentions " + word + ":\n" + h.out());
        }
    }

    @Test void versionAndHelpTakeNothingElse() {
        Result v = run("", "--version", "extra");
        assertEquals(2, v.code());
        assertEquals("", v.out());
        assertEquals("nnspec: --version takes no other arguments, but was given 'extra'\ntry 'nnspec --help'\n", v.err());
        Result h = run("", "run", "--help", "x.nnspec");
        assertEquals(2, h.code());
        assertTrue(h.err().startsWith("nnspec: --help takes no other arguments, but was given 'x.nnspec'"), h.err());
    }

    @Test void layersListsTheCatalogAndOneEntry() {
        Result all = run("", "layers");
        assertEquals(0, all.code());
        for (String layer : new String[] {"Conv1d", "Conv2d", "ConvTranspose2d", "MaxPool2d", "AvgPool2d",
            "AdaptiveAvgPool2d", "Flatten", "Unflatten", "Linear", "ReLU", "GELU", "BatchNorm2d", "LayerNorm",
            "GroupNorm", "Embedding", "PositionalEmbedding", "RNN", "LSTM", "GRU", "MultiheadAttention",
            "TransformerEncoderLayer"}) {
            assertTrue(all.out().contains(layer + "("), layer + " in:\n" + all.out());
        }
        Result one = run("", "layers", "Conv2d");
        assertEquals(0, one.code());
        assertTrue(one.out().startsWith("Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0"), one.out());
        assertTrue(one.out().contains("⌊(H + 2p − d(k−1) − 1)/s⌋ + 1"), one.out());
        // None keeps a size only inside the tuple; a bare None is refused (golden shape_errors/tuple_arguments)
        Result adaptive = run("", "layers", "AdaptiveAvgPool2d");
        assertTrue(adaptive.out().contains("a None in the tuple keeps that input size: (7, None)"), adaptive.out());
        Result unknown = run("", "layers", "Conv4d");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown layer Conv4d"), unknown.err());
    }

    @Test void dashReadsStandardInputWithRunAndWithout() {
        assertEquals(new Result("6 * 7 = 42\n", "", 0), run("6 * 7\n", "-"));
        assertEquals(new Result("6 * 7 = 42\n", "", 0), run("6 * 7\n", "run", "-"));
    }

    @Test void checkPrintsDiagnosticsOnly() {
        Result ok = run("x = 6 * 7\nx\n", "check", "-");
        assertEquals(new Result("", "", 0), ok);
        Result bad = run("x = y\n", "check", "-");
        assertEquals(1, bad.code());
        assertEquals("", bad.out());
        assertTrue(bad.err().startsWith("error: 'y' is not defined"), bad.err());
    }

    @Test void errorsGiveExitOneAndResultsBeforeThemStillPrint() {
        Result r = run("1 + 1\nx = [1 2] @ [3 4]\n2 + 2\n", "-");
        assertEquals(1, r.code());
        assertEquals("1 + 1 = 2\n2 + 2 = 4\n", r.out());
        assertTrue(r.err().contains("-:2:5"), r.err());
    }

    @Test void severalFilesRunInTurnAndTheWorstExitCodeWins(@TempDir Path dir) throws Exception {
        Path good = Files.writeString(dir.resolve("good.nnspec"), "1 + 1\n");
        Path bad = Files.writeString(dir.resolve("bad.nnspec"), "1 +\n");
        Result r = run("", good.toString(), bad.toString());
        assertEquals(1, r.code());
        assertEquals("1 + 1 = 2\n", r.out());
        assertFalse(r.err().isEmpty());
    }

    @Test void noJavaExceptionForGarbage() {
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        Result r = run(new String(garbage, StandardCharsets.ISO_8859_1), "-");
        assertEquals(1, r.code());
        assertFalse(r.err().contains("Exception"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test void deepNestingEndsInADiagnostic() {
        String deep = "x = " + "(".repeat(20_000) + "1" + ")".repeat(20_000) + "\n";
        Result r = run(deep, "-");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("nested more than"), r.err());
    }

    @Test void longSumWorks() {
        String sum = "1" + " + 1".repeat(200_000) + "\n";
        Result r = run(sum, "-");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().endsWith(" = 200001\n"));
    }
}
