package org.nnspec.export;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.nnspec.eval.ExportSource;

/** Python source text: literals, the values of a file's names, and indented lines. */
final class PythonText {
    private PythonText() {}

    static final java.util.Set<String> KEYWORDS = java.util.Set.of(
            "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
            "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
            "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield");

    /** Whether {@code s} can be written as a Python attribute or variable name (ASCII here). */
    static boolean identifier(String s) {
        return s.matches("[A-Za-z_][A-Za-z0-9_]*") && !KEYWORDS.contains(s);
    }

    /** A Python string literal in double quotes. */
    static String string(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) sb.append(String.format("\\x%02x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }

    /** A float as Python writes it: 0.5, 1e-06, float("inf"). */
    static String real(double v) {
        if (Double.isNaN(v)) return "float(\"nan\")";
        if (Double.isInfinite(v)) return v > 0 ? "float(\"inf\")" : "-float(\"inf\")";
        String s = Double.toString(v); // the shortest text that reads back as v, as Python's repr
        return s.replace("E", "e");
    }

    /** A file-level value ({@link ExportSource#constant}) as a Python literal. */
    static String constant(Object v) {
        if (v instanceof BigInteger i) return i.toString();
        if (v instanceof Double d) return real(d);
        if (v instanceof Boolean b) return b ? "True" : "False";
        if (v instanceof String s) return string(s);
        if (v instanceof ExportSource.Tuple t) {
            List<String> items = new ArrayList<>();
            for (Object item : t.items()) items.add(item instanceof String name ? string(name) : constant(item));
            return "(" + String.join(", ", items) + (items.size() == 1 ? ",)" : ")");
        }
        if (v instanceof List<?> list) {
            List<String> items = new ArrayList<>();
            for (Object item : list) items.add(constant(item));
            String oneLine = "[" + String.join(", ", items) + "]";
            if (oneLine.length() <= 88 || list.isEmpty() || !(list.get(0) instanceof List<?>)) return oneLine;
            // a table (a list of rows) reads as one row per line
            return "[\n    " + String.join(",\n    ", items) + ",\n]";
        }
        throw new IllegalArgumentException("not a constant: " + v);
    }

    /** A layer by its dotted name from the network: self.fc, or self.get_submodule("h.0.attn"). */
    static String submodule(String dotted) {
        return identifier(dotted) ? "self." + dotted : "self.get_submodule(" + string(dotted) + ")";
    }

    /** Lines of a class body, indented by four spaces a level. */
    static final class Lines {
        private final List<String> lines = new ArrayList<>();
        private int level;

        void indent(int by) { level += by; }

        void add(String line) { lines.add("    ".repeat(level) + line); }

        int size() { return lines.size(); }

        String text() {
            StringBuilder sb = new StringBuilder();
            for (String l : lines) sb.append(l).append('\n');
            return sb.toString();
        }
    }
}
