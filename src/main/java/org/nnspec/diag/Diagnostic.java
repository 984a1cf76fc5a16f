package org.nnspec.diag;

/** One message for the user: what is wrong, where, and (optionally) how to fix it. */
public record Diagnostic(Severity severity, Span span, String message, String help) {
    public static Diagnostic error(Span span, String message, String help) {
        return new Diagnostic(Severity.ERROR, span, message, help);
    }

    public static Diagnostic error(Span span, String message) {
        return new Diagnostic(Severity.ERROR, span, message, null);
    }

    public static Diagnostic warning(Span span, String message, String help) {
        return new Diagnostic(Severity.WARNING, span, message, help);
    }
}
