package org.nnspec.eval;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ways results can be written, by the name {@code --format} and {@code :format} take; each
 * makes its {@link Output}. A new format is a constant here and the Output class it makes.
 */
public enum OutputFormat {
    /** Text for people (docs/language.md section 9). */
    TEXT {
        @Override
        public Output output(PrintStream out, PrintStream err, Output.Settings settings) {
            return new TextOutput(out, err, settings);
        }
    },
    /** One JSON object per line (docs/language.md section 9). */
    JSON {
        @Override
        public Output output(PrintStream out, PrintStream err, Output.Settings settings) {
            return new JsonOutput(out, err, settings);
        }
    };

    /** An Output writing results to {@code out} and diagnostics to {@code err}. */
    public abstract Output output(PrintStream out, PrintStream err, Output.Settings settings);

    /** The name the command line and the session use: {@code text}, {@code json}. */
    public String label() { return name().toLowerCase(Locale.ROOT); }

    /** The format called {@code label}, or null when there is none. */
    public static OutputFormat named(String label) {
        for (OutputFormat f : values()) {
            if (f.label().equals(label)) return f;
        }
        return null;
    }

    /** Every format's name, as a usage message lists them: {@code text or json}. */
    public static String choices() {
        List<String> labels = labels();
        int last = labels.size() - 1;
        return last == 0 ? labels.get(0) : String.join(", ", labels.subList(0, last)) + " or " + labels.get(last);
    }

    /** Every format's name, in declaration order. */
    public static List<String> labels() {
        List<String> labels = new ArrayList<>();
        for (OutputFormat f : values()) labels.add(f.label());
        return labels;
    }
}
