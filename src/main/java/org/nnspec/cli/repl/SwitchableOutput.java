package org.nnspec.cli.repl;

import java.util.List;
import org.nnspec.diag.Diagnostic;
import org.nnspec.eval.Output;
import org.nnspec.eval.Value;

/**
 * The session's output: forwards to the current text or JSON output, so {@code :format}
 * can switch formats without a new interpreter (which would lose the session's names).
 * Every call flushes, so a result appears as soon as its statement has run.
 */
final class SwitchableOutput implements Output {
    private Output target;

    SwitchableOutput(Output target) { this.target = target; }

    void switchTo(Output next) {
        target.flush();
        target = next;
    }

    @Override public void value(String label, Value v) { target.value(label, v); target.flush(); }
    @Override public void print(List<Value> values) { target.print(values); target.flush(); }
    @Override public void explain(String label, Value v, String work) { target.explain(label, v, work); target.flush(); }
    @Override public void note(String text) { target.note(text); target.flush(); }
    @Override public void diagnostic(Diagnostic d) { target.diagnostic(d); target.flush(); }
    @Override public void flush() { target.flush(); }
}
