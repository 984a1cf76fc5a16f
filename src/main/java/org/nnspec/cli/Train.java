package org.nnspec.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The training run for bin/nnspec's class-data-sharing archive: runs a bundled program
 * ({@code training.nnspec}, a little of every feature, one deliberate error) through the
 * command line as text, with {@code --explain}, as JSON and with {@code check}, and lists
 * the layer catalog, all in one JVM and with the output discarded. The launcher records the
 * archive from this run ({@code -XX:ArchiveClassesAtExit}) instead of from whatever file a
 * user happens to run first, so the archive holds the classes of every feature. Exit code 0
 * when the program behaved as expected (exit 1 from its error), else 1.
 */
public final class Train {
    private Train() {}

    public static void main(String[] args) throws IOException {
        System.exit(run() ? 0 : 1);
    }

    /** Runs the training commands; whether each ended as expected. */
    static boolean run() throws IOException {
        byte[] program;
        try (InputStream in = Train.class.getResourceAsStream("training.nnspec")) {
            if (in == null) throw new IOException("training.nnspec is missing from the jar");
            program = in.readAllBytes();
        }
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        boolean expected = true;
        String[][] runs = {{"-"}, {"--explain", "-"}, {"--format", "json", "-"}, {"check", "-"}};
        for (String[] run : runs) {
            expected &= Main.run(run, new ByteArrayInputStream(program), sink, sink, false) == 1;
        }
        // from a file too (the classes that read files), as bin/nnspec FILE does
        java.nio.file.Path file = java.nio.file.Files.createTempFile("nnspec-training", ".nnspec");
        try {
            java.nio.file.Files.write(file, program);
            expected &= Main.run(new String[] {file.toString()}, InputStream.nullInputStream(), sink, sink, System.console() != null) == 1;
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
        expected &= Main.run(new String[] {"layers"}, InputStream.nullInputStream(), sink, sink, false) == 0;
        expected &= Main.run(new String[] {"layers", "Conv2d"}, InputStream.nullInputStream(), sink, sink, false) == 0;
        return expected;
    }
}
