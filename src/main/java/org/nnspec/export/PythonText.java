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

    /** The longest line PEP 8 allows a team to agree on. */
    static final int MAX_LINE = 99;

    /**
     * A statement as lines of at most {@link #MAX_LINE} characters where it can be: a line
     * that ends in a call too long for one line has its arguments on the next (indented four
     * more), or, when they do not fit on one either, a lone argument wrapped the same way or
     * several one to a line, as black formats a call.
     */
    static List<String> wrap(String line) {
        return wrap(line, MAX_LINE);
    }

    /** {@link #wrap(String)} with the first line at most {@code first} characters (room for what follows it). */
    static List<String> wrap(String line, int first) {
        if (line.length() <= first || !(line.endsWith(")") || line.endsWith("]"))) return List.of(line);
        int open = matchingOpen(line, line.length() - 1);
        if (open <= 0) return List.of(line);
        String indent = line.substring(0, line.length() - line.stripLeading().length());
        List<String> args = splitArguments(line.substring(open + 1, line.length() - 1));
        if (args.isEmpty()) return List.of(line);
        String inner = indent + "    ";
        List<String> out = new ArrayList<>();
        out.add(line.substring(0, open + 1));
        String oneLine = inner + String.join(", ", args);
        if (oneLine.length() <= MAX_LINE) {
            out.add(oneLine);
        } else if (args.size() == 1) {
            out.addAll(wrap(oneLine));
        } else {
            for (String a : args) {
                List<String> wrapped = new ArrayList<>(wrap(inner + a));
                wrapped.set(wrapped.size() - 1, wrapped.get(wrapped.size() - 1) + ",");
                out.addAll(wrapped);
            }
        }
        out.add(indent + line.charAt(line.length() - 1));
        return out;
    }

    /** The index of the bracket that {@code close} closes, strings skipped; -1 when there is none. */
    private static int matchingOpen(String s, int close) {
        int[] depth = depths(s);
        if (depth[close] != 1) return -1;
        for (int i = close - 1; i >= 0; i--) if (depth[i] == 0) return i;
        return -1;
    }

    /** Top-level comma-separated arguments, outside brackets and strings. */
    private static List<String> splitArguments(String s) {
        int[] depth = depths(s);
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == ',' && depth[i] == 0) {
                out.add(s.substring(start, i).strip());
                start = i + 1;
            }
        }
        if (!s.substring(start).isBlank()) out.add(s.substring(start).strip());
        return out;
    }

    /**
     * For each character of Python text, how many brackets are open around it: an opening
     * bracket counts those before it, a closing one those before it and itself; -1 inside a
     * string literal.
     */
    private static int[] depths(String s) {
        int[] depth = new int[s.length()];
        int open = 0;
        boolean inString = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                depth[i] = -1;
                if (c == '\\' && i + 1 < s.length()) depth[++i] = -1;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                depth[i] = -1;
                inString = true;
            } else if (c == '(' || c == '[') {
                depth[i] = open++;
            } else if (c == ')' || c == ']') {
                depth[i] = open--;
            } else {
                depth[i] = open;
            }
        }
        return depth;
    }

    /**
     * A docstring at {@code indent}, quotes included: on one line when it fits, else its
     * paragraphs (separated by blank lines in {@code paragraphs}) wrapped at
     * {@link #MAX_LINE}, the closing quotes on a line of their own.
     */
    static String docstring(String indent, String... paragraphs) {
        String one = indent + "\"\"\"" + paragraphs[0] + "\"\"\"";
        if (paragraphs.length == 1 && one.length() <= MAX_LINE) return one.substring(indent.length());
        List<String> lines = new ArrayList<>();
        for (String p : paragraphs) {
            if (!lines.isEmpty()) lines.add("");
            StringBuilder line = new StringBuilder();
            int room = MAX_LINE - indent.length() - (lines.isEmpty() ? 3 : 0);
            for (String word : p.split(" ")) {
                if (line.length() > 0 && line.length() + 1 + word.length() > room) {
                    lines.add(line.toString());
                    line.setLength(0);
                    room = MAX_LINE - indent.length();
                }
                if (line.length() > 0) line.append(' ');
                line.append(word);
            }
            lines.add(line.toString());
        }
        StringBuilder out = new StringBuilder("\"\"\"");
        for (int k = 0; k < lines.size(); k++) out.append(k == 0 || lines.get(k).isEmpty() ? "" : indent).append(lines.get(k)).append('\n');
        return out.append(indent).append("\"\"\"").toString();
    }

    /** Lines of a class body, indented by four spaces a level. */
    static final class Lines {
        private final List<String> lines = new ArrayList<>();
        private int level;

        void indent(int by) { level += by; }

        void add(String line) {
            String indented = "    ".repeat(level) + line;
            if (!line.endsWith(":")) {
                lines.addAll(wrap(indented));
                return;
            }
            // for …:, if …: wrapped before their colon
            List<String> wrapped = new ArrayList<>(wrap(indented.substring(0, indented.length() - 1), MAX_LINE - 1));
            wrapped.set(wrapped.size() - 1, wrapped.get(wrapped.size() - 1) + ":");
            lines.addAll(wrapped);
        }

        /** Drops {@code variable = } from line {@code index} when no later line mentions the variable. */
        void dropUnusedVariable(int index, String variable) {
            java.util.regex.Pattern word = java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(variable) + "\\b");
            for (int i = index + 1; i < lines.size(); i++) if (word.matcher(lines.get(i)).find()) return;
            String line = lines.get(index);
            int at = line.indexOf(variable + " = ");
            lines.set(index, line.substring(0, at) + line.substring(at + variable.length() + 3));
        }

        int size() { return lines.size(); }

        String text() {
            StringBuilder sb = new StringBuilder();
            for (String l : lines) sb.append(l).append('\n');
            return sb.toString();
        }
    }
}
