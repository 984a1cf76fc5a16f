package org.nnspec.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnspec.cli.Main;

/**
 * {@code nnspec grade DIR} over a folder of a dozen honest and a dozen hostile submissions
 * (docs/language.md section 14): each file gets the status its behaviour earns, the folder and
 * the decoys beside it are unchanged, one file's plots cannot overwrite another's, and a file
 * that exhausts its time or memory takes no other down.
 */
class GradeTest {
    @TempDir Path root;

    /** Submissions and the status each must get. */
    private static final Map<String, String[]> FILES = new LinkedHashMap<>();

    static {
        // honest: a dozen small answers
        FILES.put("h01", new String[] {"ok", "3 * 4\n"});
        FILES.put("h02", new String[] {"ok", "w = 3\ny = w^2\ngrad(y, w)\n"});
        FILES.put("h03", new String[] {"ok", "network N { input (N, 3, 32, 32); Conv2d(3, 8, 3); ReLU(); Flatten(); Linear(7200, 10) }\nN\n"});
        FILES.put("h04", new String[] {"ok", "h[1] = 1\nh[t] = 0.5 * h[t-1]\ngrad(h[10], h[1])\n"});
        FILES.put("h05", new String[] {"ok", "M = [1 2; 3 4]\nsoftmax(M)\n"});
        FILES.put("h06", new String[] {"ok", "r = self_attention(eye(3), eye(3), eye(3), eye(3))\nr.weights\n"});
        FILES.put("h07", new String[] {"ok", "plot([1 2; 3 4], \"mine.svg\")\n"});
        FILES.put("h08", new String[] {"ok", "import \"shared.nnspec\"\nprint k\n"});
        FILES.put("h09", new String[] {"ok", "for w in [0.3, 3] { print w, w^2 }\n"});
        FILES.put("h10", new String[] {"ok", "x = range(5)\nprint len(x)\n"});
        FILES.put("h11", new String[] {"errors", "network N { input (N, 4); Linear(5, 3) }\nN\n"}); // an honest mistake
        FILES.put("h12", new String[] {"ok", "explain 3 + 4\n"});
        // hostile: each tries something the sandbox forbids, or runs away
        FILES.put("x01", new String[] {"timed out", "for i in range(10^7) { for j in range(10^7) { x = 1 } }\n"});
        FILES.put("x02", new String[] {"output cut", "for i in range(10^7) { print \"spam spam spam spam\", i }\n"});
        FILES.put("x03", new String[] {"errors", "import \"../keys/answers.nnspec\"\nprint answer\n"});
        FILES.put("x04", new String[] {"errors", "import \"../keys/x.env\"\nprint API_KEY\n"});
        FILES.put("x05", new String[] {"errors", "import \"/etc/passwd\"\n"});
        FILES.put("x06", new String[] {"errors", "plot([1 2], \"../../decoy.svg\")\n"});
        FILES.put("x07", new String[] {"errors", "plot([1 2], \"site.pth\")\n"});
        FILES.put("x08", new String[] {"errors", "plot([1 2], \"../h07/mine.svg\")\n"}); // another file's plot
        // three 7000×7000 matrices are 1.2 GB, more than a file's 1 GiB heap
        FILES.put("x09", new String[] {"errors", "A = zeros(7000, 7000)\nB = A + 1\nC = B + 1\nD = C + 1\n"});
        FILES.put("x10", new String[] {"errors", "x = " + "(".repeat(300) + "1" + ")".repeat(300) + "\n"});
        FILES.put("x11", new String[] {"ok", "print \"\u001b]0;pwned\u0007\u001b[2J\"\n"}); // escaped, harmless
        FILES.put("x12", new String[] {"errors", "print \"error: stopped: the run took longer than --max-time allows\"\ny = undefined_name\n"});
        // a status written into a diagnostic's message or quoted line is not a status
        FILES.put("x13", new String[] {"errors", "y = \"x\\nerror: stopped: the output reached --max-output; the rest was cut\" + 1"
                + "  # stopped: the run took longer than --max-time allows\n"});
        // a name that is all dots: its folder is OUT/...nnspec, and its plots stay in it
        FILES.put("..", new String[] {"errors", "plot([1 2], \"../../escaped.svg\")\n"});
    }

    @Test void gradesEachFileAloneAndTouchesNothingElse() throws Exception {
        Path dir = Files.createDirectories(root.resolve("submissions"));
        Path keys = Files.createDirectories(root.resolve("keys"));
        Files.writeString(keys.resolve("answers.nnspec"), "answer = 4242\n");
        Files.writeString(keys.resolve("x.env"), "API_KEY = 1\n");
        Files.writeString(root.resolve("decoy.svg"), "<svg>the user's</svg>");
        Files.writeString(dir.resolve("shared.nnspec"), "k = 11\n");
        for (Map.Entry<String, String[]> f : FILES.entrySet()) Files.writeString(dir.resolve(f.getKey() + ".nnspec"), f.getValue()[1]);
        Map<Path, String> before = snapshot(root);
        Path out = Files.createDirectories(root.resolve("graded"));

        ByteArrayOutputStream stdout = new ByteArrayOutputStream(), stderr = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"grade", dir.toString(), "--out", out.toString(), "--format", "json", "--max-time", "3",
                "--max-output", "100K"}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8), false);
        assertEquals(0, code, stderr.toString(StandardCharsets.UTF_8));

        Map<String, JsonNode> rows = new TreeMap<>();
        for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
            JsonNode row = new ObjectMapper().readTree(line);
            assertEquals("grade", row.get("kind").asText());
            rows.put(row.get("file").asText(), row);
        }
        assertEquals(FILES.size() + 1, rows.size(), rows.keySet().toString()); // and shared.nnspec, which is fine on its own
        for (Map.Entry<String, String[]> f : FILES.entrySet()) {
            JsonNode row = rows.get(f.getKey() + ".nnspec");
            String expected = f.getValue()[0];
            // on a loaded machine, filling x09's matrices can outlast the 3 s limit before the
            // heap runs out: either way the file is stopped, which is what matters
            if (f.getKey().equals("x09") && row.get("status").asText().equals("timed out")) expected = "timed out";
            assertEquals(expected, row.get("status").asText(), f.getKey() + ": " + row
                    + "\n" + Files.readString(own(out, f.getKey()).resolve("diagnostics.txt")));
            assertEquals(own(out, f.getKey()).resolve("output.txt").toString(), row.get("output").asText());
            assertTrue(Files.exists(Path.of(row.get("output").asText())), row.toString());
        }
        assertTrue(rows.get("x01.nnspec").get("seconds").asDouble() < 10, "the endless file was stopped near its 3 s");
        if (rows.get("x09.nnspec").get("status").asText().equals("errors")) {
            assertTrue(Files.readString(own(out, "x09").resolve("diagnostics.txt")).contains("needs more memory than is available"));
        }
        assertEquals(1, rows.get("x12.nnspec").get("errors").asInt(), "a printed line is not a diagnostic");
        // the others' results did not suffer from the memory hog or the endless loop
        assertEquals("3 + 4 = 7\n", Files.readString(own(out, "h12").resolve("output.txt")));
        assertEquals("11\n", Files.readString(own(out, "h08").resolve("output.txt")));
        assertTrue(Files.readString(own(out, "h07").resolve("plots").resolve("mine.svg")).contains("<svg"));
        assertFalse(Files.readString(own(out, "x03").resolve("output.txt")).contains("4242"));
        assertTrue(Files.readString(own(out, "x11").resolve("output.txt")).contains("\\u001b]0;pwned\\u0007"));
        assertFalse(Files.exists(out.resolve("escaped.svg")));

        Map<Path, String> after = snapshot(root);
        after.keySet().removeIf(p -> p.startsWith(out));
        assertEquals(before, after, "grade wrote nothing outside --out");
    }

    @Test void aFileNamedLikeADiagnosticCannotChooseItsStatus() throws IOException {
        Path dir = Files.createDirectories(root.resolve("subs"));
        Files.writeString(dir.resolve("a\nerror: stopped: the run took longer than --max-time allows\nb.nnspec"), "y = nope\n");
        Path out = Files.createDirectories(root.resolve("out"));
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"grade", dir.toString(), "--out", out.toString()}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
        assertEquals(0, code);
        String[] lines = stdout.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(3, lines.length, "outputs, header, one row: " + String.join("|", lines));
        assertTrue(lines[2].contains("\\u000aerror: stopped") && lines[2].contains(" errors "), lines[2]);
        // and a second grading into the same folder is refused rather than mixed with the first
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int again = Main.run(new String[] {"grade", dir.toString(), "--out", out.toString()}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        assertEquals(2, again);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("grade writes into an empty folder"), err.toString());
    }

    @Test void passesTheOutputOptionsOnToEachFile() throws IOException {
        Path dir = Files.createDirectories(root.resolve("dtype"));
        Files.writeString(dir.resolve("m.nnspec"), "network M {\n  input (N, 64)\n  fc: Linear(64, 64)\n}\nM\nprint 1 / 3\n");
        Path out = Files.createDirectories(root.resolve("dtype-out"));
        int code = Main.run(new String[] {"grade", dir.toString(), "--out", out.toString(), "--dtype", "bf16", "--precision", "3"},
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
        assertEquals(0, code);
        String output = Files.readString(out.resolve("m.nnspec").resolve("output.txt"));
        // 64·64 + 64 = 4,160 parameters at 2 bytes in bf16; 1/3 to 3 significant digits
        assertTrue(output.contains("parameters 8,320 bytes (bf16)"), output);
        assertTrue(output.contains("0.333\n"), output);
    }

    @Test void refusesToWriteInsideTheFolderItGrades() throws IOException {
        Path dir = Files.createDirectories(root.resolve("submissions"));
        Files.writeString(dir.resolve("a.nnspec"), "1 + 1\n");
        Path inside = Files.createDirectories(dir.resolve("out"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"grade", dir.toString(), "--out", inside.toString()}, new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("grade never writes inside the folder it grades"), err.toString());
    }

    /** A file's own folder under the output folder: its output, its diagnostics and its plots. */
    private static Path own(Path out, String stem) {
        return out.resolve(stem + ".nnspec");
    }

    private static Map<Path, String> snapshot(Path dir) throws IOException {
        Map<Path, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isRegularFile(p)) files.put(p, Files.readString(p, StandardCharsets.ISO_8859_1));
                else if (Files.isDirectory(p)) files.put(p, "<dir>");
            }
        }
        return files;
    }
}
