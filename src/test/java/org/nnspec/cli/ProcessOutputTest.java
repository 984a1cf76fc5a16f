package org.nnspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Main.main as a separate process, where the JDK's own standard streams would be used: the
 * output is UTF-8 whatever the locale (under LANG=C the JDK's streams printed '?' for every
 * '·' and '×'), and buffered output still all arrives.
 */
class ProcessOutputTest {
    @Test
    void outputIsUtf8UnderTheCLocaleAndComplete() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                "org.nnspec.cli.Main", "--format", "json", "-");
        pb.environment().put("LANG", "C");
        pb.environment().put("LC_ALL", "C");
        Path errFile = java.nio.file.Files.createTempFile("nnspec-stderr", ".txt");
        pb.redirectError(errFile.toFile());
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("print \"3·3 × 2 → ᵀ\"\nfor i in range(3000) {\n  print i\n}\ny = \"·\" + 1\n"
                    .getBytes(StandardCharsets.UTF_8));
        }
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(60, TimeUnit.SECONDS);
        String err = java.nio.file.Files.readString(errFile, StandardCharsets.UTF_8);
        java.nio.file.Files.delete(errFile);
        assertEquals(1, p.exitValue(), err);
        List<String> lines = new String(out, StandardCharsets.UTF_8).lines().toList();
        assertEquals("{\"kind\":\"print\",\"text\":\"3·3 × 2 → ᵀ\"}", lines.get(0));
        assertEquals(3001, lines.size(), "every line of a buffered output arrives");
        assertEquals("{\"kind\":\"print\",\"text\":\"2999\"}", lines.get(3000));
        // the diagnostic (JSON on standard error in this mode) is whole and has no '?' either
        assertTrue(err.contains("\"file\":\"-\",\"line\":5"), err);
        assertFalse(err.contains("?"), err);
    }
}
