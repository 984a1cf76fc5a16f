package org.nnspec.eval;

import java.util.List;
import org.nnspec.diag.Diagnostic;

/** Where results and diagnostics go, in one of the {@link OutputFormat}s. */
public interface Output {
    /**
     * What every format is made with: significant digits for reals, colour in diagnostics, and
     * the depth below which a network summary folds its scopes (0 shows every layer), and the
     * format of a summary's bytes ({@code --dtype}, docs/language.md section 13).
     */
    record Settings(int precision, boolean color, int depth, org.nnspec.nn.Cost.DType dtype) {
        public Settings(int precision, boolean color, int depth) { this(precision, color, depth, org.nnspec.nn.Cost.DType.FP32); }
    }

    /** An expression statement's result, labelled with its source text. */
    void value(String label, Value v);

    /** {@code print a, b}: the values separated by spaces. */
    void print(List<Value> values);

    /** {@code explain expr}: the value and the work that produced it. */
    void explain(String label, Value v, String work);

    /** A line of information, such as the path a plot was written to. */
    void note(String text);

    void diagnostic(Diagnostic d);

    void flush();
}
