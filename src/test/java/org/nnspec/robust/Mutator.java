package org.nnspec.robust;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutations of a valid program, the way people break files: a token deleted, duplicated,
 * swapped with another or replaced by a stray one (a bracket, a keyword, a huge number, LaTeX),
 * a stretch repeated many times, random bytes written over the text, the file cut short.
 * Each mutation is driven by one {@code long}, so a failing input is a base file plus a short
 * list of numbers, which jqwik can shrink.
 */
final class Mutator {
    /** Tokens close enough to the lexer's that a deletion or swap stays interesting. */
    private static final Pattern TOKEN = Pattern.compile(
            "\"(?:[^\"\\\\\\n]|\\\\.)*+\"?|[\\p{L}_][\\p{L}\\p{Nd}_]*|\\d[\\d_]*(?:\\.\\d*)?(?:[eE][+-]?\\d+)?|\\.\\d+"
            + "|\\r?\\n|[ \\t]+|#[^\\n]*|==|!=|<=|>=|//|.", Pattern.DOTALL);

    private static final String[] STRAYS = {
        "(", ")", "[", "]", "{", "}", ",", ";", "\n", "=", "==", "^", "@", ":", ".", "-", "\"", "\\", "'", "$", "€", "×", "−",
        "\u0000", "\t", "\r", "\uFEFF", "network", "block", "for", "in", "if", "else", "import", "input", "residual",
        "shortcut", "concat", "branch", "repeat", "print", "explain", "not", "and", "true", "h[t-1]", "h[t+1]", "grad(",
        "10^1000", "2^(10^9)", "1e999", "999999999999999999999999", "-0.0", "zeros(200000, 200000)", "range(10^12)",
        "\\frac{1}{2}", "$x$", "x_{t}", "T", ".T", "N", "softmax(", "dim=", "tie=", "\"causal\"", "import \"x.nnspec\"",
    };

    private Mutator() {}

    static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) out.add(m.group());
        return out;
    }

    /** Applies one mutation per seed, in order; the result is bytes (it may not be UTF-8 any more). */
    static byte[] mutate(String text, List<Long> seeds) {
        List<String> tokens = tokens(text);
        byte[] bytes = null;
        for (long seed : seeds) {
            Random r = new Random(seed);
            int kind = r.nextInt(12);
            if (kind < 8) {
                if (bytes != null) {
                    tokens = tokens(new String(bytes, StandardCharsets.UTF_8));
                    bytes = null;
                }
                tokenMutation(tokens, r, kind);
            } else {
                if (bytes == null) bytes = String.join("", tokens).getBytes(StandardCharsets.UTF_8);
                bytes = byteMutation(bytes, r, kind);
            }
        }
        return bytes != null ? bytes : String.join("", tokens).getBytes(StandardCharsets.UTF_8);
    }

    private static void tokenMutation(List<String> t, Random r, int kind) {
        if (t.isEmpty()) {
            t.add(STRAYS[r.nextInt(STRAYS.length)]);
            return;
        }
        int i = r.nextInt(t.size());
        switch (kind) {
            case 0: case 1:
                t.remove(i);
                break;
            case 2:
                t.add(i, t.get(i));
                break;
            case 3: {
                int j = r.nextBoolean() ? Math.min(t.size() - 1, i + 1 + r.nextInt(2)) : r.nextInt(t.size());
                String a = t.get(i);
                t.set(i, t.get(j));
                t.set(j, a);
                break;
            }
            case 4:
                t.add(i, STRAYS[r.nextInt(STRAYS.length)]);
                break;
            case 5:
                t.set(i, STRAYS[r.nextInt(STRAYS.length)]);
                break;
            case 6: {
                // a token from elsewhere in the same file, so names and layers get mixed up
                t.add(i, t.get(r.nextInt(t.size())));
                break;
            }
            default: {
                // repeat a short stretch many times: deep nesting, long sums, many statements
                int len = 1 + r.nextInt(3);
                int end = Math.min(t.size(), i + len);
                List<String> stretch = new ArrayList<>(t.subList(i, end));
                // (past the 256-bracket limit, but short enough to run in milliseconds: LimitsTest has the big ones)
                int times = r.nextInt(4) == 0 ? 200 + r.nextInt(2_000) : 2 + r.nextInt(50);
                List<String> copies = new ArrayList<>(stretch.size() * times);
                for (int k = 0; k < times; k++) copies.addAll(stretch);
                t.addAll(end, copies);
            }
        }
    }

    private static byte[] byteMutation(byte[] b, Random r, int kind) {
        if (b.length == 0) return new byte[] {(byte) r.nextInt(256)};
        int i = r.nextInt(b.length);
        switch (kind) {
            case 8: {
                byte[] out = b.clone();
                int n = 1 + r.nextInt(4);
                for (int k = 0; k < n; k++) out[(i + k) % out.length] = (byte) r.nextInt(256);
                return out;
            }
            case 9: {
                byte[] noise = new byte[1 + r.nextInt(8)];
                r.nextBytes(noise);
                byte[] out = new byte[b.length + noise.length];
                System.arraycopy(b, 0, out, 0, i);
                System.arraycopy(noise, 0, out, i, noise.length);
                System.arraycopy(b, i, out, i + noise.length, b.length - i);
                return out;
            }
            default:
                return Arrays.copyOf(b, i);
        }
    }
}
