package org.nnspec.diag;

import java.util.ArrayList;
import java.util.List;

/** Collects the diagnostics of one run; passed between phases instead of static flags. */
public final class Diagnostics {
    private final List<Diagnostic> all = new ArrayList<>();
    private int errors;

    public void report(Diagnostic d) {
        all.add(d);
        if (d.severity() == Severity.ERROR) errors++;
    }

    public void error(Span span, String message, String help) { report(Diagnostic.error(span, message, help)); }

    public void warning(Span span, String message, String help) { report(Diagnostic.warning(span, message, help)); }

    public boolean hasErrors() { return errors > 0; }
    public int errorCount() { return errors; }
    public List<Diagnostic> all() { return List.copyOf(all); }

    /** Diagnostics reported since {@code mark} (a previous {@link #size()}). */
    public List<Diagnostic> since(int mark) { return List.copyOf(all.subList(mark, all.size())); }
    public int size() { return all.size(); }
}
