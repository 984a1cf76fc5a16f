package org.nnspec.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Python helpers exported modules share (prelude.py beside this class): one section per
 * helper, copied into a module that uses it.
 */
final class Prelude {
    private Prelude() {}

    private static final Map<String, String> SECTIONS = load();

    /** The helpers' names, in the order the file defines them (a helper after those it uses). */
    static final List<String> ORDER = List.copyOf(SECTIONS.keySet());

    /** Every name the helpers define or import, which a file's names must not take. */
    static final Set<String> NAMES = names();

    static String section(String name) {
        String text = SECTIONS.get(name);
        if (text == null) throw new IllegalArgumentException("no prelude section " + name);
        return text;
    }

    private static Set<String> names() {
        Set<String> names = new java.util.HashSet<>(SECTIONS.keySet());
        names.addAll(List.of("bind_sizes", "ShiftedWindowAttention", "PatchMerging")); // a section's second name; torchvision's
        return Set.copyOf(names);
    }

    private static Map<String, String> load() {
        String text;
        try (InputStream in = Prelude.class.getResourceAsStream("prelude.py")) {
            if (in == null) throw new IllegalStateException("prelude.py is missing from the jar");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> sections = new LinkedHashMap<>();
        String name = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("# == ")) {
                if (name != null) sections.put(name, body.toString().strip() + "\n");
                name = line.substring(5).strip();
                body.setLength(0);
            } else if (name != null) {
                body.append(line).append('\n');
            }
        }
        if (name != null) sections.put(name, body.toString().strip() + "\n");
        return sections;
    }
}
