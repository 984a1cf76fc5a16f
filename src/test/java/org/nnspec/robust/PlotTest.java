package org.nnspec.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plot} writes the file it is given and nothing else; a path it cannot write is a located error. */
class PlotTest {
    @TempDir Path dir;

    private CliProbe.Outcome run(String program) {
        return CliProbe.run(program.getBytes(StandardCharsets.UTF_8));
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static String quoted(Path p) {
        return "\"" + p.toString().replace("\\", "\\\\") + "\"";
    }

    @Test void writesOnlyThePathItIsGiven() throws IOException {
        Path target = dir.resolve("heat.svg");
        CliProbe.Outcome o = run("plot([1 2; 3 4], " + quoted(target) + ")\n");
        assertEquals(0, o.code(), o.err());
        assertEquals(List.of(target), files());
        assertTrue(Files.readString(target).startsWith("<svg") || Files.readString(target).startsWith("<?xml"),
                "an SVG file");
    }

    @Test void unwritablePathsAreLocatedErrors() throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        String[][] cases = {
            {quoted(dir.resolve("missing").resolve("x.svg")), "its folder does not exist"},
            {quoted(dir.resolve("sub")), "plot writes only .svg files"},
            {"\"a\u0000b.svg\"", "not a valid"},
        };
        for (String[] c : cases) {
            CliProbe.Outcome o = run("x = 1\nplot([1 2; 3 4], " + c[0] + ")\n");
            assertEquals(1, o.code(), o.err());
            assertTrue(o.err().contains(c[1]), () -> "expected '" + c[1] + "' in\n" + o.err());
            assertTrue(o.err().contains(" --> -:2:"), o.err());
            assertEquals(null, o.violation(), o.violation());
        }
        assertEquals(List.of(), files());
    }
}
