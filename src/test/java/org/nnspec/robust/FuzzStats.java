package org.nnspec.robust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a fuzz run saw: inputs tried per kind, exit codes, distinct diagnostics, violations.
 * Written to {@code target/fuzz/report.txt} at the end of the run; every violating input is
 * saved under {@code target/fuzz/failures/} for minimising into a golden regression file.
 */
final class FuzzStats {
    static final Path DIR = Path.of("target", "fuzz");

    private static final Map<String, AtomicLong> TRIED = new TreeMap<>();
    private static final Map<Integer, AtomicLong> EXITS = new TreeMap<>();
    private static final Map<String, AtomicLong> MESSAGES = new TreeMap<>();
    private static final Map<String, AtomicLong> KINDS = new TreeMap<>();
    private static final AtomicLong VIOLATIONS = new AtomicLong();
    private static long slowest;
    private static final long START = System.nanoTime();

    private FuzzStats() {}

    static synchronized void record(String kind, CliProbe.Outcome o) {
        TRIED.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        EXITS.computeIfAbsent(o.code(), k -> new AtomicLong()).incrementAndGet();
        for (String m : o.messages()) {
            MESSAGES.computeIfAbsent(m, k -> new AtomicLong()).incrementAndGet();
            KINDS.computeIfAbsent(CliProbe.kind(m), k -> new AtomicLong()).incrementAndGet();
        }
        slowest = Math.max(slowest, o.millis());
    }

    /** Saves a violating input and says where. */
    static synchronized Path saveFailure(byte[] input, String description, String violation) {
        try {
            Path dir = DIR.resolve("failures");
            Files.createDirectories(dir);
            String name = String.format("f%03d", VIOLATIONS.incrementAndGet());
            Files.write(dir.resolve(name + ".nnspec"), input);
            Files.writeString(dir.resolve(name + ".txt"), violation + "\n" + description + "\n");
            return dir.resolve(name + ".nnspec");
        } catch (IOException e) {
            return null;
        }
    }

    static synchronized String summary() {
        long total = TRIED.values().stream().mapToLong(AtomicLong::get).sum();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("fuzz run: %d inputs in %.0f s%n", total, (System.nanoTime() - START) / 1e9));
        TRIED.forEach((k, v) -> sb.append(String.format("  %-10s %,d%n", k, v.get())));
        sb.append("exit codes:");
        EXITS.forEach((k, v) -> sb.append(String.format(" %d×%,d", k, v.get())));
        sb.append(String.format("%ndistinct diagnostics: %d (numbers normalised), %d (numbers and quoted names normalised)%n",
                MESSAGES.size(), KINDS.size()));
        sb.append(String.format("slowest input: %d ms%nviolations: %d%n", slowest, VIOLATIONS.get()));
        return sb.toString();
    }

    static synchronized void write() {
        try {
            Files.createDirectories(DIR);
            StringBuilder sb = new StringBuilder(summary()).append("\nmessages (numbers and quoted names normalised), by count:\n");
            KINDS.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get()))
                    .forEach(e -> sb.append(String.format("%,10d  %s%n", e.getValue().get(), e.getKey())));
            Files.writeString(DIR.resolve("report.txt"), sb.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("could not write the fuzz report: " + e);
        }
    }
}
