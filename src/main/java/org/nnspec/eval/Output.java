package org.nnspec.eval;

import java.util.List;
import org.nnspec.diag.Diagnostic;

/** Where results and diagnostics go: text for people, or JSON lines (LANGUAGE.md section 9). */
public interface Output {
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
