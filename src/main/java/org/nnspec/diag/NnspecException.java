package org.nnspec.diag;

/**
 * A user-facing error raised while checking or evaluating. Code that does not know where in
 * the source it is (a layer rule, a matrix routine) throws it with {@link Span#NONE}; the
 * interpreter fills in the span of the expression or statement being evaluated.
 */
public class NnspecException extends RuntimeException {
    private final Span span;
    private final String help;

    public NnspecException(String message) { this(Span.NONE, message, null); }

    public NnspecException(String message, String help) { this(Span.NONE, message, help); }

    public NnspecException(Span span, String message, String help) {
        super(message, null, false, false);
        this.span = span == null ? Span.NONE : span;
        this.help = help;
    }

    public Span span() { return span; }
    public String help() { return help; }

    /** The same error placed at {@code where} unless it already has a place. */
    public NnspecException at(Span where) {
        return span.isNone() ? new NnspecException(where, getMessage(), help) : this;
    }

    public Diagnostic toDiagnostic() { return Diagnostic.error(span, getMessage(), help); }
}
